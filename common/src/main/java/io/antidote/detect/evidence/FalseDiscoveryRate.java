package io.antidote.detect.evidence;

import java.util.Arrays;

/**
 * Benjamini–Hochberg step-up control of the false discovery rate (Benjamini and Hochberg 1995): of
 * {@code m} hypotheses with p-values {@code p}, reject those with {@code p <= p(k)} where {@code k}
 * is the largest rank with {@code p(k) <= k q / m}. Under independence (or positive dependence) the
 * expected share of false rejections among all rejections is at most {@code q}; on a corpus where
 * nothing is poisoned that means no flag at all with probability at least {@code 1 - q}.
 *
 * <p>Where it fails: p-values that are not calibrated under the null (a null fitted to data that
 * does not follow it) make the guarantee void, whatever the procedure. So detectors state their
 * null in each flag's evidence.
 */
public final class FalseDiscoveryRate {
  private FalseDiscoveryRate() {}

  /**
   * The BH rejection cut: every p-value {@code <=} the returned value is rejected. Returns -1 when
   * nothing is rejected.
   *
   * @param smallest p-values of the hypotheses that could be rejected, in any order: only those at
   *     most {@code q} can be, so a caller over billions of rows passes just those
   * @param m the number of hypotheses tested (all rows, not just {@code smallest})
   * @param q the target false discovery rate, in (0, 1)
   */
  public static double cut(double[] smallest, long m, double q) {
    if (!(q > 0 && q < 1)) {
      throw new IllegalArgumentException("FDR level must be in (0, 1), got " + q);
    }
    if (m <= 0 || smallest.length == 0) {
      return -1;
    }
    double[] p = smallest.clone();
    Arrays.sort(p);
    double cut = -1;
    for (int i = 0; i < p.length; i++) {
      if (Double.isNaN(p[i])) {
        break;
      }
      if (p[i] <= (i + 1) * q / m) {
        cut = p[i];
      }
    }
    return cut;
  }

  /** Rejections by {@link #cut} over all p-values given. */
  public static boolean[] reject(double[] p, double q) {
    double c = cut(p, p.length, q);
    boolean[] r = new boolean[p.length];
    for (int i = 0; i < p.length; i++) {
      r[i] = c >= 0 && p[i] <= c;
    }
    return r;
  }

  /**
   * The one-sided conformal p-value of a score among {@code n} reference scores of which {@code
   * atLeast} are at least as large (Vovk et al. 2005): {@code (1 + atLeast) / (1 + n)}, valid when
   * the scored row and the reference rows are exchangeable under the null.
   */
  public static double conformal(long atLeast, long n) {
    return (1.0 + atLeast) / (1.0 + n);
  }
}
