package io.antidote.detect.knnoutliers;

import java.io.Serializable;
import java.util.Locale;

/**
 * An upper-tail null fitted to the corpus's own distribution of one statistic: the empirical share
 * {@code tau} of rows above the threshold {@code u} (the {@code from}-quantile), and above it an
 * exponential tail (a generalised Pareto with shape 0) of scale {@code sigma}, fitted by maximum
 * likelihood to the exceedances between {@code u} and the {@code to}-quantile, those above the
 * latter counted as censored (known only to lie above it). So rows beyond the {@code to}-quantile
 * (where a planted share up to {@code 1 - to} lands) do not shape the null.
 *
 * <p>Why shape 0: the statistics tested here are bounded (cosine distances), so their true tail is
 * short (shape below 0); an exponential tail over-states it, and its p-values are conservative. A
 * free shape fitted to a few hundred exceedances is too noisy to extrapolate to the 1e-6 levels
 * that Benjamini-Hochberg needs on a large corpus.
 *
 * @param u the threshold; {@link #sf} is 1 at or below it
 * @param tau share of rows above {@code u}
 * @param sigma the exponential scale above {@code u}
 * @param n rows the fit saw
 */
public record TailModel(double u, double tau, double sigma, long n) implements Serializable {

  /** A null under which nothing is ever significant (no data). */
  public static final TailModel NONE = new TailModel(Double.POSITIVE_INFINITY, 0, 1, 0);

  /**
   * Fits from a histogram of the statistic.
   *
   * @param counts rows per bin; bin {@code b} covers {@code [lo + b w, lo + (b + 1) w)}, the last
   *     bin also holds everything above
   * @param lo the lower edge of bin 0 (values below are counted in bin 0)
   * @param w the bin width
   * @param from quantile where the tail starts, in (0, 1)
   * @param to censoring quantile, in (from, 1)
   */
  public static TailModel fit(long[] counts, double lo, double w, double from, double to) {
    long n = 0;
    for (long c : counts) {
      n += c;
    }
    if (n == 0) {
      return NONE;
    }
    int ub = quantileBin(counts, n, from);
    int cb = Math.max(ub + 1, quantileBin(counts, n, to));
    double u = lo + (ub + 1) * w;
    double c = lo + (cb + 1) * w;
    long above = 0;
    long exceed = 0;
    long censored = 0;
    double sum = 0;
    for (int b = ub + 1; b < counts.length; b++) {
      above += counts[b];
      if (b <= cb) {
        exceed += counts[b];
        sum += counts[b] * ((b - ub - 0.5) * w);
      } else {
        censored += counts[b];
      }
    }
    if (above == 0) {
      // Nothing above the from-quantile (all rows in one bin): any larger value is off the data.
      return new TailModel(u, 1.0 / (n + 1), w, n);
    }
    // Censored exponential MLE: sigma = (sum of exceedances + censored x (c - u)) / uncensored.
    double sigma = (sum + censored * (c - u)) / Math.max(1, exceed);
    return new TailModel(u, (double) above / n, Math.max(sigma, w), n);
  }

  private static int quantileBin(long[] counts, long n, double q) {
    long target = (long) Math.ceil(q * n);
    long run = 0;
    for (int b = 0; b < counts.length; b++) {
      run += counts[b];
      if (run >= target) {
        return b;
      }
    }
    return counts.length - 1;
  }

  /** P(X > x) under the null; 1 at or below {@code u}. */
  public double sf(double x) {
    if (!(x > u)) {
      return 1.0;
    }
    return tau * Math.exp(-(x - u) / sigma);
  }

  /** The null in words, for a flag's evidence. */
  public String describe(String statistic) {
    return String.format(
        Locale.ROOT,
        "exponential tail of %s over the corpus (%d rows): %.4f of rows above u=%.4f, scale %.4f"
            + " (censored above the fit range)",
        statistic,
        n,
        tau,
        u,
        sigma);
  }
}
