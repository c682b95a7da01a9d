package io.antidote.detect.groups;

import io.antidote.detect.linalg.DenseVectors;
import java.io.Serializable;

/**
 * Scores a vector x by a quadratic form in a low-dimensional projection: z = P(x − μ), score = (z −
 * c)ᵀ R (z − c). With P the top singular directions, c = 0 and R = I this is the spectral signature
 * of Tran et al. (the squared projection on the top direction when P has one row); with P the top-k
 * directions, (c, R) from a robust whitening and the QUE matrix it is SPECTRE's score ({@link
 * io.antidote.detect.spectral.QueScoring}).
 */
public final class ProjectionScorer implements Serializable {
  private static final long serialVersionUID = 1L;

  private final double[] mean;
  private final double[][] basis;
  private final double[] centre;
  private final double[] form;

  /**
   * @param mean μ, length d
   * @param basis P, k rows of length d
   * @param centre c, length k, or null for 0
   * @param form R, column-major k×k symmetric, or null for the identity
   */
  public ProjectionScorer(double[] mean, double[][] basis, double[] centre, double[] form) {
    this.mean = mean;
    this.basis = basis;
    this.centre = centre;
    this.form = form;
  }

  /** The same projection, scored as (z − c)ᵀ R (z − c). */
  public ProjectionScorer withWhitening(double[] c, double[] r) {
    return new ProjectionScorer(mean, basis, c, r);
  }

  public int dim() {
    return mean.length;
  }

  /** z = P(x − μ). */
  public double[] project(float[] x) {
    return DenseVectors.project(x, mean, basis);
  }

  public double score(float[] x) {
    return scoreProjected(project(x));
  }

  public double scoreProjected(double[] z) {
    if (centre != null) {
      for (int i = 0; i < z.length; i++) {
        z[i] -= centre[i];
      }
    }
    if (form == null) {
      return DenseVectors.dot(z, z);
    }
    return DenseVectors.quadraticForm(z, form);
  }
}
