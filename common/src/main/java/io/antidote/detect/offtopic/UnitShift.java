package io.antidote.detect.offtopic;

import io.antidote.detect.evidence.EmpiricalNull;
import org.apache.commons.math3.special.Erf;

/**
 * The per-unit two-sample test of {@link OffTopicDetector}, on arrays. Each distinct row of the
 * corpus has an isolation: its cosine distance to its m-th nearest row of another unit, and a
 * corpus quantile u of it (mid-rank). A unit's statistic is van der Waerden's normal-scores test
 * (van der Waerden 1952) of its rows against the whole corpus, as a z score: the mean of its rows'
 * normal scores Φ⁻¹(u) (standard normal under the null that the unit is a random sample of the
 * corpus) over the standard deviation of the mean of n draws without replacement from N, sqrt((N −
 * n) / (n (N − 1))). Normal scores rather than Mann-Whitney's plain ranks: an injected unit sits in
 * the corpus's upper tail, where ranks saturate (n rows can reach at most z = 0.5 sqrt(12 n) with
 * ranks, 4.9 for 8 rows) and normal scores do not (they stop at the corpus quantiles' resolution,
 * Φ⁻¹(1 − 1/2q)).
 *
 * <p>Real provenance units are not random samples (a cooking blog writes about food), so the
 * theoretical null N(0, 1) would reject many clean units of a real corpus. The p-values are taken
 * against Efron's empirical null ({@link EmpiricalNull}), fitted to all tested units' z, so a
 * corpus whose hosts are topical widens its own null.
 */
public final class UnitShift {
  private UnitShift() {}

  /**
   * The z score of a unit.
   *
   * @param sumScores sum of the unit's distinct rows' normal scores ({@link #score})
   * @param n the unit's distinct rows
   * @param total distinct rows of the corpus
   * @return the z score; NaN when the unit is (nearly) the whole corpus
   */
  public static double z(double sumScores, long n, long total) {
    if (n < 1 || total <= n) {
      return Double.NaN;
    }
    double var = (double) (total - n) / ((double) n * (total - 1));
    return (sumScores / n) / Math.sqrt(var);
  }

  /** The normal score Φ⁻¹(u) of a corpus quantile, u kept inside [1/2q, 1 − 1/2q]. */
  public static double score(double u, int quantiles) {
    double lo = 0.5 / Math.max(1, quantiles);
    double c = Math.max(lo, Math.min(1 - lo, u));
    return Math.sqrt(2) * Erf.erfInv(2 * c - 1);
  }

  /**
   * The corpus quantile (mid-rank) of {@code x} among a corpus summarised by {@code quantiles}, the
   * values at probabilities (i + 1/2) / q for i = 0..q-1, ascending: (below + (at or below)) / 2q.
   */
  public static double quantile(double[] quantiles, double x) {
    int q = quantiles.length;
    if (q == 0) {
      return 0.5;
    }
    int below = lowerBound(quantiles, x);
    int atOrBelow = below;
    while (atOrBelow < q && quantiles[atOrBelow] <= x) {
      atOrBelow++;
    }
    return (below + atOrBelow) / (2.0 * q);
  }

  /** The value at probability {@code p} of a corpus summarised as in {@link #quantile}. */
  public static double quantileValue(double[] quantiles, double p) {
    if (quantiles.length == 0) {
      return Double.NaN;
    }
    int i = (int) Math.min(quantiles.length - 1, Math.max(0, Math.floor(p * quantiles.length)));
    return quantiles[i];
  }

  /** The probabilities at which {@link #quantile} expects the corpus quantiles. */
  public static double[] probabilities(int q) {
    double[] p = new double[q];
    for (int i = 0; i < q; i++) {
      p[i] = (i + 0.5) / q;
    }
    return p;
  }

  private static int lowerBound(double[] a, double x) {
    int lo = 0;
    int hi = a.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (a[mid] < x) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }
}
