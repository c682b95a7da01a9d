package io.antidote.detect.alignment;

import static io.antidote.detect.spectral.DetectorConfig.check;

import com.typesafe.config.Config;
import io.antidote.detect.spectral.DetectorConfig;
import java.util.Set;

/**
 * Settings of {@link CaptionImageAlignmentDetector}; HOCON block {@value #PATH}.
 *
 * @param enabled whether the audit runs the detector
 * @param textColumn column of caption embeddings (array&lt;float&gt;)
 * @param imageColumn column of image embeddings (array&lt;float&gt;, same space and dimension)
 * @param minCosine absolute cut: pairs with cosine below it are flagged; -1 turns the cut off
 * @param quantile per-corpus cut: pairs in the lowest {@code quantile} share of cosines are
 *     flagged; 0 turns it off
 */
public record CaptionImageAlignmentSettings(
    boolean enabled, String textColumn, String imageColumn, double minCosine, double quantile) {

  public static final String PATH = "detectors.caption-image-alignment";
  public static final String DEFAULT_TEXT_COLUMN = "text_embedding";
  public static final String DEFAULT_IMAGE_COLUMN = "image_embedding";

  public CaptionImageAlignmentSettings {
    check(
        textColumn != null && !textColumn.isBlank(),
        PATH + ".text-column",
        "a column name",
        textColumn);
    check(
        imageColumn != null && !imageColumn.isBlank(),
        PATH + ".image-column",
        "a column name",
        imageColumn);
    check(
        minCosine >= -1 && minCosine <= 1,
        PATH + ".min-cosine",
        "in [-1, 1] (-1 = off)",
        minCosine);
    check(quantile >= 0 && quantile < 0.5, PATH + ".quantile", "in [0, 0.5) (0 = off)", quantile);
    check(
        minCosine > -1 || quantile > 0,
        PATH + ".min-cosine / .quantile",
        "at least one cut switched on",
        minCosine + " / " + quantile);
  }

  public static CaptionImageAlignmentSettings defaults() {
    return new CaptionImageAlignmentSettings(
        true, DEFAULT_TEXT_COLUMN, DEFAULT_IMAGE_COLUMN, 0.15, 0.0);
  }

  /**
   * Reads the block at {@value #PATH} (pass {@code config.getConfig(PATH)}); missing keys keep
   * defaults.
   */
  public static CaptionImageAlignmentSettings fromConfig(Config block) {
    CaptionImageAlignmentSettings d = defaults();
    DetectorConfig c =
        new DetectorConfig(
            block,
            PATH,
            Set.of("enabled", "text-column", "image-column", "min-cosine", "quantile"));
    return new CaptionImageAlignmentSettings(
        c.getBoolean("enabled", d.enabled),
        c.getString("text-column", d.textColumn),
        c.getString("image-column", d.imageColumn),
        c.getDouble("min-cosine", d.minCosine),
        c.getDouble("quantile", d.quantile));
  }

  public boolean absoluteCutOn() {
    return minCosine > -1;
  }

  public boolean quantileCutOn() {
    return quantile > 0;
  }

  public CaptionImageAlignmentSettings withCuts(double minCosine, double quantile) {
    return new CaptionImageAlignmentSettings(enabled, textColumn, imageColumn, minCosine, quantile);
  }
}
