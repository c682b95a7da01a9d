package io.antidote.detect.knnoutliers;

import io.antidote.flags.Evidence;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The Spark-free part of the KNN outlier detector: the distance a row is scored by at one scale,
 * and the flag of a row: a row test passed ({@link #ofRow}), membership of a group that passed the
 * group test ({@link #ofGroup}), or, in a review-budget mode, a cut crossed ({@link #of}: the scale
 * reported is the one exceeded most, the others listed beside it).
 *
 * @param score the distance at the reported scale
 * @param threshold the cut at the reported scale
 * @param evidence distances and cuts at every scale, the reported k, nearest neighbours, pattern
 */
public record OutlierFlag(
    double score, double threshold, String reason, Map<String, String> evidence) {

  /** The score of a row with no neighbour at all: farther than any cosine distance. */
  public static final double NO_NEIGHBOUR = 2.0;

  public OutlierFlag {
    evidence = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(evidence));
  }

  /**
   * Cosine distance to the k-th neighbour (the last one if there are fewer): 1 - its similarity,
   * {@link #NO_NEIGHBOUR} without neighbours. {@code similarities} is sorted most similar first.
   * (The Spark glue computes the same in SQL, so that the quantile runs as an aggregate.)
   */
  public static double kthDistance(float[] similarities, int k) {
    if (similarities.length == 0) {
      return NO_NEIGHBOUR;
    }
    return 1.0 - (double) similarities[Math.min(k, similarities.length) - 1];
  }

  /** The evidence key of the distance at scale {@code k}, also the Spark glue's column name. */
  public static String distanceKey(int k) {
    return "distance_k" + k;
  }

  /**
   * The flag of a row whose distance exceeds the cut at one scale at least.
   *
   * @param scales ascending k
   * @param distance the row's distance at each scale
   * @param cut the cut at each scale
   * @param cutName how the reason names the cut ("0.99-quantile cut", "absolute cut")
   * @param nearest the row's nearest neighbours' ids, most similar first
   * @param nearestSimilarity similarity of the nearest neighbour, NaN when there is none
   * @param cell the row's k-means cell
   * @throws IllegalArgumentException if no scale exceeds its cut
   */
  public static OutlierFlag of(
      int[] scales,
      double[] distance,
      double[] cut,
      String cutName,
      List<String> nearest,
      double nearestSimilarity,
      int cell) {
    int best = -1;
    double bestRatio = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < scales.length; i++) {
      double ratio = cut[i] > 0 ? distance[i] / cut[i] : Double.POSITIVE_INFINITY;
      if (distance[i] > cut[i] && ratio > bestRatio) {
        bestRatio = ratio;
        best = i;
      }
    }
    if (best < 0) {
      throw new IllegalArgumentException("no scale exceeds its cut");
    }
    Map<String, String> evidence = new LinkedHashMap<>();
    StringBuilder others = new StringBuilder();
    for (int i = 0; i < scales.length; i++) {
      evidence.put(distanceKey(scales[i]), fmt(distance[i]));
      evidence.put("threshold_k" + scales[i], fmt(cut[i]));
      if (i != best) {
        others
            .append(others.length() == 0 ? "" : ", ")
            .append(String.format("k=%d: %.3f vs cut %.3f", scales[i], distance[i], cut[i]));
      }
    }
    // Close at the smallest k but far at a larger one: the row's near neighbours are a few rows
    // like it, and the group sits apart from the corpus (what a campaign looks like).
    boolean smallScaleQuiet = distance[0] <= cut[0];
    evidence.put("k", Integer.toString(scales[best]));
    evidence.put("nearest", String.join(",", nearest.subList(0, Math.min(5, nearest.size()))));
    if (!Double.isNaN(nearestSimilarity)) {
      evidence.put("nearest_similarity", fmt(nearestSimilarity));
    }
    evidence.put("knn_cell", Integer.toString(cell));
    String shape =
        smallScaleQuiet
            ? "; close neighbours at small k but far at large k: a tight group apart from the corpus"
                + " (campaign-like)"
            : "";
    evidence.put("pattern", smallScaleQuiet ? "group" : "isolated");
    evidence.put(Evidence.TEST, "none: review budget (" + cutName + "), not a test");
    evidence.put(Evidence.STATISTIC, fmt(distance[best]));
    evidence.put(Evidence.NULL_MODEL, "none");
    evidence.put(Evidence.P_VALUE, "n/a");
    evidence.put(Evidence.FDR, "n/a");
    evidence.put(Evidence.P_CUT, "n/a");
    evidence.put("action", "review");
    String reason =
        String.format(
            "cosine distance %.3f to its %d-th nearest neighbour exceeds the %s %.3f (%s)%s",
            distance[best], scales[best], cutName, cut[best], others, shape);
    return new OutlierFlag(distance[best], cut[best], reason, evidence);
  }

  /**
   * The flag of a row whose k-th-neighbour distance passed the row test.
   *
   * @param scales ascending k
   * @param distance the row's distance at each scale
   * @param tested the scale index whose tail p-value was smallest (the one reported)
   * @param pValue the row's p-value (smallest over scales, times their number)
   * @param distanceCut the distance at the reported scale whose p-value equals {@code pCut}
   * @param nullModel the null at the reported scale, in words
   */
  public static OutlierFlag ofRow(
      int[] scales,
      double[] distance,
      int tested,
      double pValue,
      double distanceCut,
      String nullModel,
      double fdr,
      double pCut,
      List<String> nearest,
      double nearestSimilarity,
      int cell) {
    Map<String, String> evidence = new LinkedHashMap<>();
    evidence.put(
        Evidence.TEST,
        "row: cosine distance to the k-th nearest neighbour, upper tail, k in "
            + java.util.Arrays.toString(scales)
            + " (Bonferroni over the scales)");
    evidence.put(Evidence.STATISTIC, fmt(distance[tested]));
    evidence.put(Evidence.NULL_MODEL, nullModel);
    evidence.put(Evidence.P_VALUE, sci(pValue));
    evidence.put(Evidence.FDR, Double.toString(fdr));
    evidence.put(Evidence.P_CUT, sci(pCut));
    neighbourEvidence(evidence, scales, distance, nearest, nearestSimilarity, cell);
    evidence.put("k", Integer.toString(scales[tested]));
    evidence.put("pattern", "isolated");
    evidence.put(Evidence.ACTION, "review");
    String reason =
        String.format(
            Locale.ROOT,
            "cosine distance %.3f to its %d-th nearest neighbour is beyond the corpus's tail"
                + " (p = %s, BH cut %s at fdr %s)",
            distance[tested],
            scales[tested],
            sci(pValue),
            sci(pCut),
            fdr);
    return new OutlierFlag(distance[tested], distanceCut, reason, evidence);
  }

  /**
   * The flag of a member of a group that passed the group test.
   *
   * @param gapCut the gap at the group's scale whose p-value equals {@code pCut}
   * @param nullModel the null at the group's scale, in words
   */
  public static OutlierFlag ofGroup(
      OutlierGroups.Group g,
      double gapCut,
      String nullModel,
      double fdr,
      double pCut,
      int[] scales,
      double[] distance,
      List<String> nearest,
      double nearestSimilarity,
      int cell) {
    Map<String, String> evidence = new LinkedHashMap<>();
    evidence.put(
        Evidence.TEST,
        "group: members' gap between the mean similarity to their m - 1 nearest and the"
            + " similarity of the m-th (nearest outside), median over the group, upper tail");
    evidence.put(Evidence.STATISTIC, fmt(g.statistic()));
    evidence.put(Evidence.NULL_MODEL, nullModel);
    evidence.put(Evidence.P_VALUE, sci(g.pValue()));
    evidence.put(Evidence.FDR, Double.toString(fdr));
    evidence.put(Evidence.P_CUT, sci(pCut));
    evidence.put("group_id", g.id());
    evidence.put("group_size", Integer.toString(g.members().size()));
    evidence.put("group_scale", Integer.toString(g.scale()));
    evidence.put("group_spread", fmt(g.spread()));
    evidence.put("group_separation", fmt(g.separation()));
    neighbourEvidence(evidence, scales, distance, nearest, nearestSimilarity, cell);
    evidence.put("pattern", "group");
    evidence.put(Evidence.ACTION, "review");
    String reason =
        String.format(
            Locale.ROOT,
            "member of group %s of %d rows close to each other (spread %.3f) and apart from the"
                + " corpus (nearest outside at %.3f); gap %.3f at size %d, p = %s, BH cut %s at"
                + " fdr %s",
            g.id(),
            g.members().size(),
            g.spread(),
            g.separation(),
            g.statistic(),
            g.scale(),
            sci(g.pValue()),
            sci(pCut),
            fdr);
    return new OutlierFlag(g.statistic(), gapCut, reason, evidence);
  }

  private static void neighbourEvidence(
      Map<String, String> evidence,
      int[] scales,
      double[] distance,
      List<String> nearest,
      double nearestSimilarity,
      int cell) {
    for (int i = 0; i < scales.length; i++) {
      evidence.put(distanceKey(scales[i]), fmt(distance[i]));
    }
    evidence.put("nearest", String.join(",", nearest.subList(0, Math.min(5, nearest.size()))));
    if (!Double.isNaN(nearestSimilarity)) {
      evidence.put("nearest_similarity", fmt(nearestSimilarity));
    }
    evidence.put("knn_cell", Integer.toString(cell));
  }

  /** A p-value in scientific notation, locale-independent. */
  public static String sci(double p) {
    return String.format(Locale.ROOT, "%.3e", p);
  }

  /** Four decimals, locale-independent: how evidence figures are written. */
  public static String fmt(double v) {
    return String.format(Locale.ROOT, "%.4f", v);
  }
}
