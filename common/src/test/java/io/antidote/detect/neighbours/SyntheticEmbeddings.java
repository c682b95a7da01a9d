package io.antidote.detect.neighbours;

import java.util.SplittableRandom;

/**
 * Clustered unit vectors shaped like sentence embeddings, for tests, benchmarks and the demo: each
 * cluster has a random centre and a random low-rank subspace (rank {@code rank}) in which its
 * members spread, plus small isotropic noise. Deterministic for a seed.
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

  /**
   * The same kind of clusters as {@link #clustered}, drawn row by row: row i's vector depends only
   * on (seed, i), so a distributed generator can produce any range of rows in any partition.
   */
  public static final class Model implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    public final int dim;
    public final int clusters;
    private final int rank;
    private final float[] centres;
    private final float[] bases;
    private final double perAxis;
    private final double noiseAxis;
    private final long seed;

    public Model(int dim, int clusters, int rank, double spread, double noise, long seed) {
      this(dim, clusters, 0, 0, rank, spread, noise, seed);
    }

    /**
     * With {@code topics > 0}, cluster centres are grouped: centre = normalise(topic centre +
     * offset of length {@code topicSpread}), cluster c in topic c mod topics, as in real embeddings
     * where clusters of related content sit near each other.
     */
    public Model(
        int dim,
        int clusters,
        int topics,
        double topicSpread,
        int rank,
        double spread,
        double noise,
        long seed) {
      this.dim = dim;
      this.clusters = clusters;
      this.rank = rank;
      this.seed = seed;
      SplittableRandom rnd = new SplittableRandom(seed);
      centres = new float[clusters * dim];
      bases = new float[clusters * rank * dim];
      float[] topicCentres = new float[Math.max(1, topics) * dim];
      for (int t = 0; t < topics; t++) {
        gaussian(rnd, topicCentres, t * dim, dim, 1.0);
        BlockedSimilarity.normalize(topicCentres, t * dim, dim);
      }
      for (int c = 0; c < clusters; c++) {
        gaussian(rnd, centres, c * dim, dim, topics > 0 ? topicSpread / Math.sqrt(dim) : 1.0);
        if (topics > 0) {
          int t = c % topics;
          for (int d = 0; d < dim; d++) {
            centres[c * dim + d] += topicCentres[t * dim + d];
          }
        }
        BlockedSimilarity.normalize(centres, c * dim, dim);
        for (int r = 0; r < rank; r++) {
          gaussian(rnd, bases, (c * rank + r) * dim, dim, 1.0 / Math.sqrt(dim));
        }
      }
      perAxis = spread / Math.sqrt(rank);
      noiseAxis = noise / Math.sqrt(dim);
    }

    /** Row i's cluster. */
    public int cluster(long i) {
      return (int) (i % clusters);
    }

    /** Writes row i's unit vector to out[off .. off + dim). */
    public void fill(long i, float[] out, int off) {
      SplittableRandom rnd = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + i);
      int c = cluster(i);
      System.arraycopy(centres, c * dim, out, off, dim);
      for (int r = 0; r < rank; r++) {
        double z = rnd.nextGaussian() * perAxis;
        int b = (c * rank + r) * dim;
        for (int d = 0; d < dim; d++) {
          out[off + d] += (float) (z * bases[b + d]);
        }
      }
      for (int d = 0; d < dim; d++) {
        out[off + d] += (float) (rnd.nextGaussian() * noiseAxis);
      }
      BlockedSimilarity.normalize(out, off, dim);
    }
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
