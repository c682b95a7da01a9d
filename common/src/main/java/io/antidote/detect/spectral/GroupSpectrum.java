package io.antidote.detect.spectral;

import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the detector saw in one group, for the report (DESIGN: "report per-group sizes and the
 * spectrum's top eigenvalue ratio next to every score").
 *
 * @param group label or cluster name
 * @param size rows with a valid embedding in the group
 * @param lambda1 largest eigenvalue of the group's covariance
 * @param lambda2 second largest
 * @param eigenvalueRatio λ1/λ2; a planted sub-population opens a gap, a clean group is usually near
 *     1–2
 * @param flagged rows flagged (⌈removal fraction · size⌉ when scored)
 * @param scored false when the group was smaller than the minimum size
 * @param whitenedTop robust variant only: top eigenvalue of the robustly whitened covariance (≫ 1
 *     means excess variance in some direction), NaN otherwise
 */
public record GroupSpectrum(
    String group,
    long size,
    double lambda1,
    double lambda2,
    double eigenvalueRatio,
    long flagged,
    boolean scored,
    double whitenedTop)
    implements Serializable {

  /** The figures as run.json shows them (keys as the record's components, as before). */
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
    return Collections.unmodifiableMap(m);
  }
}
