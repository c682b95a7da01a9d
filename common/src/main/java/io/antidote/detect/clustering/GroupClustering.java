package io.antidote.detect.clustering;

import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The k = 2 clustering of one group and its test, for the report.
 *
 * @param group label or cluster name
 * @param size rows with a valid embedding
 * @param smallerClusterSize rows in the smaller of the two clusters
 * @param relativeSize smallerClusterSize / size
 * @param silhouette size-weighted silhouette of the split, from a stratified sample
 * @param silhouetteSample points the silhouette was computed on
 * @param explainedVariance share of the group's variance in the PCA dimensions kept
 * @param iterations Lloyd iterations run
 * @param nullSilhouette mean silhouette of the same 2-means on Gaussian samples of the group's PCA
 *     variances
 * @param nullSpread standard deviation of those silhouettes
 * @param excess silhouette − nullSilhouette, the group's test statistic
 * @param nullModel the null of the excess in words (other groups: location, scale)
 * @param pValue upper-tail p-value of the excess under that null
 * @param pCut Benjamini-Hochberg cut over groups (-1 when none is rejected)
 * @param excessCut the least excess the group's null and that cut reject (NaN when none is)
 * @param rejected whether the group rejects at the FDR level
 * @param flagged whether the smaller cluster was flagged (rejected and small enough)
 * @param scored false when the group was smaller than the minimum size
 */
public record GroupClustering(
    String group,
    long size,
    long smallerClusterSize,
    double relativeSize,
    double silhouette,
    int silhouetteSample,
    double explainedVariance,
    int iterations,
    double nullSilhouette,
    double nullSpread,
    double excess,
    String nullModel,
    double pValue,
    double pCut,
    double excessCut,
    boolean rejected,
    boolean flagged,
    boolean scored)
    implements Serializable {

  /** A group too small to be clustered. */
  static GroupClustering unscored(String group, long size) {
    return new GroupClustering(
        group,
        size,
        0,
        Double.NaN,
        Double.NaN,
        0,
        Double.NaN,
        0,
        Double.NaN,
        Double.NaN,
        Double.NaN,
        "not tested",
        1.0,
        -1,
        Double.NaN,
        false,
        false,
        false);
  }

  /** The figures as run.json shows them. */
  public Map<String, Object> report() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("group", group);
    m.put("size", size);
    m.put("smallerClusterSize", smallerClusterSize);
    m.put("relativeSize", relativeSize);
    m.put("silhouette", silhouette);
    m.put("silhouetteSample", silhouetteSample);
    m.put("explainedVariance", explainedVariance);
    m.put("iterations", iterations);
    m.put("nullSilhouette", nullSilhouette);
    m.put("test", ActivationClusteringDetector.TEST);
    m.put("statistic", excess);
    m.put("null", nullModel);
    m.put("p_value", pValue);
    m.put("p_cut", pCut);
    m.put("statistic_cut", excessCut);
    m.put(
        "decision",
        !scored
            ? "not scored"
            : flagged
                ? "separate cluster flagged"
                : rejected ? "rejected, smaller cluster too large to flag" : "no evidence");
    m.put("flagged", flagged);
    m.put("scored", scored);
    return Collections.unmodifiableMap(m);
  }
}
