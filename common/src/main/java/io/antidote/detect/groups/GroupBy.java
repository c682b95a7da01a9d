package io.antidote.detect.groups;

/** How embedding detectors form the populations they analyse. */
public enum GroupBy {
  /**
   * One group per label value; rows without a label form the group {@link
   * EmbeddingGroups#NO_LABEL}.
   */
  LABEL,
  /** One group per k-means cluster of the embeddings (for corpora without labels). */
  CLUSTER,
  /** {@link #LABEL} when any row carries a label, otherwise {@link #CLUSTER}. */
  AUTO;
}
