package io.antidote.detect.neighbours;

import java.util.SplittableRandom;

/**
 * Spherical k-means (cosine) on unit vectors, for the coarse quantiser of the inverted-file index.
 * Trained on a sample on the driver; assignment is a blocked sgemm against the centroids. Initial
 * centroids are distinct sample rows drawn with a fixed seed, and an emptied cell is re-seeded from
 * a seeded draw, so the centroids are a deterministic function of (sample, k, iterations, seed).
 */
public final class SphericalKMeans {
  private SphericalKMeans() {}

  /** k unit centroids (row-major k x dim) from n unit rows of {@code x}. */
  public static float[] train(float[] x, int n, int dim, int k, int iterations, long seed) {
    if (n < 1 || k < 1) {
      throw new IllegalArgumentException(
          "k-means needs n >= 1 and k >= 1, got n=" + n + ", k=" + k);
    }
    k = Math.min(k, n);
    SplittableRandom rnd = new SplittableRandom(seed);
    int[] perm = new int[n];
    for (int i = 0; i < n; i++) {
      perm[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = rnd.nextInt(i + 1);
      int t = perm[i];
      perm[i] = perm[j];
      perm[j] = t;
    }
    float[] centroids = new float[k * dim];
    for (int c = 0; c < k; c++) {
      System.arraycopy(x, perm[c] * dim, centroids, c * dim, dim);
    }
    int[] assign = new int[n];
    for (int it = 0; it < iterations; it++) {
      nearestOnAllCores(x, n, centroids, k, dim, assign);
      double[] sums = new double[k * dim];
      int[] counts = new int[k];
      for (int i = 0; i < n; i++) {
        int c = assign[i];
        counts[c]++;
        int xo = i * dim;
        int co = c * dim;
        for (int d = 0; d < dim; d++) {
          sums[co + d] += x[xo + d];
        }
      }
      for (int c = 0; c < k; c++) {
        if (counts[c] == 0) {
          System.arraycopy(x, rnd.nextInt(n) * dim, centroids, c * dim, dim);
          continue;
        }
        for (int d = 0; d < dim; d++) {
          centroids[c * dim + d] = (float) sums[c * dim + d];
        }
        BlockedSimilarity.normalize(centroids, c * dim, dim);
      }
    }
    return centroids;
  }

  /**
   * Index of the most similar centroid for each of n rows, written to {@code out}. In a task: one
   * thread, the task's core.
   */
  public static void nearest(float[] x, int n, float[] centroids, int k, int dim, int[] out) {
    nearest(x, n, centroids, k, dim, out, false);
  }

  /**
   * As {@link #nearest}, with blocks of rows in parallel on the common fork-join pool: for the
   * driver's share of the join (k-means on the training sample), where with one BLAS thread per
   * call (OPENBLAS_NUM_THREADS=1, which Spark's executors want) one call would use one core.
   */
  static void nearestOnAllCores(float[] x, int n, float[] centroids, int k, int dim, int[] out) {
    nearest(x, n, centroids, k, dim, out, true);
  }

  private static void nearest(
      float[] x, int n, float[] centroids, int k, int dim, int[] out, boolean parallel) {
    int qb = Math.min(BlockedSimilarity.QUERY_BLOCK, Math.max(1, n));
    int blocks = (n + qb - 1) / qb;
    java.util.stream.IntStream range = java.util.stream.IntStream.range(0, blocks);
    (parallel ? range.parallel() : range)
        .forEach(
            b -> {
              int q0 = b * qb;
              int rows = Math.min(qb, n - q0);
              float[] block = new float[rows * k];
              BlockedSimilarity.dot(x, q0, rows, centroids, 0, k, dim, block);
              for (int i = 0; i < rows; i++) {
                int best = 0;
                float bestSim = block[i * k];
                for (int c = 1; c < k; c++) {
                  float s = block[i * k + c];
                  if (s > bestSim) {
                    bestSim = s;
                    best = c;
                  }
                }
                out[q0 + i] = best;
              }
            });
  }

  /**
   * For each centroid, the {@code nprobe} most similar centroids, itself first: the cells whose
   * members are the candidates for the queries homed in that cell.
   */
  public static int[][] probeLists(float[] centroids, int k, int dim, int nprobe) {
    int p = Math.min(nprobe, k);
    TopKHeaps heaps = new TopKHeaps(k, p);
    int[] ids = new int[k];
    int[] none = new int[k];
    for (int c = 0; c < k; c++) {
      ids[c] = c;
      none[c] = -1;
    }
    BlockedSimilarity.scoreAll(centroids, none, k, centroids, ids, k, dim, heaps, 0);
    int[][] lists = new int[k][];
    for (int c = 0; c < k; c++) {
      int[] sorted = heaps.sorted(c, null);
      // Itself first even if a duplicate centroid ties with it.
      int[] list = new int[sorted.length];
      list[0] = c;
      int w = 1;
      for (int s : sorted) {
        if (s != c && w < list.length) {
          list[w++] = s;
        }
      }
      lists[c] = list;
    }
    return lists;
  }
}
