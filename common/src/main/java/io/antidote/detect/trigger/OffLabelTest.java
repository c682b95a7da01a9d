package io.antidote.detect.trigger;

import java.io.Serializable;
import java.util.Locale;
import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * Do a term's carriers fit their label worse than the label's other rows? One-sided Mann-Whitney U
 * test (Mann &amp; Whitney 1947; normal approximation with the tie correction and a continuity
 * correction) on the rank each row's content gives its own label ({@link NaiveBayesLabelFit#rank}:
 * 1 = best of all labels). Ranks are small integers, so both samples arrive as histograms (index =
 * rank) that Spark counts distributively, and the test is exact about ties.
 */
public final class OffLabelTest {
  private OffLabelTest() {}

  /** Figures of one test. */
  public static final class Result implements Serializable {
    private static final long serialVersionUID = 1L;
    public final long carriers;
    public final long reference;
    public final double carrierMeanRank;
    public final double referenceMeanRank;

    /**
     * U / (carriers x reference): the chance a carrier fits the label worse than an ordinary row.
     */
    public final double auc;

    public final double z;

    Result(
        long carriers,
        long reference,
        double carrierMeanRank,
        double referenceMeanRank,
        double auc,
        double z) {
      this.carriers = carriers;
      this.reference = reference;
      this.carrierMeanRank = carrierMeanRank;
      this.referenceMeanRank = referenceMeanRank;
      this.auc = auc;
      this.z = z;
    }

    @Override
    public String toString() {
      return String.format(
          Locale.ROOT,
          "carriers %d mean rank %.2f vs %d others %.2f, AUC %.3f, z=%.2f",
          carriers,
          carrierMeanRank,
          reference,
          referenceMeanRank,
          auc,
          z);
    }
  }

  /**
   * @param carriers carriers per rank (index = rank)
   * @param reference the label's other rows per rank
   */
  public static Result mannWhitney(long[] carriers, long[] reference) {
    int k = Math.max(carriers.length, reference.length);
    long n1 = 0;
    long n0 = 0;
    double sum1 = 0;
    double sum0 = 0;
    for (int i = 0; i < k; i++) {
      n1 += at(carriers, i);
      n0 += at(reference, i);
      sum1 += (double) i * at(carriers, i);
      sum0 += (double) i * at(reference, i);
    }
    if (n1 == 0 || n0 == 0) {
      return new Result(
          n1,
          n0,
          n1 == 0 ? Double.NaN : sum1 / n1,
          n0 == 0 ? Double.NaN : sum0 / n0,
          Double.NaN,
          Double.NaN);
    }
    // U counts (carrier, reference) pairs where the carrier ranks its label worse; ties count a
    // half.
    double u = 0;
    long below = 0;
    double ties = 0;
    for (int i = 0; i < k; i++) {
      long c = at(carriers, i);
      long r = at(reference, i);
      u += c * (below + 0.5 * r);
      below += r;
      double t = c + r;
      ties += t * t * t - t;
    }
    double n = n1 + n0;
    double mean = n1 * (double) n0 / 2;
    double var = n1 * (double) n0 / 12 * ((n + 1) - ties / (n * (n - 1)));
    double d = u - mean;
    double z = var <= 0 ? 0 : Math.signum(d) * Math.max(0, Math.abs(d) - 0.5) / Math.sqrt(var);
    return new Result(n1, n0, sum1 / n1, sum0 / n0, u / (n1 * (double) n0), z);
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
