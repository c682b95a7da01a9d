package io.antidote.detect.groups;

import java.io.Serializable;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.math3.special.Erf;

/**
 * A group statistic tested against the same statistic of the other groups of the corpus (leave one
 * out): the null is a normal law with the others' median as location and their scaled median
 * absolute deviation (1.4826·MAD, floored) as scale, so a few poisoned groups do not move it.
 *
 * <p>Assumption: most groups are clean and comparable (same representation, similar sizes), so the
 * spread of the statistic over them is what a clean group shows. Real corpora have natural
 * sub-topics, which is why a group is not tested against a model of itself (a Gaussian with its own
 * covariance rejects nearly every real group). Fails with fewer than {@link #MIN_OTHERS} other
 * groups (no test: p = 1) and when most groups are poisoned alike.
 */
public final class ComparableGroups {
  /** Other groups a group needs for its null to be estimated. */
  public static final int MIN_OTHERS = 2;

  /**
   * The null of one group: location, scale and how many other groups they come from.
   *
   * @param location median of the other groups' statistics
   * @param scale max(1.4826·MAD of the others, floor)
   * @param others number of other groups
   */
  public record Null(double location, double scale, int others) implements Serializable {
    /** One-sided upper-tail p-value of {@code statistic}; 1 when there are too few others. */
    public double pValue(double statistic) {
      if (others < MIN_OTHERS || Double.isNaN(statistic)) {
        return 1.0;
      }
      return upperTail((statistic - location) / scale);
    }

    public double z(double statistic) {
      return (statistic - location) / scale;
    }

    /** For evidence and reports. */
    public String describe(String what) {
      return String.format(
          "%s of %d other groups: normal, median %.4g, scale %.4g (1.4826 MAD, floored)",
          what, others, location, scale);
    }
  }

  private ComparableGroups() {}

  /**
   * The leave-one-out null of every group.
   *
   * @param statistics the statistic of every tested group (NaN entries are ignored)
   * @param floor the least scale (a clean set of near-identical groups must not make tiny
   *     differences significant)
   */
  public static Map<String, Null> leaveOneOut(Map<String, Double> statistics, double floor) {
    Map<String, Null> out = new LinkedHashMap<>();
    for (String g : statistics.keySet()) {
      double[] others =
          statistics.entrySet().stream()
              .filter(e -> !e.getKey().equals(g) && !Double.isNaN(e.getValue()))
              .mapToDouble(Map.Entry::getValue)
              .toArray();
      if (others.length == 0) {
        out.put(g, new Null(Double.NaN, Double.NaN, 0));
        continue;
      }
      double med = median(others);
      double[] dev = new double[others.length];
      for (int i = 0; i < others.length; i++) {
        dev[i] = Math.abs(others[i] - med);
      }
      out.put(g, new Null(med, Math.max(1.4826 * median(dev), floor), others.length));
    }
    return out;
  }

  /** P(Z ≥ z) for a standard normal Z, accurate far in the tail. */
  public static double upperTail(double z) {
    return 0.5 * Erf.erfc(z / Math.sqrt(2));
  }

  /** The z with P(Z ≥ z) = p (inverse of {@link #upperTail}), finite for p in (0, 1). */
  public static double upperTailInverse(double p) {
    double z = Math.sqrt(2) * Erf.erfcInv(2 * p);
    if (p >= 1e-3 || p <= 0) {
      return z;
    }
    // erfcInv(x) is erfInv(1 - x), which loses digits as x falls (p off by 1e-3 relative at
    // 1e-15) and rounds to infinity below about 1e-16: solve ln Q(z) = ln p by Newton's method,
    // from the tail's asymptotic inverse (Q(z) ~ phi(z) / z) where erfcInv gives up.
    double lp = Math.log(p);
    if (!Double.isFinite(z)) {
      double t = -2 * lp;
      z = Math.sqrt(t - Math.log(t) - Math.log(2 * Math.PI));
    }
    for (int i = 0; i < 60; i++) {
      double q = upperTail(z);
      double density = Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);
      if (q <= 0 || density <= 0) {
        break;
      }
      double step = (Math.log(q) - lp) * q / density;
      z += step;
      if (Math.abs(step) <= 1e-12 * z) {
        break;
      }
    }
    return z;
  }

  /** The median (mean of the two middle values for an even count). */
  public static double median(double[] values) {
    if (values.length == 0) {
      throw new IllegalArgumentException("no values");
    }
    double[] s = values.clone();
    Arrays.sort(s);
    int n = s.length;
    return n % 2 == 1 ? s[n / 2] : 0.5 * (s[n / 2 - 1] + s[n / 2]);
  }
}
