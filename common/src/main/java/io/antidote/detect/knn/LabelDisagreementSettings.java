package io.antidote.detect.knn;

import com.typesafe.config.Config;
import io.antidote.config.InvalidConfigException;
import java.io.Serializable;

/**
 * Settings of {@link KnnLabelDisagreementDetector} (HOCON block {@code
 * detectors.label-disagreement}).
 */
public final class LabelDisagreementSettings implements Serializable {
  private static final long serialVersionUID = 1L;
  static final String PREFIX = "detectors.label-disagreement.";

  public final boolean enabled;

  /** Neighbours that vote. */
  public final int k;

  /**
   * A flip needs at least this share of the neighbours on one other label, whatever the class cut.
   */
  public final double minShare;

  /**
   * Classes whose clean kNN accuracy (share of their rows whose neighbours' majority is their own
   * label) is below this are not separable in the representation; rows labelled with them, or voted
   * into them, are not flagged (their flags would be noise) and the class report says so.
   */
  public final double minSeparability;

  /** Classes with fewer rows are not calibrated and not flagged. */
  public final int minClassRows;

  /**
   * Per-class calibration: the cut for "this row belongs to class j" is this quantile of the
   * same-label share over rows labelled j (0.1: a share that 90% of j's own rows reach), at least
   * {@code min-share}.
   */
  public final double calibrationQuantile;

  public LabelDisagreementSettings(
      boolean enabled,
      int k,
      double minShare,
      double minSeparability,
      int minClassRows,
      double calibrationQuantile) {
    if (k < 1) {
      throw new InvalidConfigException(PREFIX + "k", "must be >= 1, was " + k);
    }
    if (!(minShare > 0 && minShare <= 1)) {
      throw new InvalidConfigException(PREFIX + "min-share", "must be in (0, 1], was " + minShare);
    }
    if (!(minSeparability >= 0 && minSeparability <= 1)) {
      throw new InvalidConfigException(
          PREFIX + "min-separability", "must be in [0, 1], was " + minSeparability);
    }
    if (minClassRows < 1) {
      throw new InvalidConfigException(
          PREFIX + "min-class-rows", "must be >= 1, was " + minClassRows);
    }
    if (!(calibrationQuantile >= 0 && calibrationQuantile <= 1)) {
      throw new InvalidConfigException(
          PREFIX + "calibration-quantile", "must be in [0, 1], was " + calibrationQuantile);
    }
    this.calibrationQuantile = calibrationQuantile;
    this.enabled = enabled;
    this.k = k;
    this.minShare = minShare;
    this.minSeparability = minSeparability;
    this.minClassRows = minClassRows;
  }

  public static LabelDisagreementSettings defaults() {
    return new LabelDisagreementSettings(true, 10, 0.5, 0.7, 20, 0.1);
  }

  public static LabelDisagreementSettings fromConfig(Config c) {
    LabelDisagreementSettings d = defaults();
    return new LabelDisagreementSettings(
        c.hasPath("enabled") ? c.getBoolean("enabled") : d.enabled,
        c.hasPath("k") ? c.getInt("k") : d.k,
        c.hasPath("min-share") ? c.getDouble("min-share") : d.minShare,
        c.hasPath("min-separability") ? c.getDouble("min-separability") : d.minSeparability,
        c.hasPath("min-class-rows") ? c.getInt("min-class-rows") : d.minClassRows,
        c.hasPath("calibration-quantile")
            ? c.getDouble("calibration-quantile")
            : d.calibrationQuantile);
  }
}
