package io.antidote.detect.spectral;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** SPECTRE's QUE form on 2×2 matrices worked by hand (column-major). */
class QueScoringTest {

  @Test
  void noExcessVarianceGivesMahalanobisDistance() {
    double[] s = {4, 0, 0, 1};
    // Robust covariance equal to the group's: whitened second moment is I, so Q = I and R = S⁻¹.
    assertArrayEquals(
        new double[] {0.25, 0, 0, 1}, QueScoring.form(new double[2], s, s, 4.0), 1e-12);
    assertEquals(1.0, QueScoring.whitenedTop(new double[2], s, s), 1e-12);
    // α = 0 is Mahalanobis distance whatever the excess variance.
    assertArrayEquals(
        new double[] {0.25, 0, 0, 1},
        QueScoring.form(new double[2], s, new double[] {40, 0, 0, 1}, 0.0),
        1e-12);
  }

  @Test
  void excessVarianceIsWeightedExponentiallyAndTraceNormalised() {
    double[] identity = {1, 0, 0, 1};
    double[] full = {9, 0, 0, 1};
    // Σ̃ = diag(9, 1); α = 4: Q ∝ diag(exp(4·8/8), exp(0)), normalised to trace 2.
    double e4 = Math.exp(4);
    double[] expected = {2 * e4 / (e4 + 1), 0, 0, 2 / (e4 + 1)};
    assertArrayEquals(expected, QueScoring.form(new double[2], identity, full, 4.0), 1e-9);
    assertEquals(9.0, QueScoring.whitenedTop(new double[2], identity, full), 1e-9);
  }

  @Test
  void robustMeanOffsetAddsToTheSecondMoment() {
    // Group mean 0, robust mean (2, 0): the second moment about the robust mean is full + m mᵀ.
    double[] identity = {1, 0, 0, 1};
    assertEquals(5.0, QueScoring.whitenedTop(new double[] {2, 0}, identity, identity), 1e-9);
  }

  @Test
  void inverseSqrtFloorsTinyEigenvalues() {
    assertArrayEquals(
        new double[] {0.5, 0, 0, 1}, QueScoring.inverseSqrt(new double[] {4, 0, 0, 1}, 2), 1e-12);
    double[] w = QueScoring.inverseSqrt(new double[] {1, 0, 0, 0}, 2);
    assertEquals(1.0, w[0], 1e-12);
    assertEquals(1 / Math.sqrt(1e-9), w[3], 1e-3);
  }
}
