package io.antidote.detect.spectral;

import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the detector saw in one group, for the report (DESIGN: "report per-group sizes and the
 * spectrum's top eigenvalue ratio next to every score"), and in test mode the group's test.
 *
 * @param group label or cluster name
 * @param size rows with a valid embedding in the group
 * @param lambda1 largest eigenvalue of the group's covariance
 * @param lambda2 second largest
 * @param eigenvalueRatio λ1/λ2; a planted sub-population opens a gap
 * @param flagged rows flagged
 * @param scored false when the group was smaller than the minimum size
 * @param whitenedTop robust variant only: top eigenvalue of the robustly whitened covariance (≫ 1
 *     means excess variance in some direction), NaN otherwise
 * @param test the group's test (test mode), or null in budget mode and for unscored groups
 */
public record GroupSpectrum(
    String group,
    long size,
    double lambda1,
    double lambda2,
    double eigenvalueRatio,
    long flagged,
    boolean scored,
    double whitenedTop,
    GroupTest test)
    implements Serializable {

  /**
   * The test of one group: ln(λ1/λ2) against the other groups' (see {@link
   * io.antidote.detect.groups.ComparableGroups}).
   *
   * @param statistic ln(λ1/λ2)
   * @param nullModel the null in words (location, scale, number of groups)
   * @param pValue upper-tail p-value under that null
   * @param pCut the Benjamini-Hochberg cut over groups (-1 when none is rejected)
   * @param rejected whether the group shows a separate component at the FDR level
   */
  public record GroupTest(
      double statistic, String nullModel, double pValue, double pCut, boolean rejected)
      implements Serializable {}

  public GroupSpectrum withFlagged(long n) {
    return new GroupSpectrum(
        group, size, lambda1, lambda2, eigenvalueRatio, n, scored, whitenedTop, test);
  }

  /** The figures as run.json shows them. */
  public Map<String, Object> report() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("group", group);
    m.put("size", size);
    m.put("lambda1", lambda1);
    m.put("lambda2", lambda2);
    m.put("eigenvalueRatio", eigenvalueRatio);
    m.put("flagged", flagged);
    m.put("scored", scored);
    m.put("whitenedTop", whitenedTop);
    if (test != null) {
      m.put("test", "ln(lambda1/lambda2) against the other groups");
      m.put("statistic", test.statistic());
      m.put("null", test.nullModel());
      m.put("p_value", test.pValue());
      m.put("p_cut", test.pCut());
      m.put("decision", test.rejected() ? "separate component" : "no evidence");
    }
    return Collections.unmodifiableMap(m);
  }
}
