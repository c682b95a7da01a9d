package io.antidote.bench.demo;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The corpus's recorded hash: SHA-256 of the image bytes, or of the caption's UTF-8 bytes. */
final class ContentHash {
  private ContentHash() {}

  static String sha256Hex(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 missing from this JVM", e);
    }
  }

  static String of(String caption, byte[] jpg) {
    return sha256Hex(jpg != null ? jpg : caption.getBytes(StandardCharsets.UTF_8));
  }
}
