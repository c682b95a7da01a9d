package io.antidote.demo;

import java.util.HashSet;
import java.util.Set;

/** Recall and precision of a detector's flags against planted ground truth. */
public record DetectionScore(String detector, int planted, int flagged, int truePositives) {

  public static DetectionScore of(String detector, Set<String> planted, Set<String> flagged) {
    Set<String> hit = new HashSet<>(flagged);
    hit.retainAll(planted);
    return new DetectionScore(detector, planted.size(), flagged.size(), hit.size());
  }

  public double recall() {
    return planted == 0 ? 1.0 : (double) truePositives / planted;
  }

  public double precision() {
    return flagged == 0 ? 1.0 : (double) truePositives / flagged;
  }

  @Override
  public String toString() {
    return String.format(
        "%-22s planted %4d  flagged %4d  recall %.3f  precision %.3f",
        detector, planted, flagged, recall(), precision());
  }
}
