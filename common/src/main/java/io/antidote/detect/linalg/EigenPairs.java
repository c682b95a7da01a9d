package io.antidote.detect.linalg;

import java.io.Serializable;

/**
 * Eigenvalues in descending order and their unit eigenvectors ({@code vectors[i]} belongs to {@code
 * values[i]}). Each eigenvector's sign is fixed so that its largest-magnitude entry is positive,
 * which makes results reproducible across BLAS/LAPACK implementations.
 */
public final class EigenPairs implements Serializable {
  private static final long serialVersionUID = 1L;

  private final double[] values;
  private final double[][] vectors;

  public EigenPairs(double[] values, double[][] vectors) {
    this.values = values;
    this.vectors = vectors;
  }

  public int size() {
    return values.length;
  }

  public double value(int i) {
    return values[i];
  }

  public double[] values() {
    return values;
  }

  public double[] vector(int i) {
    return vectors[i];
  }

  public double[][] vectors() {
    return vectors;
  }

  /**
   * λ1/λ2, the spectral gap a planted sub-population opens; +∞ when λ2 is zero, NaN with fewer than
   * two eigenvalues.
   */
  public double topRatio() {
    if (values.length < 2) {
      return Double.NaN;
    }
    if (values[1] <= 0) {
      return Double.POSITIVE_INFINITY;
    }
    return values[0] / values[1];
  }
}
