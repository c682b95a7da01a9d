package io.antidote.detect.knnoutliers;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The Spark-free part of the KNN outlier detector: the distance a row is scored by at one scale,
 * and, for a row past the cut at some scale, its flag (score, cut, reason, evidence). The scale a
 * flag reports is the one it exceeds most (largest distance / cut), so a reviewer sees the
 * strongest reason; the others are listed beside it.
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
    evidence.put("action", "review");
    String reason =
        String.format(
            "cosine distance %.3f to its %d-th nearest neighbour exceeds the %s %.3f (%s)%s",
            distance[best], scales[best], cutName, cut[best], others, shape);
    return new OutlierFlag(distance[best], cut[best], reason, evidence);
  }

  /** Four decimals, locale-independent: how evidence figures are written. */
  public static String fmt(double v) {
    return String.format(Locale.ROOT, "%.4f", v);
  }
}
