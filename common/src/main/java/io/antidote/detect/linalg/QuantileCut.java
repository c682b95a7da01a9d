package io.antidote.detect.linalg;

import java.util.Arrays;

/** Exact order statistics on arrays, used by tests and by driver-side code on small samples. */
public final class QuantileCut {
  private QuantileCut() {}

  /**
   * How many rows "the top fraction f of n" removes: ⌈f·n⌉ with a small tolerance, so 0.075 × 2000
   * is 150 and not 151 because of floating point.
   */
  public static long topCount(long n, double fraction) {
    if (fraction < 0 || fraction > 1) {
      throw new IllegalArgumentException("fraction must be in [0, 1], got " + fraction);
    }
    return Math.min(n, (long) Math.ceil(fraction * n - 1e-9));
  }

  /** The nearest-rank q-quantile: the smallest value v such that at least ⌈q·n⌉ values are ≤ v. */
  public static double quantile(double[] values, double q) {
    if (values.length == 0) {
      throw new IllegalArgumentException("no values");
    }
    if (q < 0 || q > 1) {
      throw new IllegalArgumentException("quantile must be in [0, 1], got " + q);
    }
    double[] s = values.clone();
    Arrays.sort(s);
    int rank = (int) Math.ceil(q * s.length - 1e-9);
    return s[Math.max(0, rank - 1)];
  }

  /**
   * The value of the k-th largest element (k ≥ 1): keeping values ≥ it keeps the top k (ties
   * aside).
   */
  public static double kthLargest(double[] values, int k) {
    if (k < 1 || k > values.length) {
      throw new IllegalArgumentException("k must be in [1, " + values.length + "], got " + k);
    }
    double[] s = values.clone();
    Arrays.sort(s);
    return s[s.length - k];
  }
}
