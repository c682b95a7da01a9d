package io.antidote.detect.knn;

import com.typesafe.config.Config;
import io.antidote.config.InvalidConfigException;
import java.io.Serializable;
import java.util.List;

/** Settings of {@link KnnOutlierDetector} (HOCON block {@code detectors.knn-outliers}). */
public final class KnnOutlierSettings implements Serializable {
  private static final long serialVersionUID = 1L;
  static final String PREFIX = "detectors.knn-outliers.";

  /** How the cut on the k-th-neighbour distance is chosen. */
  public enum ThresholdMode {
    /**
     * The corpus's own {@code quantile} of the distance, per scale: flags about (1 - quantile) of
     * rows.
     */
    QUANTILE,
    /** A fixed cosine distance {@code absolute-distance}, the same at every scale. */
    ABSOLUTE
  }

  public final boolean enabled;

  /**
   * Neighbour ranks scored; several scales so that campaigns larger than the smallest k are seen.
   */
  public final int[] scales;

  public final ThresholdMode mode;
  public final double quantile;
  public final double absoluteDistance;

  public KnnOutlierSettings(
      boolean enabled, int[] scales, ThresholdMode mode, double quantile, double absoluteDistance) {
    if (scales == null || scales.length == 0) {
      throw new InvalidConfigException(PREFIX + "scales", "needs at least one k, was empty");
    }
    for (int k : scales) {
      if (k < 1) {
        throw new InvalidConfigException(PREFIX + "scales", "every k must be >= 1, was " + k);
      }
    }
    if (!(quantile > 0 && quantile < 1)) {
      throw new InvalidConfigException(PREFIX + "quantile", "must be in (0, 1), was " + quantile);
    }
    if (!(absoluteDistance >= 0 && absoluteDistance <= 2)) {
      throw new InvalidConfigException(
          PREFIX + "absolute-distance",
          "must be a cosine distance in [0, 2], was " + absoluteDistance);
    }
    if (mode == null) {
      throw new InvalidConfigException(PREFIX + "threshold-mode", "must be quantile or absolute");
    }
    this.enabled = enabled;
    this.scales = scales.clone();
    java.util.Arrays.sort(this.scales);
    this.mode = mode;
    this.quantile = quantile;
    this.absoluteDistance = absoluteDistance;
  }

  public static KnnOutlierSettings defaults() {
    return new KnnOutlierSettings(true, new int[] {10, 100}, ThresholdMode.QUANTILE, 0.99, 0.5);
  }

  /** Reads the {@code detectors.knn-outliers} block; missing keys keep their defaults. */
  public static KnnOutlierSettings fromConfig(Config c) {
    KnnOutlierSettings d = defaults();
    ThresholdMode mode = d.mode;
    if (c.hasPath("threshold-mode")) {
      String m = c.getString("threshold-mode");
      try {
        mode = ThresholdMode.valueOf(m.trim().toUpperCase(java.util.Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new InvalidConfigException(
            PREFIX + "threshold-mode", "must be quantile or absolute, was '" + m + "'");
      }
    }
    int[] scales = d.scales;
    if (c.hasPath("scales")) {
      List<Integer> s = c.getIntList("scales");
      scales = s.stream().mapToInt(Integer::intValue).toArray();
    }
    return new KnnOutlierSettings(
        c.hasPath("enabled") ? c.getBoolean("enabled") : d.enabled,
        scales,
        mode,
        c.hasPath("quantile") ? c.getDouble("quantile") : d.quantile,
        c.hasPath("absolute-distance") ? c.getDouble("absolute-distance") : d.absoluteDistance);
  }

  /** The largest k, which the self-join must provide. */
  public int maxK() {
    return scales[scales.length - 1];
  }

  /**
   * Stated bound on the share of clean rows flagged in quantile mode: each scale flags (1 -
   * quantile).
   */
  public double cleanFlagRateBound() {
    return scales.length * (1 - quantile);
  }
}
