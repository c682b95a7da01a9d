package io.antidote.detect.clustering;

import java.util.Random;

/**
 * The silhouette a 2-means split reaches on data with no cluster: Gaussian samples with the group's
 * PCA variances, split by the same {@link TwoMeans} procedure. A unimodal group is split too, and
 * its silhouette is far from 0 (about 0.1 in 10 dimensions); the excess over this is what a
 * separate cluster adds.
 */
final class NullSilhouette {
  private NullSilhouette() {}

  /**
   * @param variances the group's top PCA eigenvalues (λ1 first)
   * @param m points per sample
   * @param samples number of samples
   * @return {mean, standard deviation} of the samples' silhouettes
   */
  static double[] of(double[] variances, int m, int samples, int maxIterations, long seed) {
    int p = variances.length;
    Random rnd = new Random(seed);
    double[] sil = new double[samples];
    for (int b = 0; b < samples; b++) {
      double[][] pts = new double[m][p];
      for (int i = 0; i < m; i++) {
        for (int j = 0; j < p; j++) {
          pts[i][j] = Math.sqrt(Math.max(variances[j], 0)) * rnd.nextGaussian();
        }
      }
      int[] lab = TwoMeans.fit(pts, variances[0], maxIterations);
      double s = 0;
      for (double v : Silhouette.values(pts, lab, 2)) {
        s += v;
      }
      sil[b] = s / m;
    }
    double mean = 0;
    for (double v : sil) {
      mean += v;
    }
    mean /= samples;
    double var = 0;
    for (double v : sil) {
      var += (v - mean) * (v - mean);
    }
    return new double[] {mean, Math.sqrt(var / (samples - 1))};
  }
}
