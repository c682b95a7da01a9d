package io.antidote.manifest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.antidote.config.InvalidConfigException;
import io.antidote.corpus.InputException;
import io.antidote.udfs.ContentHash;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.interfaces.EdECPrivateKey;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DSSE encoding, Ed25519 keys and the in-toto statement, without Spark. */
class DsseTest {
  @TempDir Path tmp;

  private static final ShardManifest MANIFEST =
      new ShardManifest(
          "corpus",
          ShardManifest.KIND_CORPUS,
          List.of(
              new ShardEntry("b/part-1.parquet", 20, "bb".repeat(32), 7L, 2),
              new ShardEntry("a/part-0.parquet", 10, "aa".repeat(32), 3L, 1)));

  @Test
  void paeIsTheSpecsEncoding() {
    // The example of the DSSE protocol document.
    assertEquals(
        "DSSEv1 29 http://example.com/HelloWorld 11 hello world",
        new String(
            Dsse.pae(
                "http://example.com/HelloWorld", "hello world".getBytes(StandardCharsets.UTF_8)),
            StandardCharsets.UTF_8));
  }

  @Test
  void rootDigestIsSha256OverSortedLines() throws Exception {
    String lines =
        "aa".repeat(32)
            + " 10 3 1 a/part-0.parquet\n"
            + "bb".repeat(32)
            + " 20 7 2 b/part-1.parquet\n";
    assertEquals(
        ContentHash.sha256Hex(lines.getBytes(StandardCharsets.UTF_8)), MANIFEST.rootDigest());
    JsonNode s = new ObjectMapper().readTree(MANIFEST.statement());
    assertEquals("https://in-toto.io/Statement/v1", s.get("_type").asText());
    assertEquals(
        MANIFEST.rootDigest(), s.get("subject").get(0).get("digest").get("sha256").asText());
    assertEquals(ShardManifest.PREDICATE_TYPE, s.get("predicateType").asText());
    assertEquals(
        "a/part-0.parquet", s.get("predicate").get("resources").get(0).get("name").asText());
  }

  @Test
  void signedEnvelopeVerifiesAndRefusesTampering() throws Exception {
    KeyPair pair = Ed25519Keys.generate();
    String envelope = ShardManifests.sign(MANIFEST, pair.getPrivate());
    ObjectMapper json = new ObjectMapper();
    JsonNode e = json.readTree(envelope);
    assertEquals(Dsse.IN_TOTO_PAYLOAD_TYPE, e.get("payloadType").asText());
    assertEquals(
        Ed25519Keys.keyId(pair.getPublic()), e.get("signatures").get(0).get("keyid").asText());
    assertEquals(
        MANIFEST,
        ShardManifest.fromStatement(Dsse.verify(envelope, pair.getPublic(), "m.json"), "m.json"));

    // A resource changed inside the payload: the signature no longer covers it.
    ObjectNode statement = (ObjectNode) json.readTree(MANIFEST.statement());
    ((ObjectNode) statement.get("predicate").get("resources").get(0)).put("size", 11);
    ObjectNode forged = (ObjectNode) e.deepCopy();
    forged.put("payload", Base64.getEncoder().encodeToString(json.writeValueAsBytes(statement)));
    InputException payload =
        assertThrows(
            InputException.class,
            () -> Dsse.verify(json.writeValueAsString(forged), pair.getPublic(), "m.json"));
    assertTrue(payload.getMessage().contains("no signature verifies"), payload.getMessage());

    // One bit of the signature flipped.
    byte[] sig = Base64.getDecoder().decode(e.get("signatures").get(0).get("sig").asText());
    sig[5] ^= 1;
    ObjectNode badSig = (ObjectNode) e.deepCopy();
    ((ObjectNode) badSig.get("signatures").get(0))
        .put("sig", Base64.getEncoder().encodeToString(sig));
    assertThrows(
        InputException.class,
        () -> Dsse.verify(json.writeValueAsString(badSig), pair.getPublic(), "m.json"));

    // Another key.
    InputException other =
        assertThrows(
            InputException.class,
            () -> Dsse.verify(envelope, Ed25519Keys.generate().getPublic(), "m.json"));
    assertTrue(other.getMessage().contains("m.json"), other.getMessage());
  }

  @Test
  void keysRoundTripThroughPemAndRawSeed() throws Exception {
    KeyPair pair = Ed25519Keys.generate();
    Path pem = tmp.resolve("key.pem");
    Files.writeString(pem, Ed25519Keys.privatePem(pair.getPrivate()));
    Path pub = tmp.resolve("key.pub.pem");
    Files.writeString(pub, Ed25519Keys.publicPem(pair.getPublic()));
    Path raw = tmp.resolve("key.raw");
    byte[] seed = ((EdECPrivateKey) pair.getPrivate()).getBytes().orElseThrow();
    Files.write(raw, seed);

    PrivateKey fromPem = Ed25519Keys.privateKeyFromFile(pem, "k");
    PrivateKey fromRaw = Ed25519Keys.privateKeyFromFile(raw, "k");
    assertArrayEquals(pair.getPrivate().getEncoded(), fromPem.getEncoded());
    assertArrayEquals(pair.getPrivate().getEncoded(), fromRaw.getEncoded());
    assertArrayEquals(
        pair.getPublic().getEncoded(), Ed25519Keys.publicKeyFromFile(pub, "k").getEncoded());
    assertArrayEquals(pair.getPublic().getEncoded(), Ed25519Keys.publicKeyOf(fromRaw).getEncoded());

    Path junk = tmp.resolve("junk.pem");
    Files.writeString(junk, "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
    InvalidConfigException bad =
        assertThrows(
            InvalidConfigException.class,
            () -> Ed25519Keys.privateKeyFromFile(junk, "antidote.manifest.private-key-file"));
    assertTrue(bad.getMessage().contains("antidote.manifest.private-key-file"));
    assertTrue(bad.getMessage().contains(junk.toString()));
  }
}
