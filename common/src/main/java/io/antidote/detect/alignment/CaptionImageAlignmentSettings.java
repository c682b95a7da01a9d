package io.antidote.detect.alignment;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueFactory;
import io.antidote.config.SettingsBlock;
import io.antidote.detect.DetectorEntry;
import io.antidote.detect.DetectorSettings;
import io.antidote.embed.EmbeddingSettings;
import java.util.Optional;

/**
 * Settings of {@link CaptionImageAlignmentDetector}; block {@value #PATH}.
 *
 * <p>A tower block says what the model is ({@code model}, and {@code max-tokens}/{@code pooling}
 * for the text tower, {@code image} for the image tower); how models run (batch size, device,
 * threads, cache) comes from {@code antidote.embed}. An empty text-tower {@code model.uri} means
 * {@code antidote.embed}'s own model, for corpora whose main embedding model is the pair's text
 * tower; the image tower has no default.
 *
 * @param minCosine absolute cut: pairs with cosine below it are flagged; -1 turns the cut off
 * @param quantile per-corpus cut: pairs in the lowest {@code quantile} share of cosines are
 *     flagged; 0 turns it off
 * @param textTower the text tower; empty = {@code antidote.embed}'s model (or the detector is off)
 * @param imageTower the image tower; empty only when the detector is off
 */
public record CaptionImageAlignmentSettings(
    DetectorSettings common,
    double minCosine,
    double quantile,
    Optional<EmbeddingSettings> textTower,
    Optional<EmbeddingSettings> imageTower)
    implements DetectorEntry.Settings {

  public static final String PATH = "detectors.caption-image-alignment";

  public static CaptionImageAlignmentSettings fromConfig(SettingsBlock b) {
    DetectorSettings common = DetectorSettings.of(b);
    double minCosine = b.number("min-cosine", -1, 1);
    double quantile = b.number("quantile", 0, 0.5);
    b.check(quantile < 0.5, "quantile", "in [0, 0.5) (0 = off)", quantile);
    b.check(
        minCosine > -1 || quantile > 0,
        "min-cosine",
        "> -1 unless quantile > 0 (at least one cut switched on)",
        minCosine + " with quantile " + quantile);
    if (!common.enabled()) {
      return new CaptionImageAlignmentSettings(
          common, minCosine, quantile, Optional.empty(), Optional.empty());
    }
    // How models run comes from antidote.embed; what each tower is comes from its own block. Keys
    // of the other modality (a text tower's image block, an image tower's token limit) are read
    // from antidote.embed too, and ignored by the model.
    Config runtime =
        b.root()
            .getConfig("embed")
            .withoutPath("enabled")
            .withoutPath("table")
            .withoutPath("model")
            .withoutPath("modality");
    Optional<EmbeddingSettings> text =
        b.block("text-tower").string("model.uri").isEmpty()
            ? Optional.empty()
            : Optional.of(tower(b, "text-tower", runtime, EmbeddingSettings.Modality.TEXT));
    b.check(
        !b.block("image-tower").string("model.uri").isEmpty(),
        "image-tower.model.uri",
        "the image tower of a jointly trained pair (e.g. CLIP's image encoder exported to ONNX:"
            + " file:/.../image.onnx or s3a://...)",
        "''");
    return new CaptionImageAlignmentSettings(
        common,
        minCosine,
        quantile,
        text,
        Optional.of(tower(b, "image-tower", runtime, EmbeddingSettings.Modality.IMAGE)));
  }

  private static EmbeddingSettings tower(
      SettingsBlock b, String name, Config runtime, EmbeddingSettings.Modality modality) {
    Config merged =
        b.block(name)
            .config()
            .withFallback(runtime)
            .withValue("modality", ConfigValueFactory.fromAnyRef(modality.name().toLowerCase()));
    return EmbeddingSettings.fromConfig(SettingsBlock.assembled(merged, b.path() + "." + name));
  }

  /** reference.conf's settings (detector off, no towers): for tests of the pair scoring. */
  public static CaptionImageAlignmentSettings defaults() {
    return fromConfig(SettingsBlock.defaults(PATH));
  }

  public boolean absoluteCutOn() {
    return minCosine > -1;
  }

  public boolean quantileCutOn() {
    return quantile > 0;
  }

  /** The same settings with other cuts; at least one must be on. */
  public CaptionImageAlignmentSettings withCuts(double minCosine, double quantile) {
    if (!(minCosine > -1 || quantile > 0) || minCosine < -1 || minCosine > 1 || quantile < 0) {
      throw new io.antidote.config.InvalidConfigException(
          "antidote." + PATH + ".min-cosine",
          "must be > -1 unless quantile > 0, got " + minCosine + " with quantile " + quantile);
    }
    return new CaptionImageAlignmentSettings(common, minCosine, quantile, textTower, imageTower);
  }
}
