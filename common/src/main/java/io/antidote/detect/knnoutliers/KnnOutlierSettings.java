package io.antidote.detect.knnoutliers;

import io.antidote.config.SettingsBlock;
import io.antidote.detect.DetectorEntry;
import io.antidote.detect.DetectorSettings;
import java.util.List;

/**
 * Settings of {@link KnnOutlierDetector} (block {@code antidote.detectors.knn-outliers}). Defaults
 * live in reference.conf only: tests read them with {@code
 * fromConfig(SettingsBlock.defaults(PATH))}.
 *
 * @param scales neighbour ranks k scored, ascending; several scales so that campaigns larger than
 *     the smallest k are seen
 * @param mode how the cut on the k-th-neighbour distance is chosen
 * @param quantile the corpus's own quantile of each scale's distance used as its cut (quantile
 *     mode)
 * @param absoluteDistance the cosine distance used as the cut at every scale (absolute mode)
 */
public record KnnOutlierSettings(
    DetectorSettings common,
    List<Integer> scales,
    ThresholdMode mode,
    double quantile,
    double absoluteDistance)
    implements DetectorEntry.Settings {

  /** The block under {@code antidote}. */
  public static final String PATH = "detectors.knn-outliers";

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

  /** Sorts the scales (the smallest is the one a "group" pattern is quiet at). */
  public KnnOutlierSettings {
    if (scales.isEmpty() || scales.stream().anyMatch(k -> k < 1)) {
      throw new IllegalArgumentException("knn-outliers scales must be k >= 1, got " + scales);
    }
    if (!(quantile > 0 && quantile < 1) || !(absoluteDistance >= 0 && absoluteDistance <= 2)) {
      throw new IllegalArgumentException(
          "knn-outliers quantile must be in (0, 1) and absolute-distance in [0, 2], got "
              + quantile
              + ", "
              + absoluteDistance);
    }
    scales = scales.stream().sorted().toList();
  }

  /** Reads every key of the block; each error names the full key. */
  public static KnnOutlierSettings fromConfig(SettingsBlock block) {
    List<Integer> scales = block.intList("scales");
    block.check(
        !scales.isEmpty() && scales.stream().allMatch(k -> k >= 1),
        "scales",
        "a non-empty list of k >= 1",
        scales);
    double quantile = block.number("quantile", 0, 1);
    block.check(quantile > 0 && quantile < 1, "quantile", "in (0, 1)", quantile);
    return new KnnOutlierSettings(
        DetectorSettings.of(block),
        scales,
        block.enumValue("threshold-mode", ThresholdMode.class),
        quantile,
        block.number("absolute-distance", 0, 2));
  }

  public KnnOutlierSettings withScales(Integer... scales) {
    return new KnnOutlierSettings(common, List.of(scales), mode, quantile, absoluteDistance);
  }

  /** Absolute mode: {@code distance} is the cut at every scale. */
  public KnnOutlierSettings withAbsoluteCut(double distance) {
    return new KnnOutlierSettings(common, scales, ThresholdMode.ABSOLUTE, quantile, distance);
  }

  /** The largest k, which the self-join must provide. */
  public int maxK() {
    return scales.get(scales.size() - 1);
  }

  /**
   * Stated bound on the share of clean rows flagged in quantile mode: each scale flags (1 -
   * quantile).
   */
  public double cleanFlagRateBound() {
    return scales.size() * (1 - quantile);
  }
}
