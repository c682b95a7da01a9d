package io.antidote.detect.clustering;

import io.antidote.detect.linalg.DenseVectors;

/**
 * Silhouette coefficients (Rousseeuw 1987) with Euclidean distance: s(i) = (b − a)/max(a, b), a the
 * mean distance to the rest of i's cluster, b the mean distance to the nearest other cluster.
 * O(m²·p) for m points, so callers pass a bounded sample.
 */
public final class Silhouette {
  private Silhouette() {}

  /** Per-point silhouettes; a point alone in its cluster gets 0 (Rousseeuw's convention). */
  public static double[] values(double[][] points, int[] cluster, int k) {
    int m = points.length;
    double[] s = new double[m];
    int[] sizes = new int[k];
    for (int c : cluster) {
      sizes[c]++;
    }
    for (int i = 0; i < m; i++) {
      double[] sum = new double[k];
      for (int j = 0; j < m; j++) {
        if (j != i) {
          sum[cluster[j]] += Math.sqrt(DenseVectors.squaredDistance(points[i], points[j]));
        }
      }
      int own = cluster[i];
      if (sizes[own] <= 1) {
        s[i] = 0;
        continue;
      }
      double a = sum[own] / (sizes[own] - 1);
      double b = Double.POSITIVE_INFINITY;
      for (int c = 0; c < k; c++) {
        if (c != own && sizes[c] > 0) {
          b = Math.min(b, sum[c] / sizes[c]);
        }
      }
      if (Double.isInfinite(b)) {
        s[i] = 0;
      } else {
        double max = Math.max(a, b);
        s[i] = max == 0 ? 0 : (b - a) / max;
      }
    }
    return s;
  }

  /**
   * The population silhouette estimated from a sample stratified by cluster: the mean of each
   * cluster's sampled silhouettes, weighted by the cluster's true size {@code populationSizes[c]}.
   * Stratifying keeps a small cluster represented; weighting undoes the stratification.
   */
  public static double weightedMean(double[] values, int[] cluster, long[] populationSizes) {
    int k = populationSizes.length;
    double[] sum = new double[k];
    int[] count = new int[k];
    for (int i = 0; i < values.length; i++) {
      sum[cluster[i]] += values[i];
      count[cluster[i]]++;
    }
    double total = 0;
    double weight = 0;
    for (int c = 0; c < k; c++) {
      if (count[c] > 0) {
        total += populationSizes[c] * (sum[c] / count[c]);
        weight += populationSizes[c];
      }
    }
    return weight == 0 ? Double.NaN : total / weight;
  }
}
