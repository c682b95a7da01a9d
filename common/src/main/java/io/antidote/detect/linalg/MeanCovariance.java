package io.antidote.detect.linalg;

import java.io.Serializable;

/**
 * A mean vector and a symmetric covariance matrix (column-major, full storage) over {@code count}
 * rows.
 */
public final class MeanCovariance implements Serializable {
  private static final long serialVersionUID = 1L;

  private final long count;
  private final double[] mean;
  private final double[] covariance;

  public MeanCovariance(long count, double[] mean, double[] covariance) {
    if (covariance.length != mean.length * mean.length) {
      throw new IllegalArgumentException(
          "covariance has "
              + covariance.length
              + " entries, expected "
              + mean.length * mean.length);
    }
    this.count = count;
    this.mean = mean;
    this.covariance = covariance;
  }

  public long count() {
    return count;
  }

  public int dim() {
    return mean.length;
  }

  public double[] mean() {
    return mean;
  }

  /** Column-major d×d. */
  public double[] covariance() {
    return covariance;
  }
}
