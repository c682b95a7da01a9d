package io.antidote.detect.trigger;

import java.io.Serializable;
import java.util.Locale;
import java.util.SplittableRandom;
import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * Do a term's carriers fit their label worse than the label's other rows? The Mann-Whitney U
 * statistic (Mann &amp; Whitney 1947) of each row's misfit to its own label ({@link
 * NaiveBayesLabelFit#misfitBin}: higher = fits worse), carriers against the label's other rows.
 * Misfits are small integers, so both samples arrive as histograms (index = misfit bin) that Spark
 * counts distributively, and ties are exact.
 *
 * <p>Two figures, because significance is not size: the effect, {@code AUC = U / (carriers x
 * reference)}, the chance a carrier fits the label worse than an ordinary row (0.5 = no
 * difference), and a p-value of the one-sided test under the permutation null (carriers and
 * reference rows exchangeable). {@link #pValue} is valid at any sample size: the smaller of
 * Hoeffding's bound for sampling without replacement and a Monte Carlo permutation p-value
 * (Besag-Clifford sequential stopping), doubled (a union bound over the two). The normal
 * approximation {@code z} is kept for the report: at thousands of carriers it makes a trivial
 * effect (AUC 0.60) look like z = 16.
 */
public final class OffLabelTest {
  /** Monte Carlo permutations stop after this many at least as extreme (Besag-Clifford). */
  static final int EXCEEDANCES = 10;

  /**
   * Above this many pooled rows only Hoeffding's bound is used (the permutation pool is memory).
   */
  static final long MAX_POOLED = 4_000_000;

  private OffLabelTest() {}

  /** Figures of one test. */
  public static final class Result implements Serializable {
    private static final long serialVersionUID = 1L;
    public final long carriers;
    public final long reference;

    /** Mean margin (nats) of the carriers' other words for the label, and of its other rows. */
    public final double carrierMeanMargin;

    public final double referenceMeanMargin;

    /** Share of carriers whose other words fit another label better (margin below 0). */
    public final double carrierOffLabelShare;

    /**
     * U / (carriers x reference): the chance a carrier fits the label worse than an ordinary row.
     */
    public final double auc;

    /** The normal approximation of the one-sided test (tie and continuity corrected). */
    public final double z;

    final long[] carrierHistogram;
    final long[] referenceHistogram;

    Result(
        long carriers,
        long reference,
        double carrierMeanMargin,
        double referenceMeanMargin,
        double carrierOffLabelShare,
        double auc,
        double z,
        long[] carrierHistogram,
        long[] referenceHistogram) {
      this.carriers = carriers;
      this.reference = reference;
      this.carrierMeanMargin = carrierMeanMargin;
      this.referenceMeanMargin = referenceMeanMargin;
      this.carrierOffLabelShare = carrierOffLabelShare;
      this.auc = auc;
      this.z = z;
      this.carrierHistogram = carrierHistogram.clone();
      this.referenceHistogram = referenceHistogram.clone();
    }

    @Override
    public String toString() {
      return String.format(
          Locale.ROOT,
          "carriers %d mean margin %.2f (%.0f%% fit another label) vs %d others %.2f, AUC %.3f,"
              + " z=%.2f",
          carriers,
          carrierMeanMargin,
          100 * carrierOffLabelShare,
          reference,
          referenceMeanMargin,
          auc,
          z);
    }
  }

  /**
   * @param carriers carriers per misfit bin
   * @param reference the label's other rows per misfit bin
   */
  public static Result mannWhitney(long[] carriers, long[] reference) {
    int k = Math.max(carriers.length, reference.length);
    long n1 = 0;
    long n0 = 0;
    double sum1 = 0;
    double sum0 = 0;
    long off = 0;
    for (int i = 0; i < k; i++) {
      n1 += at(carriers, i);
      n0 += at(reference, i);
      sum1 += NaiveBayesLabelFit.marginOf(i) * at(carriers, i);
      sum0 += NaiveBayesLabelFit.marginOf(i) * at(reference, i);
      if (i > NaiveBayesLabelFit.ZERO_BIN) {
        off += at(carriers, i);
      }
    }
    if (n1 == 0 || n0 == 0) {
      return new Result(
          n1,
          n0,
          n1 == 0 ? Double.NaN : sum1 / n1,
          n0 == 0 ? Double.NaN : sum0 / n0,
          n1 == 0 ? Double.NaN : off / (double) n1,
          Double.NaN,
          Double.NaN,
          carriers,
          reference);
    }
    double u = u(carriers, reference);
    double ties = 0;
    for (int i = 0; i < k; i++) {
      double t = at(carriers, i) + at(reference, i);
      ties += t * t * t - t;
    }
    double n = n1 + n0;
    double mean = n1 * (double) n0 / 2;
    double var = n1 * (double) n0 / 12 * ((n + 1) - ties / (n * (n - 1)));
    double d = u - mean;
    double z = var <= 0 ? 0 : Math.signum(d) * Math.max(0, Math.abs(d) - 0.5) / Math.sqrt(var);
    return new Result(
        n1,
        n0,
        sum1 / n1,
        sum0 / n0,
        off / (double) n1,
        u / (n1 * (double) n0),
        z,
        carriers,
        reference);
  }

  /**
   * U: (carrier, reference) pairs where the carrier fits worse (higher bin), ties counting a half.
   */
  static double u(long[] carriers, long[] reference) {
    int k = Math.max(carriers.length, reference.length);
    double u = 0;
    long below = 0;
    for (int i = 0; i < k; i++) {
      u += at(carriers, i) * (below + 0.5 * at(reference, i));
      below += at(reference, i);
    }
    return u;
  }

  /**
   * The one-sided p-value of {@code r}'s U under the permutation null: {@code min(1, 2 min(p_H,
   * p_MC))}, where p_H is Hoeffding's bound (1963, which holds for sampling without replacement) on
   * the carriers' mean mid-rank and p_MC a Monte Carlo permutation p-value from at most {@code
   * permutations} draws (stopping after {@value #EXCEEDANCES} at least as extreme; Besag &amp;
   * Clifford 1991). p_MC is not drawn when p_H is already below its smallest value {@code 1 /
   * (permutations + 1)}, nor over more than {@value #MAX_POOLED} pooled rows.
   */
  public static double pValue(Result r, long permutations, long seed) {
    if (r.carriers == 0 || r.reference == 0 || !(r.auc > 0.5)) {
      return 1.0;
    }
    long[] c = r.carrierHistogram;
    long[] ref = r.referenceHistogram;
    int k = Math.max(c.length, ref.length);
    long n1 = r.carriers;
    long n0 = r.reference;
    long n = n1 + n0;
    // Pooled mid-ranks per bin; the carriers' rank sum W = U + n1 (n1 + 1) / 2.
    double[] mid = new double[k];
    long[] pooled = new long[k];
    long seen = 0;
    double lo = Double.NaN;
    double hi = Double.NaN;
    for (int i = 0; i < k; i++) {
      pooled[i] = at(c, i) + at(ref, i);
      mid[i] = seen + (pooled[i] + 1) / 2.0;
      seen += pooled[i];
      if (pooled[i] > 0) {
        lo = Double.isNaN(lo) ? mid[i] : lo;
        hi = mid[i];
      }
    }
    double observed = u(c, ref) + n1 * (n1 + 1) / 2.0;
    double t = observed / n1 - (n + 1) / 2.0;
    double hoeffding = hi > lo ? Math.exp(-2.0 * n1 * t * t / ((hi - lo) * (hi - lo))) : 1.0;
    double floor = 1.0 / (permutations + 1);
    if (hoeffding <= floor) {
      return Math.min(1, 2 * hoeffding);
    }
    if (n > MAX_POOLED) {
      return Math.min(1, 2 * hoeffding);
    }
    // Partial Fisher-Yates: the first n1 slots after each pass are a uniform n1-subset of the pool.
    double[] pool = new double[(int) n];
    int at = 0;
    for (int i = 0; i < k; i++) {
      for (long j = 0; j < pooled[i]; j++) {
        pool[at++] = mid[i];
      }
    }
    SplittableRandom rnd = new SplittableRandom(seed);
    long exceed = 0;
    long drawn = 0;
    double eps = 1e-9 * Math.max(1, observed);
    int size = (int) n;
    while (drawn < permutations && exceed < EXCEEDANCES) {
      double w = 0;
      for (int j = 0; j < n1; j++) {
        int pick = j + rnd.nextInt(size - j);
        double x = pool[pick];
        pool[pick] = pool[j];
        pool[j] = x;
        w += x;
      }
      drawn++;
      if (w >= observed - eps) {
        exceed++;
      }
    }
    double mc = exceed >= EXCEEDANCES ? exceed / (double) drawn : (exceed + 1.0) / (drawn + 1.0);
    return Math.min(1, 2 * Math.min(hoeffding, mc));
  }

  /**
   * The z above which one of {@code tests} one-sided tests is significant at family-wise {@code
   * alpha}.
   */
  public static double zCut(double alpha, long tests) {
    return new NormalDistribution(null, 0, 1)
        .inverseCumulativeProbability(1 - alpha / Math.max(1, tests));
  }

  private static long at(long[] h, int i) {
    return i < h.length ? h[i] : 0;
  }
}
