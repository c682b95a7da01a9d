package io.antidote.detect.linalg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class SymmetricEigenTest {

  @Test
  void knownTwoByTwo() {
    // [[2,1],[1,2]] has eigenvalues 3 (along (1,1)/√2) and 1 (along (1,-1)/√2).
    EigenPairs e = SymmetricEigen.all(new double[] {2, 1, 1, 2}, 2);
    assertEquals(3.0, e.value(0), 1e-12);
    assertEquals(1.0, e.value(1), 1e-12);
    assertEquals(1 / Math.sqrt(2), e.vector(0)[0], 1e-12);
    assertEquals(1 / Math.sqrt(2), e.vector(0)[1], 1e-12);
    assertEquals(1 / Math.sqrt(2), Math.abs(e.vector(1)[0]), 1e-12);
    assertEquals(-e.vector(1)[0], e.vector(1)[1], 1e-12);
    assertEquals(3.0, e.topRatio(), 1e-12);
    assertSolvesTheEigenEquation(new double[] {2, 1, 1, 2}, 2, e, 1e-12);
  }

  @Test
  void topKOfPlantedSpectrumMatchesConstruction() {
    // A = Q diag(λ) Qᵀ with a random orthogonal Q (Gram–Schmidt) and known λ.
    int n = 60;
    Random rnd = new Random(7);
    double[][] q = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        q[i][j] = rnd.nextGaussian();
      }
      for (int p = 0; p < i; p++) {
        double d = DenseVectors.dot(q[i], q[p]);
        for (int j = 0; j < n; j++) {
          q[i][j] -= d * q[p][j];
        }
      }
      double norm = Math.sqrt(DenseVectors.dot(q[i], q[i]));
      for (int j = 0; j < n; j++) {
        q[i][j] /= norm;
      }
    }
    double[] lambda = new double[n];
    for (int i = 0; i < n; i++) {
      lambda[i] = n - i; // 60, 59, ..., 1
    }
    double[] a = new double[n * n];
    for (int k = 0; k < n; k++) {
      for (int j = 0; j < n; j++) {
        for (int i = 0; i < n; i++) {
          a[i + j * n] += lambda[k] * q[k][i] * q[k][j];
        }
      }
    }
    EigenPairs top = SymmetricEigen.top(a, n, 3);
    assertEquals(3, top.size());
    for (int k = 0; k < 3; k++) {
      assertEquals(lambda[k], top.value(k), 1e-9);
      assertEquals(1.0, Math.abs(DenseVectors.dot(top.vector(k), q[k])), 1e-9);
    }
    assertEquals(60.0 / 59.0, top.topRatio(), 1e-9);
    assertSolvesTheEigenEquation(a, n, top, 1e-9);
  }

  @Test
  void applyComputesInverseSquareRoot() {
    double[] a = {4, 1, 0, 1, 3, 0.5, 0, 0.5, 2};
    double[] w = SymmetricEigen.apply(a, 3, l -> 1 / Math.sqrt(l));
    // W·A·W = I
    double[] wa = mul(w, a, 3);
    double[] waw = mul(wa, w, 3);
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 3; j++) {
        assertEquals(i == j ? 1.0 : 0.0, waw[i + j * 3], 1e-10);
      }
    }
  }

  @Test
  void largeMatrixWithAClusteredSpectrumGivesItsTopPairs() {
    // I + 5·uuᵀ/|u|²: eigenvalue 6 along u, and 1 with multiplicity 1023 on u's complement (the
    // cluster the partial range can fail on, so this also exercises the full fallback at size).
    int n = 1024;
    Random rnd = new Random(3);
    double[] u = new double[n];
    for (int i = 0; i < n; i++) {
      u[i] = rnd.nextGaussian();
    }
    double norm = Math.sqrt(DenseVectors.dot(u, u));
    double[] a = new double[n * n];
    for (int j = 0; j < n; j++) {
      a[j + j * n] = 1.0;
      for (int i = 0; i < n; i++) {
        a[i + j * n] += 5.0 * u[i] * u[j] / (norm * norm);
      }
    }
    EigenPairs top = SymmetricEigen.top(a, n, 2);
    assertEquals(2, top.size());
    assertEquals(6.0, top.value(0), 1e-9);
    assertEquals(1.0, top.value(1), 1e-9);
    assertEquals(1.0, Math.abs(DenseVectors.dot(top.vector(0), u)) / norm, 1e-9);
    // The second vector lies in the eigenspace of 1, u's orthogonal complement.
    assertEquals(0.0, DenseVectors.dot(top.vector(1), u) / norm, 1e-9);
    assertSolvesTheEigenEquation(a, n, top, 1e-9);
  }

  @Test
  void fullFallbackAgreesWithPartialRange() {
    double[] a = {4, 1, 0, 1, 3, 0.5, 0, 0.5, 2};
    EigenPairs partial = SymmetricEigen.top(a, 3, 2);
    EigenPairs full = SymmetricEigen.topOfAll(a, 3, 2);
    for (int i = 0; i < 2; i++) {
      assertEquals(partial.value(i), full.value(i), 1e-12);
      assertEquals(1.0, Math.abs(DenseVectors.dot(partial.vector(i), full.vector(i))), 1e-10);
    }
  }

  /**
   * Each pair satisfies A·v = λ·v (max-norm residual within {@code tol}, relative to the largest
   * |λ|), and the vectors are orthonormal.
   */
  private static void assertSolvesTheEigenEquation(double[] a, int n, EigenPairs e, double tol) {
    double scale = Math.max(1.0, Math.abs(e.value(0)));
    for (int k = 0; k < e.size(); k++) {
      double[] v = e.vector(k);
      assertEquals(n, v.length);
      double residual = 0;
      for (int i = 0; i < n; i++) {
        double av = 0;
        for (int j = 0; j < n; j++) {
          av += a[i + j * n] * v[j];
        }
        residual = Math.max(residual, Math.abs(av - e.value(k) * v[i]));
      }
      assertTrue(residual <= tol * scale, "pair " + k + ": |Av - λv|∞ = " + residual);
      for (int l = 0; l <= k; l++) {
        assertEquals(
            l == k ? 1.0 : 0.0, DenseVectors.dot(v, e.vector(l)), tol, "<v" + k + ", v" + l + ">");
      }
    }
    for (int k = 1; k < e.size(); k++) {
      assertTrue(e.value(k - 1) >= e.value(k), "descending: " + e.value(k - 1) + ", " + e.value(k));
    }
  }

  private static double[] mul(double[] x, double[] y, int n) {
    double[] z = new double[n * n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        for (int k = 0; k < n; k++) {
          z[i + j * n] += x[i + k * n] * y[k + j * n];
        }
      }
    }
    return z;
  }
}
