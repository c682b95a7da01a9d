package io.antidote.detect.trigger;

import org.apache.commons.math3.distribution.ChiSquaredDistribution;

/**
 * How far a term's label distribution is from the corpus's base rates: the G statistic
 * (log-likelihood ratio; Dunning 1993) of the term's per-label row counts against the counts the
 * base rates predict, {@code G = 2 * sum_c n_tc * ln(n_tc / (n_t * p_c))}. Under independence G is
 * chi-squared with (labels - 1) degrees of freedom; real text is bursty (a name recurs throughout
 * one document), and a class's own vocabulary is concentrated too, so the detector uses the G-test
 * only as a prefilter; the evidence is whether the carriers read like their label (see {@link
 * TriggerTokenDetector}).
 */
public final class TokenConcentration {
  private TokenConcentration() {}

  /** G of counts {@code n[c]} against base rates {@code p[c]} (summing to 1). */
  public static double g(long[] n, double[] p) {
    long total = 0;
    for (long x : n) {
      total += x;
    }
    double g = 0;
    for (int c = 0; c < n.length; c++) {
      if (n[c] > 0) {
        g += n[c] * Math.log(n[c] / (total * p[c]));
      }
    }
    return 2 * g;
  }

  /**
   * The G above which a term's concentration is significant at family-wise level {@code alpha} over
   * {@code tests} terms (Bonferroni), with {@code labels - 1} degrees of freedom.
   */
  public static double gCut(int labels, long tests, double alpha) {
    int df = Math.max(1, labels - 1);
    double p = alpha / Math.max(1, tests);
    // inverseCumulativeProbability loses precision near 1; search the upper tail directly.
    ChiSquaredDistribution chi = new ChiSquaredDistribution(df);
    double lo = 0;
    double hi = Math.max(10, df * 10.0);
    while (1 - chi.cumulativeProbability(hi) > p && hi < 1e6) {
      hi *= 2;
    }
    for (int i = 0; i < 100; i++) {
      double mid = (lo + hi) / 2;
      if (1 - chi.cumulativeProbability(mid) > p) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return hi;
  }
}
