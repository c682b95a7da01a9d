package io.antidote.detect.groups;

import java.io.Serializable;

/**
 * One sample's embedding with the group it is analysed in; a Java bean so Spark's bean encoder
 * decodes the array column straight into a {@code float[]} (no boxing per element).
 */
public class EmbeddingRow implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Bean property names, used to rename columns before {@code Dataset.as(Encoders.bean(...))}. */
  public static final String SAMPLE_ID = "sampleId";

  public static final String GROUP = "group";
  public static final String EMBEDDING = "embedding";

  private String sampleId;
  private String group;
  private float[] embedding;

  public EmbeddingRow() {}

  public EmbeddingRow(String sampleId, String group, float[] embedding) {
    this.sampleId = sampleId;
    this.group = group;
    this.embedding = embedding;
  }

  public String getSampleId() {
    return sampleId;
  }

  public void setSampleId(String sampleId) {
    this.sampleId = sampleId;
  }

  public String getGroup() {
    return group;
  }

  public void setGroup(String group) {
    this.group = group;
  }

  public float[] getEmbedding() {
    return embedding;
  }

  public void setEmbedding(float[] embedding) {
    this.embedding = embedding;
  }
}
