package io.antidote.detect.alignment;

import java.io.Serializable;

/**
 * A caption–image embedding pair as a bean, so both arrays decode to {@code float[]} without
 * boxing.
 */
public class PairRow implements Serializable {
  private static final long serialVersionUID = 1L;
  static final String SAMPLE_ID = "sampleId";
  static final String TEXT = "text";
  static final String IMAGE = "image";

  private String sampleId;
  private float[] text;
  private float[] image;

  public String getSampleId() {
    return sampleId;
  }

  public void setSampleId(String sampleId) {
    this.sampleId = sampleId;
  }

  public float[] getText() {
    return text;
  }

  public void setText(float[] text) {
    this.text = text;
  }

  public float[] getImage() {
    return image;
  }

  public void setImage(float[] image) {
    this.image = image;
  }
}
