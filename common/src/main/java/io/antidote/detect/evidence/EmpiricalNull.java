package io.antidote.detect.evidence;

import io.antidote.detect.groups.ComparableGroups;
import java.io.Serializable;
import java.util.Arrays;

/**
 * Efron's empirical null for many simultaneous z scores (Efron 2004, "Large-scale simultaneous
 * hypothesis testing: the choice of a null hypothesis", JASA 99): a normal law whose centre and
 * scale are the median and 1.4826 MAD of all tested units' z, so a corpus whose units are not
 * random samples of it (topical hosts; natural duplicates served by their own site) widens its own
 * null. It may only widen the theoretical null N(0, 1) (centre at least 0, scale at least 1), never
 * narrow it, and it assumes most units are null: a corpus where most units are shifted hides them
 * all.
 *
 * @param centre the null's centre, at least 0
 * @param scale the null's scale, at least 1
 * @param units how many z scores it was fitted to (0: the theoretical null)
 */
public record EmpiricalNull(double centre, double scale, int units) implements Serializable {
  /** The theoretical null N(0, 1). */
  public static final EmpiricalNull THEORETICAL = new EmpiricalNull(0, 1, 0);

  /** From the units' median z and its median absolute deviation: widened, never narrowed. */
  public static EmpiricalNull of(double median, double mad, int units) {
    return new EmpiricalNull(Math.max(0, median), Math.max(1, 1.4826 * mad), units);
  }

  /** From every tested unit's z (NaN ignored). A handful of shifted units moves neither figure. */
  public static EmpiricalNull fit(double[] z) {
    double[] v = Arrays.stream(z).filter(x -> !Double.isNaN(x)).toArray();
    if (v.length == 0) {
      return THEORETICAL;
    }
    double med = ComparableGroups.median(v);
    double[] dev = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      dev[i] = Math.abs(v[i] - med);
    }
    return of(med, ComparableGroups.median(dev), v.length);
  }

  /** One-sided p-value: is the unit farther out than its null allows. */
  public double pValue(double z) {
    return Double.isNaN(z) ? 1.0 : ComparableGroups.upperTail((z - centre) / scale);
  }

  /** For evidence: what the p-values are taken against, {@code what} naming the units. */
  public String describe(String what) {
    return String.format(
        "empirical null of %d %s' z: normal, centre %.3f, scale %.3f (median and 1.4826 MAD,"
            + " at least 0 and 1)",
        units, what, centre, scale);
  }
}
