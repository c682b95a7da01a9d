package io.antidote.detect.clustering;

import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The k = 2 clustering of one group, for the report.
 *
 * @param group label or cluster name
 * @param size rows with a valid embedding
 * @param smallerClusterSize rows in the smaller of the two clusters
 * @param relativeSize smallerClusterSize / size
 * @param silhouette size-weighted silhouette of the split, from a stratified sample
 * @param silhouetteSample points the silhouette was computed on
 * @param explainedVariance share of the group's variance in the PCA dimensions kept
 * @param iterations Lloyd iterations run
 * @param flagged whether the smaller cluster was flagged
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
    boolean flagged,
    boolean scored)
    implements Serializable {

  /** The figures as run.json shows them (keys as the record's components, as before). */
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
    m.put("flagged", flagged);
    m.put("scored", scored);
    return Collections.unmodifiableMap(m);
  }
}
