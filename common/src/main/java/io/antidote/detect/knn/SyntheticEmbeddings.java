package io.antidote.detect.knn;

import java.util.SplittableRandom;

/**
 * Clustered unit vectors shaped like sentence embeddings, for tests, benchmarks and the demo: each cluster
 * has a random centre and a random low-rank subspace (rank {@code rank}) in which its members spread, plus
 * small isotropic noise. Deterministic for a seed.
 */
public final class SyntheticEmbeddings {
  public final int n;
  public final int dim;
  public final float[] vectors;
  public final int[] cluster;

  private SyntheticEmbeddings(int n, int dim) {
    this.n = n;
    this.dim = dim;
    this.vectors = new float[n * dim];
    this.cluster = new int[n];
  }

  /**
   * @param clusters number of clusters (rows are assigned round-robin, so sizes are equal)
   * @param spread length of the within-cluster (low-rank) displacement relative to the unit centre
   * @param noise length of the isotropic noise
   */
  public static SyntheticEmbeddings clustered(
      int n, int dim, int clusters, int rank, double spread, double noise, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    float[] centres = new float[clusters * dim];
    float[] bases = new float[clusters * rank * dim];
    for (int c = 0; c < clusters; c++) {
      gaussian(rnd, centres, c * dim, dim, 1.0);
      BlockedSimilarity.normalize(centres, c * dim, dim);
      for (int r = 0; r < rank; r++) {
        gaussian(rnd, bases, (c * rank + r) * dim, dim, 1.0 / Math.sqrt(dim));
      }
    }
    SyntheticEmbeddings e = new SyntheticEmbeddings(n, dim);
    double perAxis = spread / Math.sqrt(rank);
    double noiseAxis = noise / Math.sqrt(dim);
    for (int i = 0; i < n; i++) {
      int c = i % clusters;
      e.cluster[i] = c;
      int o = i * dim;
      System.arraycopy(centres, c * dim, e.vectors, o, dim);
      for (int r = 0; r < rank; r++) {
        double z = rnd.nextGaussian() * perAxis;
        int b = (c * rank + r) * dim;
        for (int d = 0; d < dim; d++) {
          e.vectors[o + d] += (float) (z * bases[b + d]);
        }
      }
      for (int d = 0; d < dim; d++) {
        e.vectors[o + d] += (float) (rnd.nextGaussian() * noiseAxis);
      }
      BlockedSimilarity.normalize(e.vectors, o, dim);
    }
    return e;
  }

  /** A random unit vector (a row unlike any cluster). */
  public static float[] randomUnit(int dim, SplittableRandom rnd) {
    float[] v = new float[dim];
    gaussian(rnd, v, 0, dim, 1.0);
    BlockedSimilarity.normalize(v, 0, dim);
    return v;
  }

  static void gaussian(SplittableRandom rnd, float[] out, int off, int len, double scale) {
    for (int i = 0; i < len; i++) {
      out[off + i] = (float) (rnd.nextGaussian() * scale);
    }
  }
}
