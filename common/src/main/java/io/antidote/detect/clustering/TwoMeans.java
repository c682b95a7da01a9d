package io.antidote.detect.clustering;

import io.antidote.detect.linalg.DenseVectors;

/**
 * Lloyd's k-means with k = 2 in PCA coordinates, started deterministically from ±√λ1 on the first
 * principal axis (the principal-direction split): no random seed, and the same start however the
 * data is partitioned. The distributed detector runs the same steps with one aggregate per
 * iteration; this class holds the step functions and an in-memory version for tests.
 */
public final class TwoMeans {
  private TwoMeans() {}

  /** Start centres: ±√λ1 along the first coordinate (coordinates are centred PCA scores). */
  public static double[][] start(int dims, double lambda1) {
    double[][] c = new double[2][dims];
    double s = Math.sqrt(Math.max(lambda1, 0));
    c[0][0] = s;
    c[1][0] = -s;
    return c;
  }

  /** Index of the nearest centre; ties go to 0. */
  public static int nearest(double[][] centres, double[] z) {
    return DenseVectors.squaredDistance(centres[1], z) < DenseVectors.squaredDistance(centres[0], z)
        ? 1
        : 0;
  }

  /** New centres from per-cluster counts and sums; an empty cluster keeps its old centre. */
  public static double[][] update(double[][] old, long[] counts, double[][] sums) {
    double[][] c = new double[2][];
    for (int k = 0; k < 2; k++) {
      if (counts[k] == 0) {
        c[k] = old[k].clone();
      } else {
        c[k] = new double[sums[k].length];
        for (int i = 0; i < c[k].length; i++) {
          c[k][i] = sums[k][i] / counts[k];
        }
      }
    }
    return c;
  }

  public static double shift(double[][] a, double[][] b) {
    return Math.max(
        DenseVectors.squaredDistance(a[0], b[0]), DenseVectors.squaredDistance(a[1], b[1]));
  }

  /** In-memory Lloyd iterations from {@link #start}; returns the assignment. */
  public static int[] fit(double[][] points, double lambda1, int maxIterations) {
    int p = points[0].length;
    double[][] c = start(p, lambda1);
    int[] assign = new int[points.length];
    for (int it = 0; it < maxIterations; it++) {
      long[] n = new long[2];
      double[][] sums = new double[2][p];
      for (int i = 0; i < points.length; i++) {
        int k = nearest(c, points[i]);
        assign[i] = k;
        n[k]++;
        for (int j = 0; j < p; j++) {
          sums[k][j] += points[i][j];
        }
      }
      double[][] next = update(c, n, sums);
      boolean done = shift(c, next) < 1e-18;
      c = next;
      if (done) {
        break;
      }
    }
    for (int i = 0; i < points.length; i++) {
      assign[i] = nearest(c, points[i]);
    }
    return assign;
  }
}
