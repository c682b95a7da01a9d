package io.antidote.demo;

import java.util.HashSet;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * Recall and precision of a detector's flags against planted ground truth. Precision is undefined
 * when nothing is flagged and recall when nothing is planted: both are then empty and print as
 * {@code n/a}, never as a perfect score.
 */
public record DetectionScore(String detector, int planted, int flagged, int truePositives) {

  public static DetectionScore of(String detector, Set<String> planted, Set<String> flagged) {
    Set<String> hit = new HashSet<>(flagged);
    hit.retainAll(planted);
    return new DetectionScore(detector, planted.size(), flagged.size(), hit.size());
  }

  /** Planted rows flagged over planted rows; empty when nothing is planted. */
  public OptionalDouble recall() {
    return planted == 0
        ? OptionalDouble.empty()
        : OptionalDouble.of((double) truePositives / planted);
  }

  /** Flagged rows that were planted over flagged rows; empty when nothing is flagged. */
  public OptionalDouble precision() {
    return flagged == 0
        ? OptionalDouble.empty()
        : OptionalDouble.of((double) truePositives / flagged);
  }

  /** A ratio with three decimals, or {@code n/a} when it is undefined. */
  public static String format(OptionalDouble ratio) {
    return ratio.isPresent() ? String.format("%.3f", ratio.getAsDouble()) : "n/a";
  }

  @Override
  public String toString() {
    return String.format(
        "%-22s planted %4d  flagged %4d  recall %s  precision %s",
        detector, planted, flagged, format(recall()), format(precision()));
  }
}
