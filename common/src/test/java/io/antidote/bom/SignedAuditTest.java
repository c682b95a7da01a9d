package io.antidote.bom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.antidote.audit.AuditResult;
import io.antidote.corpus.InputException;
import io.antidote.manifest.Ed25519Keys;
import io.antidote.manifest.ShardEntry;
import io.antidote.manifest.ShardManifest;
import io.antidote.manifest.ShardManifests;
import io.antidote.testing.AuditFixture;
import io.antidote.testing.LaionRows;
import io.antidote.testing.SparkTestBase;
import io.antidote.udfs.ContentHash;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.cyclonedx.Version;
import org.cyclonedx.parsers.JsonParser;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An audit with a signed input manifest and a signing key: the input is verified before it is read
 * (a changed shard stops the run with nothing written), the committed run carries a CycloneDX 1.6
 * BOM that the schema accepts and a signed manifest of its outputs that {@code verifyRun} checks.
 */
class SignedAuditTest extends SparkTestBase {
  @TempDir Path tmp;

  private final ObjectMapper json = new ObjectMapper();

  @Test
  void verifiedAuditWritesSchemaValidBomAndSignedOutputs() throws Exception {
    Path corpus = tmp.resolve("corpus");
    new LaionRows().clean(40).write(spark(), corpus, 2);
    Map<String, String> keys = keys();
    ShardManifest signed = ShardManifests.ofCorpus(spark(), List.of(corpus.toUri().toString()));
    String manifest = tmp.resolve("corpus.dsse.json").toString();
    ShardManifests.write(
        signed,
        Ed25519Keys.privateKeyFromFile(Path.of(keys.get("manifest.private-key-file")), "k"),
        manifest,
        spark().sparkContext().hadoopConfiguration());
    Map<String, String> conf = new HashMap<>(keys);
    conf.put("input.manifest", manifest);
    Path out = tmp.resolve("out");
    AuditResult r = AuditFixture.audit(spark(), corpus.toUri().toString(), out, "signed-1", conf);

    Path runDir = out.resolve("runs").resolve("run_id=signed-1");
    byte[] bom = Files.readAllBytes(runDir.resolve(DataBom.FILE));
    assertEquals(List.of(), new JsonParser().validate(bom, Version.VERSION_16));
    // The validator reads the schemas in cyclonedx-core-java's jar and does reject: a component
    // type 1.6 does not know fails.
    com.fasterxml.jackson.databind.node.ObjectNode unknownType =
        (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(bom);
    ((com.fasterxml.jackson.databind.node.ObjectNode) unknownType.get("components").get(0))
        .put("type", "dataset");
    Assertions.assertFalse(
        new JsonParser().validate(unknownType, Version.VERSION_16).isEmpty(),
        unknownType.toString());
    JsonNode b = json.readTree(bom);
    assertEquals("1.6", b.get("specVersion").asText());
    assertEquals(
        "antidote", b.get("metadata").get("tools").get("components").get(0).get("name").asText());
    Map<String, String> props = properties(b.get("metadata"));
    assertEquals("40", props.get("antidote:count:input_rows"));
    assertEquals(Long.toString(r.counts().curatedRows()), props.get("antidote:count:curated_rows"));
    JsonNode components = b.get("components");
    assertEquals(2, components.size());
    for (int i = 0; i < 2; i++) {
      JsonNode c = components.get(i);
      ShardEntry e = signed.entries().get(i);
      assertEquals("data", c.get("type").asText());
      assertEquals(e.path(), c.get("name").asText());
      assertEquals(e.sha256(), c.get("hashes").get(0).get("content").asText());
      assertEquals(e.rows().toString(), properties(c).get("antidote:rows"));
    }
    // run.json's checksums are the digests the manifest verified, not a second read.
    JsonNode runJson = json.readTree(runDir.resolve("run.json").toFile());
    assertEquals(
        signed.entries().get(0).sha256(),
        runJson.get("inputs").get(0).get("checksum").get("value").asText());

    // The committed outputs verify, and a changed or added file is named.
    ShardManifest outputs =
        ShardManifests.verifyRun(
            spark(),
            out.toUri().toString(),
            "signed-1",
            Ed25519Keys.publicKeyFromFile(Path.of(keys.get("manifest.public-key-file")), "k"));
    List<String> names = outputs.entries().stream().map(ShardEntry::path).toList();
    Assertions.assertTrue(names.contains("runs/run_id=signed-1/run.json"), names.toString());
    Assertions.assertTrue(names.contains("runs/run_id=signed-1/" + DataBom.FILE), names.toString());
    Assertions.assertTrue(
        names.stream().anyMatch(n -> n.startsWith("curated/run_id=signed-1/part-")),
        names.toString());
    Path curatedFile =
        out.resolve(names.stream().filter(n -> n.startsWith("curated/")).findFirst().orElseThrow());
    byte[] original = Files.readAllBytes(curatedFile);
    byte[] flipped = original.clone();
    flipped[original.length / 2] ^= 0x10;
    Files.write(curatedFile, flipped);
    InputException changed =
        assertThrows(
            InputException.class,
            () ->
                ShardManifests.verifyRun(
                    spark(),
                    out.toUri().toString(),
                    "signed-1",
                    Ed25519Keys.publicKeyFromFile(
                        Path.of(keys.get("manifest.public-key-file")), "k")));
    Assertions.assertTrue(
        changed.getMessage().contains("shard " + out.relativize(curatedFile) + " changed"),
        changed.getMessage());
    Files.write(curatedFile, original);
    Files.writeString(curatedFile.resolveSibling("part-extra.parquet"), "not ours");
    InputException extra =
        assertThrows(
            InputException.class,
            () ->
                ShardManifests.verifyRun(
                    spark(),
                    out.toUri().toString(),
                    "signed-1",
                    Ed25519Keys.publicKeyFromFile(
                        Path.of(keys.get("manifest.public-key-file")), "k")));
    Assertions.assertTrue(
        extra.getMessage().contains("curated/run_id=signed-1/part-extra.parquet is not in"),
        extra.getMessage());
  }

  @Test
  void changedShardStopsTheAuditBeforeReadingWithNothingWritten() throws Exception {
    Path corpus = tmp.resolve("corpus");
    new LaionRows().clean(30).write(spark(), corpus, 2);
    Map<String, String> keys = keys();
    String manifest = tmp.resolve("corpus.dsse.json").toString();
    ShardManifests.write(
        ShardManifests.ofCorpus(spark(), List.of(corpus.toUri().toString())),
        Ed25519Keys.privateKeyFromFile(Path.of(keys.get("manifest.private-key-file")), "k"),
        manifest,
        spark().sparkContext().hadoopConfiguration());
    Path victim;
    try (Stream<Path> s = Files.list(corpus)) {
      victim =
          s.filter(p -> p.getFileName().toString().endsWith(".parquet")).sorted().toList().get(0);
    }
    byte[] bytes = Files.readAllBytes(victim);
    bytes[bytes.length / 3] ^= 0x01;
    Files.write(victim, bytes);
    Map<String, String> conf = new HashMap<>(keys);
    conf.put("input.manifest", manifest);
    Path out = tmp.resolve("out");
    InputException e =
        assertThrows(
            InputException.class,
            () -> AuditFixture.audit(spark(), corpus.toUri().toString(), out, "tampered", conf));
    Assertions.assertTrue(
        e.getMessage().contains("shard " + victim.getFileName() + " changed: sha256"),
        e.getMessage());
    assertFalse(
        Files.exists(out.resolve("runs").resolve("run_id=tampered")),
        "no run.json for a refused input");
    assertEquals(List.of(), AuditFixture.tree(out));
  }

  @Test
  void bomNamesTheModelWithItsWeightsHash() throws Exception {
    Path corpus = tmp.resolve("corpus");
    new LaionRows().clean(24).write(spark(), corpus, 1);
    Path out = tmp.resolve("out");
    Map<String, String> conf = new HashMap<>();
    conf.put("embed.enabled", "true");
    // One embedding reader is enough to load the model; the others would only add minutes.
    for (String d :
        List.of("activation-clustering", "knn-outliers", "label-disagreement", "trigger-tokens")) {
      conf.put("detectors." + d + ".enabled", "false");
    }
    AuditFixture.audit(spark(), corpus.toUri().toString(), out, "models-1", conf);
    byte[] bom =
        Files.readAllBytes(out.resolve("runs").resolve("run_id=models-1").resolve(DataBom.FILE));
    assertEquals(List.of(), new JsonParser().validate(bom, Version.VERSION_16));
    JsonNode model = null;
    for (JsonNode c : json.readTree(bom).get("components")) {
      if (c.get("type").asText().equals("machine-learning-model")) {
        assertEquals(null, model, "one model: the default text model");
        model = c;
      }
    }
    Assertions.assertNotNull(model);
    assertEquals("all-minilm-l6-v2", model.get("name").asText());
    Assertions.assertTrue(model.get("version").asText().startsWith("1.20.0-beta30;prep="));
    MessageDigest md = MessageDigest.getInstance("SHA-256");
    try (InputStream in =
        getClass().getClassLoader().getResourceAsStream("all-minilm-l6-v2.onnx")) {
      md.update(in.readAllBytes());
    }
    assertEquals(
        HexFormat.of().formatHex(md.digest()), model.get("hashes").get(0).get("content").asText());
  }

  /** A fresh key pair in PEM files, as manifest.* settings. */
  private Map<String, String> keys() throws Exception {
    KeyPair pair = Ed25519Keys.generate();
    Path priv = tmp.resolve("signing.pem");
    Path pub = tmp.resolve("signing.pub.pem");
    Files.writeString(priv, Ed25519Keys.privatePem(pair.getPrivate()));
    Files.writeString(pub, Ed25519Keys.publicPem(pair.getPublic()));
    return Map.of(
        "manifest.private-key-file", priv.toString(), "manifest.public-key-file", pub.toString());
  }

  private static Map<String, String> properties(JsonNode node) {
    Map<String, String> m = new HashMap<>();
    for (JsonNode p : node.get("properties")) {
      m.put(p.get("name").asText(), p.get("value").asText());
    }
    return m;
  }

  static String sha(byte[] b) {
    return ContentHash.sha256Hex(b);
  }
}
