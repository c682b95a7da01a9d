package io.antidote.audit;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueFactory;
import io.antidote.config.InvalidConfigException;
import io.antidote.detect.alignment.CaptionImageAlignmentSettings;
import io.antidote.embed.EmbeddingSettings;

/**
 * Caption–image alignment in the audit: the detector's cuts and the two towers of a jointly trained
 * CLIP-style pair, each embedded by the embed stage into the embedding table under its own model
 * id.
 *
 * <p>A tower block says what the model is ({@code model}, and {@code max-tokens}/{@code pooling}
 * for the text tower, {@code image} for the image tower); how models run (batch size, device,
 * threads, cache) comes from {@code antidote.embed}. An empty text-tower {@code model.uri} means
 * {@code antidote.embed}'s own model, for corpora whose main embedding model is the pair's text
 * tower; the image tower has no default.
 *
 * @param textTower null when the detector is off
 * @param imageTower null when the detector is off
 */
public record AlignmentSettings(
    CaptionImageAlignmentSettings detector,
    EmbeddingSettings textTower,
    EmbeddingSettings imageTower) {

  public static final String PATH = CaptionImageAlignmentSettings.PATH;
  private static final String KEY = "antidote." + PATH;

  public boolean enabled() {
    return detector.enabled();
  }

  /**
   * Reads {@code antidote.detectors.caption-image-alignment} with {@code embed} the {@code
   * antidote.embed} block.
   */
  static AlignmentSettings fromConfig(Config antidote, EmbeddingSettings mainEmbed) {
    Config block = antidote.getConfig(PATH);
    CaptionImageAlignmentSettings detector =
        ModelSettings.parse(
            PATH,
            () ->
                CaptionImageAlignmentSettings.fromConfig(
                    block.withoutPath("text-tower").withoutPath("image-tower")));
    if (!detector.enabled()) {
      return new AlignmentSettings(detector, null, null);
    }
    Config runtime =
        antidote
            .getConfig("embed")
            .withoutPath("enabled")
            .withoutPath("table")
            .withoutPath("model")
            .withoutPath("modality")
            .withoutPath("max-tokens")
            .withoutPath("pooling")
            .withoutPath("image");
    EmbeddingSettings text;
    if (block.getString("text-tower.model.uri").isBlank()) {
      if (mainEmbed.modality() != EmbeddingSettings.Modality.TEXT) {
        throw new InvalidConfigException(
            KEY + ".text-tower.model.uri",
            "is empty, which means antidote.embed's model, but that embeds images (antidote.embed.modality = image);"
                + " set the text tower of the image-text pair");
      }
      text = mainEmbed;
    } else {
      text =
          tower(
              block.getConfig("text-tower"),
              runtime,
              EmbeddingSettings.Modality.TEXT,
              "text-tower");
    }
    if (block.getString("image-tower.model.uri").isBlank()) {
      throw new InvalidConfigException(
          KEY + ".image-tower.model.uri",
          "is empty; caption-image alignment needs the image tower of a jointly trained pair (e.g. CLIP's image"
              + " encoder exported to ONNX: file:/…/image.onnx or s3a://…)");
    }
    EmbeddingSettings image =
        tower(
            block.getConfig("image-tower"),
            runtime,
            EmbeddingSettings.Modality.IMAGE,
            "image-tower");
    return new AlignmentSettings(detector, text, image);
  }

  private static EmbeddingSettings tower(
      Config tower, Config runtime, EmbeddingSettings.Modality modality, String name) {
    Config merged =
        tower
            .withFallback(runtime)
            .withValue("modality", ConfigValueFactory.fromAnyRef(modality.name().toLowerCase()));
    return ModelSettings.parse(PATH + "." + name, () -> EmbeddingSettings.fromConfig(merged));
  }
}
