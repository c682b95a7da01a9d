package io.antidote.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.antidote.corpus.InputException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A DSSE envelope (github.com/secure-systems-lab/dsse, protocol v1) signed with Ed25519 by the JDK:
 * the signature covers the pre-authentication encoding {@code "DSSEv1" SP LEN(type) SP type SP
 * LEN(body) SP body} (lengths in ASCII decimal), so the payload type cannot be swapped. One
 * signature per envelope; the key id is {@link Ed25519Keys#keyId the SHA-256 of the public key}.
 */
public final class Dsse {
  public static final String IN_TOTO_PAYLOAD_TYPE = "application/vnd.in-toto+json";
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private Dsse() {}

  /** DSSE's pre-authentication encoding of {@code payload} under {@code payloadType}. */
  public static byte[] pae(String payloadType, byte[] payload) {
    byte[] type = payloadType.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(
        ("DSSEv1 " + type.length + " " + payloadType + " " + payload.length + " ")
            .getBytes(StandardCharsets.UTF_8));
    out.writeBytes(payload);
    return out.toByteArray();
  }

  /** The envelope (JSON) holding {@code payload}, signed with {@code key}. */
  public static String sign(byte[] payload, PrivateKey key, String keyId) {
    byte[] sig;
    try {
      Signature s = Signature.getInstance("Ed25519");
      s.initSign(key);
      s.update(pae(IN_TOTO_PAYLOAD_TYPE, payload));
      sig = s.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot sign with Ed25519: " + e.getMessage(), e);
    }
    Map<String, Object> signature = new LinkedHashMap<>();
    signature.put("keyid", keyId);
    signature.put("sig", Base64.getEncoder().encodeToString(sig));
    Map<String, Object> envelope = new LinkedHashMap<>();
    envelope.put("payloadType", IN_TOTO_PAYLOAD_TYPE);
    envelope.put("payload", Base64.getEncoder().encodeToString(payload));
    envelope.put("signatures", List.of(signature));
    try {
      return JSON.writeValueAsString(envelope) + "\n";
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The payload of {@code envelope} once a signature verifies under {@code key}; throws naming
   * {@code source} when none does (the payload is then not to be trusted, nor read).
   */
  public static byte[] verify(String envelope, PublicKey key, String source) {
    JsonNode e;
    byte[] payload;
    try {
      e = JSON.readTree(envelope);
      payload = Base64.getDecoder().decode(e.path("payload").asText());
    } catch (IOException | IllegalArgumentException x) {
      throw new InputException(
          "manifest "
              + source
              + " is not a DSSE envelope (JSON with a base64 payload): "
              + x.getMessage(),
          x);
    }
    String type = e.path("payloadType").asText();
    if (!IN_TOTO_PAYLOAD_TYPE.equals(type)) {
      throw new InputException(
          "manifest "
              + source
              + " has payloadType '"
              + type
              + "', expected "
              + IN_TOTO_PAYLOAD_TYPE);
    }
    if (!e.path("signatures").isArray() || e.path("signatures").isEmpty()) {
      throw new InputException("manifest " + source + " carries no signature");
    }
    for (JsonNode sig : e.path("signatures")) {
      try {
        Signature s = Signature.getInstance("Ed25519");
        s.initVerify(key);
        s.update(pae(type, payload));
        if (s.verify(Base64.getDecoder().decode(sig.path("sig").asText()))) {
          return payload;
        }
      } catch (GeneralSecurityException | IllegalArgumentException x) {
        // A malformed signature is one that does not verify; the next may.
      }
    }
    throw new InputException(
        "manifest "
            + source
            + ": no signature verifies with the public key "
            + Ed25519Keys.keyId(key)
            + " (the manifest was changed after signing, or signed with another key)");
  }
}
