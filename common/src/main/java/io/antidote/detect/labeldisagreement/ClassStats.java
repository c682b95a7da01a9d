package io.antidote.detect.labeldisagreement;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One class's figures: its size and prior share; its separability (clean kNN accuracy: the share of
 * its rows whose neighbours' majority is their own label); confident learning's threshold (the mean
 * out-of-sample probability of the class over rows labelled with it); the noise model of its
 * own-label vote counts ({@link FlipMixture}); and whether it is judged (enough rows, separable
 * enough for a flag to mean something).
 */
public record ClassStats(
    String label,
    long rows,
    double prior,
    double separability,
    double threshold,
    FlipMixture noise,
    boolean judged)
    implements Serializable {

  /** A class's figures, judged when it has the rows and the separability the settings ask. */
  public static ClassStats of(
      String label,
      long rows,
      double prior,
      double separability,
      double threshold,
      FlipMixture noise,
      LabelDisagreementSettings s) {
    return new ClassStats(
        label,
        rows,
        prior,
        separability,
        threshold,
        noise,
        rows >= s.minClassRows() && separability >= s.minSeparability());
  }

  /** One entry of the report's class table. */
  Map<String, Object> report(double noiseRate, long flagged) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("label", label);
    m.put("rows", rows);
    m.put("separability", separability);
    m.put("threshold", threshold);
    // Confident learning's estimate: the off-diagonal share of the class's calibrated joint row.
    m.put("noise_rate", noiseRate);
    // The noise model's estimate: the flipped-in share of the class's own-vote histogram.
    m.put("flip_share", noise.flipShare());
    m.put("null_beta_a", noise.a());
    m.put("null_beta_b", noise.b());
    m.put("judged", judged);
    m.put("flagged", flagged);
    return m;
  }
}
