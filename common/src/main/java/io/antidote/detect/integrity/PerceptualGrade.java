package io.antidote.detect.integrity;

import io.antidote.detect.imagehash.PerceptualHash;
import java.io.IOException;
import java.io.Serializable;

/**
 * How far a row's image is from its reference perceptual hash: the grade of a SHA-256 mismatch
 * (pure logic; the Spark glue is {@link IntegrityDetector}). Within the cut the picture is still
 * the one recorded, its bytes changed by re-encoding or resizing (benign drift); beyond it the
 * content is different (tampering).
 *
 * @param contentPhash the image's pHash as 16 hex digits, null when it could not be computed
 * @param distance Hamming distance to the reference, null when there is none to compare
 * @param problem why the row could not be graded (a bad reference value, an undecodable image)
 */
public record PerceptualGrade(String contentPhash, Integer distance, String problem)
    implements Serializable {

  /**
   * Grades {@code image} against {@code reference} (16 hex digits; the glue renders a long column
   * as such), read from {@code column}, which errors name.
   */
  public static PerceptualGrade of(byte[] image, String reference, String column) {
    long ref;
    try {
      ref = PerceptualHash.parse(reference);
    } catch (IllegalArgumentException e) {
      return new PerceptualGrade(
          null, null, "reference column '" + column + "' holds " + e.getMessage());
    }
    long own;
    try {
      own = PerceptualHash.of(image);
    } catch (IOException | RuntimeException e) {
      return new PerceptualGrade(
          null,
          null,
          "the image cannot be decoded ("
              + e.getMessage()
              + "), so it cannot be compared with its reference in column '"
              + column
              + "'");
    }
    return new PerceptualGrade(PerceptualHash.hex(own), PerceptualHash.distance(own, ref), null);
  }
}
