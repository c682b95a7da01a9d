package io.antidote.detect.spectral;

import io.antidote.detect.linalg.EigenPairs;
import io.antidote.detect.linalg.SymmetricEigen;

/**
 * Quantum-entropy (QUE) scoring after robust whitening, as in SPECTRE (Hayase, Kong, Somani, Oh,
 * "SPECTRE: Defending Against Backdoor Attacks Using Robust Statistics", ICML 2021). Whitening with
 * a covariance estimated robustly from (mostly) clean rows makes the clean population isotropic, so
 * every direction in which the whitened data has variance above 1 is excess variance the poison
 * brings. QUE weights those directions with Q = exp(α(Σ̃ − I)/(‖Σ̃‖ − 1)) / tr(...): α = 0 gives
 * the Mahalanobis norm (all directions), large α the top direction only (the spectral signature of
 * the whitened data).
 *
 * <p>Assumptions: the robust estimate is close to the clean covariance, i.e. the trimming removed
 * most of the poison (it is built by iterative trimming of ⌈fraction·n⌉ rows by Mahalanobis
 * distance; SPECTRE uses a filter with guarantees). Fails when the poison fraction exceeds the
 * trimmed fraction, and when the group has too few rows for a k-dimensional covariance (keep k well
 * below n).
 */
public final class QueScoring {
  private QueScoring() {}

  /**
   * The symmetric k×k matrix R with score = (z − m)ᵀ R (z − m), from the robust mean {@code m} and
   * covariance {@code s} (column-major k×k) and the group's second moment about its mean {@code
   * full} (column-major k×k, in the same coordinates).
   */
  public static double[] form(double[] m, double[] s, double[] full, double alpha) {
    int k = m.length;
    double[] w = inverseSqrt(s, k);
    // Σ̃ = W (full + (μ − m)(μ − m)ᵀ) W; with coordinates centred on the group mean μ = 0.
    double[] about = full.clone();
    for (int j = 0; j < k; j++) {
      for (int i = 0; i < k; i++) {
        about[i + j * k] += m[i] * m[j];
      }
    }
    double[] whitened = multiply(multiply(w, about, k), w, k);
    EigenPairs e = SymmetricEigen.all(whitened, k);
    double top = e.value(0);
    double[] q;
    if (alpha == 0 || top <= 1 + 1e-9) {
      q = identity(k); // no excess variance: plain Mahalanobis distance
    } else {
      double scale = alpha / (top - 1);
      q = SymmetricEigen.apply(whitened, k, l -> Math.exp(scale * (l - 1)));
      double trace = 0;
      for (int i = 0; i < k; i++) {
        trace += q[i + i * k];
      }
      for (int i = 0; i < q.length; i++) {
        q[i] = q[i] * k / trace; // normalised to trace k, so scores stay on the Mahalanobis scale
      }
    }
    return multiply(multiply(w, q, k), w, k);
  }

  /** The largest eigenvalue of the whitened second moment (how much excess variance there is). */
  public static double whitenedTop(double[] m, double[] s, double[] full) {
    int k = m.length;
    double[] w = inverseSqrt(s, k);
    double[] about = full.clone();
    for (int j = 0; j < k; j++) {
      for (int i = 0; i < k; i++) {
        about[i + j * k] += m[i] * m[j];
      }
    }
    return SymmetricEigen.top(multiply(multiply(w, about, k), w, k), k, 1).value(0);
  }

  /**
   * S^{-1/2}, with eigenvalues floored at 1e-9 of the largest so a rank-deficient S stays finite.
   */
  public static double[] inverseSqrt(double[] s, int k) {
    double top = SymmetricEigen.top(s, k, 1).value(0);
    double floor = Math.max(top * 1e-9, Double.MIN_NORMAL);
    return SymmetricEigen.apply(s, k, l -> 1 / Math.sqrt(Math.max(l, floor)));
  }

  static double[] identity(int k) {
    double[] id = new double[k * k];
    for (int i = 0; i < k; i++) {
      id[i + i * k] = 1;
    }
    return id;
  }

  static double[] multiply(double[] a, double[] b, int n) {
    double[] c = new double[n * n];
    for (int j = 0; j < n; j++) {
      for (int p = 0; p < n; p++) {
        double bpj = b[p + j * n];
        if (bpj == 0) {
          continue;
        }
        for (int i = 0; i < n; i++) {
          c[i + j * n] += a[i + p * n] * bpj;
        }
      }
    }
    return c;
  }
}
