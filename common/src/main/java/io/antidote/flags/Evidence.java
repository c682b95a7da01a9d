package io.antidote.flags;

/** Evidence keys shared by all detectors. Detector-specific keys are declared by the detector. */
public final class Evidence {
  /** The action the detector asks for: {@code drop} or {@code review}. */
  public static final String ACTION = "action";

  /** What was tested, in words a reviewer reads (e.g. "k-th neighbour distance vs the corpus"). */
  public static final String TEST = "test";

  /** The row's (or its group's) test statistic. */
  public static final String STATISTIC = "statistic";

  /** The null the p-value is computed against (e.g. "conformal, 9,876 reference rows"). */
  public static final String NULL_MODEL = "null";

  /** How unlikely the row is under the null: its p-value. */
  public static final String P_VALUE = "p_value";

  /** The false-discovery-rate level the flags were decided at. */
  public static final String FDR = "fdr";

  /**
   * The Benjamini-Hochberg cut on p-values at that level (rows with p at most this are flagged).
   */
  public static final String P_CUT = "p_cut";

  private Evidence() {}

  /**
   * A score and its cut for a reason a person reads, each with the fewest decimals (at least {@code
   * minDecimals}, at most 12) at which the two differ: a score just past its cut must not read
   * "0.878 exceeds cut 0.878".
   *
   * @return the formatted score and cut
   */
  public static String[] versus(double score, double cut, int minDecimals) {
    int d = Math.max(0, minDecimals);
    String a = decimals(score, d);
    String b = decimals(cut, d);
    while (a.equals(b) && score != cut && d < 12) {
      d++;
      a = decimals(score, d);
      b = decimals(cut, d);
    }
    return new String[] {a, b};
  }

  private static String decimals(double v, int d) {
    return String.format(java.util.Locale.ROOT, "%." + d + "f", v);
  }

  /**
   * The first 12 hex digits of a hash, for reasons a person reads (the full hash is in the
   * evidence).
   */
  public static String shortHash(String hex) {
    return hex == null ? "null" : hex.length() <= 12 ? hex : hex.substring(0, 12) + "…";
  }
}
