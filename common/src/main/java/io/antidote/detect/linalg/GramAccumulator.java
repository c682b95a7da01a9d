package io.antidote.detect.linalg;

import dev.ludovic.netlib.blas.BLAS;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.Serializable;

/**
 * Count, sum and the upper triangle of Σ x xᵀ of a stream of d-dimensional vectors: the sufficient
 * statistics of a mean and covariance, computed in one pass and mergeable, so Spark can build them
 * per partition and add them up. Rows are buffered and folded in with a rank-k update ({@code
 * dsyrk}) because a level-3 call is several times faster than one rank-1 update per row.
 *
 * <p>Precision: the covariance is E[xxᵀ] − μμᵀ in double precision, which loses digits when the
 * mean is large against the spread (|μ|²/σ² near 1e12). Embeddings (unit-scale values) are far from
 * that. Memory: d² doubles per accumulator (8 MB at d = 1024).
 */
public final class GramAccumulator implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final int BATCH = 64;

  private final int dim;
  private long count;
  private final double[] sum;

  /** Column-major d×d; only the upper triangle is maintained. */
  private final double[] gram;

  private transient double[] buffer;
  private transient int buffered;

  public GramAccumulator(int dim) {
    if (dim <= 0) {
      throw new IllegalArgumentException("dimension must be positive, got " + dim);
    }
    this.dim = dim;
    this.sum = new double[dim];
    this.gram = new double[dim * dim];
  }

  public int dim() {
    return dim;
  }

  public long count() {
    return count + buffered;
  }

  public void add(float[] x) {
    checkDim(x.length);
    double[] b = slot();
    int off = buffered * dim;
    for (int i = 0; i < dim; i++) {
      b[off + i] = x[i];
    }
    pushed();
  }

  public void add(double[] x) {
    checkDim(x.length);
    double[] b = slot();
    System.arraycopy(x, 0, b, buffered * dim, dim);
    pushed();
  }

  /** Adds {@code other} into this accumulator and returns this. */
  public GramAccumulator merge(GramAccumulator other) {
    if (other.dim != dim) {
      throw new IllegalArgumentException("cannot merge dimension " + other.dim + " into " + dim);
    }
    flush();
    other.flush();
    count += other.count;
    for (int i = 0; i < dim; i++) {
      sum[i] += other.sum[i];
    }
    for (int i = 0; i < gram.length; i++) {
      gram[i] += other.gram[i];
    }
    return this;
  }

  /** Folds buffered rows into the sums. Called before the accumulator leaves its task. */
  public void flush() {
    if (buffered == 0) {
      return;
    }
    BLAS.getInstance().dsyrk("U", "N", dim, buffered, 1.0, buffer, dim, 1.0, gram, dim);
    for (int r = 0; r < buffered; r++) {
      int off = r * dim;
      for (int i = 0; i < dim; i++) {
        sum[i] += buffer[off + i];
      }
    }
    count += buffered;
    buffered = 0;
  }

  /** Mean and population covariance (divided by n) of what was added. */
  public MeanCovariance meanCovariance() {
    flush();
    if (count == 0) {
      throw new IllegalStateException("no vectors were added");
    }
    double[] mean = new double[dim];
    for (int i = 0; i < dim; i++) {
      mean[i] = sum[i] / count;
    }
    double[] cov = new double[dim * dim];
    for (int j = 0; j < dim; j++) {
      for (int i = 0; i <= j; i++) {
        double c = gram[i + j * dim] / count - mean[i] * mean[j];
        cov[i + j * dim] = c;
        cov[j + i * dim] = c;
      }
    }
    return new MeanCovariance(count, mean, cov);
  }

  private double[] slot() {
    if (buffer == null) {
      buffer = new double[BATCH * dim];
    }
    return buffer;
  }

  private void pushed() {
    buffered++;
    if (buffered == BATCH) {
      flush();
    }
  }

  private void checkDim(int length) {
    if (length != dim) {
      throw new IllegalArgumentException(
          "expected a vector of dimension " + dim + ", got " + length);
    }
  }

  private void writeObject(ObjectOutputStream out) throws IOException {
    flush();
    out.defaultWriteObject();
  }
}
