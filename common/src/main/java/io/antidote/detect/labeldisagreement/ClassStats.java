package io.antidote.detect.labeldisagreement;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One class's figures from the neighbour vote: its size, its separability (clean kNN accuracy: the
 * share of its rows whose neighbours' majority is their own label), the mean and the calibration
 * quantile of its rows' own-label share, and whether it is calibrated (large and separable enough
 * for its flags to mean something).
 */
public record ClassStats(
    String label,
    long rows,
    double separability,
    double selfConfidence,
    double selfConfidenceQuantile,
    boolean calibrated)
    implements Serializable {

  /** A class's figures, calibrated when it has the rows and the separability the settings ask. */
  public static ClassStats of(
      String label,
      long rows,
      double separability,
      double selfConfidence,
      double selfConfidenceQuantile,
      LabelDisagreementSettings s) {
    return new ClassStats(
        label,
        rows,
        separability,
        selfConfidence,
        selfConfidenceQuantile,
        rows >= s.minClassRows() && separability >= s.minSeparability());
  }

  /**
   * The share of a row's neighbours that must carry this label for the row to be voted into it:
   * what this class's own rows typically get (its calibration quantile), at least {@code minShare}.
   */
  public double threshold(double minShare) {
    return Math.max(minShare, selfConfidenceQuantile);
  }

  /** One entry of the report's class table. */
  Map<String, Object> report(double minShare, long flagged) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("label", label);
    m.put("rows", rows);
    m.put("separability", separability);
    m.put("self_confidence", selfConfidence);
    m.put("self_confidence_quantile", selfConfidenceQuantile);
    m.put("threshold", threshold(minShare));
    m.put("calibrated", calibrated);
    m.put("flagged", flagged);
    return m;
  }
}
