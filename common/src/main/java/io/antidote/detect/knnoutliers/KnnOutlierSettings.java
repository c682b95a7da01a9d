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
 * @param scales neighbour ranks k whose k-th-neighbour distance is tested per row, ascending
 * @param mode {@code TEST} (default) or a ranked review budget
 * @param quantile the corpus's own quantile of each scale's distance used as its cut (review budget
 *     {@code QUANTILE})
 * @param absoluteDistance the cosine distance used as the cut at every scale (review budget {@code
 *     ABSOLUTE})
 * @param tailFrom quantile of a statistic where its tail null starts
 * @param tailTo quantile above which rows are censored in the tail fit
 * @param groupMinSize smallest group tested
 * @param groupMaxSize largest group size tested (the neighbour lists need one more)
 * @param edgeK candidates are joined when each is among the other's edge-k nearest
 * @param candidateP a row is a group candidate when its gap's p-value at some size is at most this
 * @param maxCandidates at most this many candidates (smallest p first) reach the driver
 */
public record KnnOutlierSettings(
    DetectorSettings common,
    List<Integer> scales,
    ThresholdMode mode,
    double quantile,
    double absoluteDistance,
    double tailFrom,
    double tailTo,
    int groupMinSize,
    int groupMaxSize,
    int edgeK,
    double candidateP,
    int maxCandidates)
    implements DetectorEntry.Settings {

  /** The block under {@code antidote}. */
  public static final String PATH = "detectors.knn-outliers";

  /** How flags are decided. */
  public enum ThresholdMode {
    /** Per-row and group tests against the corpus's tail nulls, BH at detectors.fdr. */
    TEST,
    /**
     * Review budget, not a test: the corpus's own {@code quantile} of the distance per scale; flags
     * about (1 - quantile) of rows per scale by construction.
     */
    QUANTILE,
    /** Review budget, not a test: a fixed cosine distance {@code absolute-distance}. */
    ABSOLUTE
  }

  /** Sorts the scales and rejects values the detector cannot run with. */
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
    if (!(tailFrom > 0 && tailFrom < tailTo && tailTo < 1)) {
      throw new IllegalArgumentException(
          "knn-outliers needs 0 < tail-from < tail-to < 1, got " + tailFrom + ", " + tailTo);
    }
    if (groupMinSize < 2 || groupMaxSize < groupMinSize || edgeK < 1 || maxCandidates < 1) {
      throw new IllegalArgumentException(
          "knn-outliers group needs 2 <= min-size <= max-size, edge-k >= 1, max-candidates >= 1");
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
    double from = block.number("tail-from", 0, 1);
    double to = block.number("tail-to", 0, 1);
    block.check(from > 0 && from < to, "tail-from", "in (0, tail-to)", from);
    block.check(to < 1, "tail-to", "in (tail-from, 1)", to);
    SettingsBlock group = block.block("group");
    int min = group.integer("min-size", 2, 100_000);
    int max = group.integer("max-size", 2, 100_000);
    group.check(max >= min, "max-size", "at least min-size", max);
    double candidateP = group.number("candidate-p", 0, 1);
    group.check(candidateP > 0, "candidate-p", "in (0, 1]", candidateP);
    return new KnnOutlierSettings(
        DetectorSettings.of(block),
        scales,
        block.enumValue("threshold-mode", ThresholdMode.class),
        quantile,
        block.number("absolute-distance", 0, 2),
        from,
        to,
        min,
        max,
        group.integer("edge-k", 1, 100_000),
        candidateP,
        group.integer("max-candidates", 1, 10_000_000));
  }

  public KnnOutlierSettings withScales(Integer... scales) {
    return new KnnOutlierSettings(
        common,
        List.of(scales),
        mode,
        quantile,
        absoluteDistance,
        tailFrom,
        tailTo,
        groupMinSize,
        groupMaxSize,
        edgeK,
        candidateP,
        maxCandidates);
  }

  /** Group sizes {@code min..max} tested. */
  public KnnOutlierSettings withGroupSizes(int min, int max) {
    return new KnnOutlierSettings(
        common,
        scales,
        mode,
        quantile,
        absoluteDistance,
        tailFrom,
        tailTo,
        min,
        max,
        edgeK,
        candidateP,
        maxCandidates);
  }

  /** Review budget: the corpus's {@code quantile} of the distance at every scale. */
  public KnnOutlierSettings withQuantileBudget(double quantile) {
    return new KnnOutlierSettings(
        common,
        scales,
        ThresholdMode.QUANTILE,
        quantile,
        absoluteDistance,
        tailFrom,
        tailTo,
        groupMinSize,
        groupMaxSize,
        edgeK,
        candidateP,
        maxCandidates);
  }

  /** Review budget: {@code distance} is the cut at every scale. */
  public KnnOutlierSettings withAbsoluteCut(double distance) {
    return new KnnOutlierSettings(
        common,
        scales,
        ThresholdMode.ABSOLUTE,
        quantile,
        distance,
        tailFrom,
        tailTo,
        groupMinSize,
        groupMaxSize,
        edgeK,
        candidateP,
        maxCandidates);
  }

  /** The largest scale. */
  public int maxScale() {
    return scales.get(scales.size() - 1);
  }

  /**
   * The neighbours per row the self-join must provide: the largest scale, and in test mode one more
   * than the largest group size (the nearest row outside it).
   */
  public int maxK() {
    return mode == ThresholdMode.TEST ? Math.max(maxScale(), groupMaxSize + 1) : maxScale();
  }
}
