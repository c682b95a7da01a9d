package io.antidote.detect.clustering;

import java.io.Serializable;

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
    implements Serializable {}
