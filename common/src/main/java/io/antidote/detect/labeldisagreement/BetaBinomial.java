package io.antidote.detect.labeldisagreement;

/**
 * The beta-binomial law of a vote count: {@code x} of {@code n} voters agree when each row's own
 * agreement rate is drawn from Beta(a, b). Maximum-likelihood fit on a weighted histogram
 * (Nelder–Mead on log a, log b, with a >= 1), pmf and lower tail.
 */
final class BetaBinomial {
  private BetaBinomial() {}

  static double logPmf(int x, int n, double a, double b) {
    return logChoose(n, x) + logBeta(x + a, n - x + b) - logBeta(a, b);
  }

  /** P(X <= x) for x = 0..n. */
  static double[] lowerTail(int n, double a, double b) {
    double[] cdf = new double[n + 1];
    double s = 0;
    for (int x = 0; x <= n; x++) {
      s += Math.exp(logPmf(x, n, a, b));
      cdf[x] = Math.min(1.0, s);
    }
    return cdf;
  }

  /** Negative log-likelihood of {@code weights[x]} rows with count x of n. */
  static double nll(double[] weights, int n, double a, double b) {
    double s = 0;
    for (int x = 0; x <= n; x++) {
      if (weights[x] > 0) {
        s -= weights[x] * logPmf(x, n, a, b);
      }
    }
    return s;
  }

  /** Maximum-likelihood (a, b) for the weighted histogram {@code weights[0..n]}. */
  static double[] fit(double[] weights, int n) {
    double w = 0;
    double mean = 0;
    for (int x = 0; x <= n; x++) {
      w += weights[x];
      mean += weights[x] * x;
    }
    double m = w > 0 ? Math.min(0.99, Math.max(0.01, mean / w / n)) : 0.5;
    double[][] simplex = {
      {Math.log(2 * m), Math.log(2 * (1 - m))},
      {Math.log(2 * m) + 0.5, Math.log(2 * (1 - m))},
      {Math.log(2 * m), Math.log(2 * (1 - m)) + 0.5}
    };
    double[] f = new double[3];
    for (int i = 0; i < 3; i++) {
      f[i] = objective(weights, n, simplex[i]);
    }
    for (int iter = 0; iter < 400; iter++) {
      // Order best (0) .. worst (2).
      for (int i = 0; i < 2; i++) {
        for (int j = i + 1; j < 3; j++) {
          if (f[j] < f[i]) {
            double[] t = simplex[i];
            simplex[i] = simplex[j];
            simplex[j] = t;
            double tf = f[i];
            f[i] = f[j];
            f[j] = tf;
          }
        }
      }
      if (Math.abs(f[2] - f[0]) < 1e-9 * (1 + Math.abs(f[0]))) {
        break;
      }
      double[] c = {(simplex[0][0] + simplex[1][0]) / 2, (simplex[0][1] + simplex[1][1]) / 2};
      double[] r = along(c, simplex[2], -1);
      double fr = objective(weights, n, r);
      if (fr < f[0]) {
        double[] e = along(c, simplex[2], -2);
        double fe = objective(weights, n, e);
        if (fe < fr) {
          simplex[2] = e;
          f[2] = fe;
        } else {
          simplex[2] = r;
          f[2] = fr;
        }
      } else if (fr < f[1]) {
        simplex[2] = r;
        f[2] = fr;
      } else {
        double[] k = along(c, simplex[2], 0.5);
        double fk = objective(weights, n, k);
        if (fk < f[2]) {
          simplex[2] = k;
          f[2] = fk;
        } else {
          for (int i = 1; i < 3; i++) {
            simplex[i] = along(simplex[0], simplex[i], 0.5);
            f[i] = objective(weights, n, simplex[i]);
          }
        }
      }
    }
    int best = f[0] <= f[1] && f[0] <= f[2] ? 0 : f[1] <= f[2] ? 1 : 2;
    return new double[] {Math.exp(simplex[best][0]), Math.exp(simplex[best][1])};
  }

  private static double[] along(double[] c, double[] p, double t) {
    return new double[] {c[0] + t * (p[0] - c[0]), c[1] + t * (p[1] - c[1])};
  }

  private static double objective(double[] weights, int n, double[] logAb) {
    // Keep a in [1, 1e4] and b in [1e-3, 1e4]. a >= 1: a class's clean rows do not pile up at zero
    // agreement (else the law would explain flips as clean rows); outside, the law is degenerate.
    double la = Math.max(0, Math.min(9.2, logAb[0]));
    double lb = Math.max(-7, Math.min(9.2, logAb[1]));
    double penalty = Math.abs(la - logAb[0]) + Math.abs(lb - logAb[1]);
    return nll(weights, n, Math.exp(la), Math.exp(lb)) + 1e3 * penalty;
  }

  static double logBeta(double a, double b) {
    return logGamma(a) + logGamma(b) - logGamma(a + b);
  }

  static double logChoose(int n, int x) {
    return logGamma(n + 1.0) - logGamma(x + 1.0) - logGamma(n - x + 1.0);
  }

  private static final double[] LANCZOS = {
    0.99999999999980993,
    676.5203681218851,
    -1259.1392167224028,
    771.32342877765313,
    -176.61502916214059,
    12.507343278686905,
    -0.13857109526572012,
    9.9843695780195716e-6,
    1.5056327351493116e-7
  };

  /** ln Γ(x) for x > 0 (Lanczos, g = 7; relative error about 1e-15). */
  static double logGamma(double x) {
    if (x < 0.5) {
      return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
    }
    x -= 1;
    double s = LANCZOS[0];
    double t = x + 7.5;
    for (int i = 1; i < 9; i++) {
      s += LANCZOS[i] / (x + i);
    }
    return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(s);
  }
}
