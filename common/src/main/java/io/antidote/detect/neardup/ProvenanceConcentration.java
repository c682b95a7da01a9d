package io.antidote.detect.neardup;

import java.io.Serializable;
import java.util.Arrays;
import org.apache.commons.math3.distribution.BinomialDistribution;

/**
 * The campaign test's p-value: how unlikely it is that {@code n} rows drawn at random from the
 * corpus come from as few as {@code d} distinct provenance keys (registrable domain, else host,
 * else source). Drawing rows one by one, each row after the first brings a new key with probability
 * at least {@code 1 - M(d)} while fewer than {@code d + 1} keys have been seen, where {@code M(d)}
 * is the corpus share of its {@code d} most common keys; so {@code P(D <= d) <= P(Binomial(n - 1, 1
 * - M(d)) <= d - 1)}, a valid (conservative) p-value that needs only the shares of the most common
 * keys. Beyond the {@code K} keys kept, {@code M(d) <= M(K) + (d - K) p(K)}.
 *
 * <p>Assumes that a natural group's rows come from hosts the way the corpus's rows do (a stock
 * caption served by many unrelated sites). Where it fails: content and host go together on real
 * data (a flags gallery serves look-alike flags; a corpus of five hosts makes every group
 * concentrated), so a small p-value says "not random rows", not "campaign": {@link
 * NearDuplicateGroups} also asks how much of what the keys serve the group is. A corpus whose rows
 * share one key (no URLs, one source) gives the test nothing to go on ({@code M(1) = 1}, every
 * p-value 1). Draws are with replacement; for groups much smaller than the corpus the difference is
 * negligible.
 */
public final class ProvenanceConcentration implements Serializable {
  private final double[] topCumulative;

  /**
   * @param keyCounts rows per provenance key, the most common first (at least the top K)
   * @param totalRows all rows of the corpus
   */
  public ProvenanceConcentration(long[] keyCounts, long totalRows) {
    if (totalRows <= 0) {
      throw new IllegalArgumentException("no rows to build the provenance null from");
    }
    long[] sorted = keyCounts.clone();
    Arrays.sort(sorted);
    topCumulative = new double[sorted.length];
    double c = 0;
    for (int i = 0; i < sorted.length; i++) {
      c += (double) sorted[sorted.length - 1 - i] / totalRows;
      topCumulative[i] = Math.min(1, c);
    }
  }

  /** The corpus share of its {@code d} most common keys (bounded beyond those kept). */
  public double topShare(int d) {
    if (d <= 0 || topCumulative.length == 0) {
      return 0;
    }
    if (d <= topCumulative.length) {
      return topCumulative[d - 1];
    }
    int k = topCumulative.length;
    double last = k == 1 ? topCumulative[0] : topCumulative[k - 1] - topCumulative[k - 2];
    return Math.min(1, topCumulative[k - 1] + (double) (d - k) * last);
  }

  /** The p-value of {@code d} distinct keys among {@code n} rows. */
  public double pValue(long n, long d) {
    if (n < 2 || d >= n || d < 1) {
      return 1;
    }
    double newKey = 1 - topShare((int) Math.min(Integer.MAX_VALUE, d));
    if (newKey <= 0) {
      return 1;
    }
    if (n - 1 > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("group of " + n + " rows is too large to test");
    }
    BinomialDistribution b = new BinomialDistribution(null, (int) (n - 1), newKey);
    double p = b.cumulativeProbability((int) (d - 1));
    if (p > 1e-12) {
      return p;
    }
    // Far in the tail the regularised beta function underflows (0 where the p-value is 1e-40):
    // sum the probabilities in log space instead.
    double largest = Double.NEGATIVE_INFINITY;
    double[] logs = new double[(int) d];
    for (int k = 0; k < d; k++) {
      logs[k] = b.logProbability(k);
      largest = Math.max(largest, logs[k]);
    }
    if (largest == Double.NEGATIVE_INFINITY) {
      return 0;
    }
    double sum = 0;
    for (double l : logs) {
      sum += Math.exp(l - largest);
    }
    return Math.min(1, Math.exp(largest + Math.log(sum)));
  }
}
