package io.antidote.udfs;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 of a row's content, as lower-case hex: the image bytes when the row has an image, else
 * the UTF-8 bytes of its text. This is the rule corpora such as LAION use for their recorded {@code
 * sha256}.
 */
public final class ContentHash {
  private ContentHash() {}

  public static String sha256Hex(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }

  /** The content hash of a row, or null when the row has neither image nor text. */
  public static String ofContent(byte[] image, String text) {
    if (image != null) {
      return sha256Hex(image);
    }
    if (text != null) {
      return sha256Hex(text.getBytes(StandardCharsets.UTF_8));
    }
    return null;
  }

  /** Whether {@code hex} looks like a SHA-256 digest (64 hex digits, either case). */
  public static boolean isSha256Hex(String hex) {
    return hex != null
        && hex.length() == 64
        && hex.chars().allMatch(c -> Character.digit(c, 16) >= 0);
  }
}
