package io.antidote.audit;

import com.typesafe.config.Config;
import io.antidote.config.InvalidConfigException;
import io.antidote.config.SettingsBlock;
import io.antidote.detect.clustering.ActivationClusteringSettings;
import io.antidote.detect.knn.KnnOutlierSettings;
import io.antidote.detect.knn.KnnSettings;
import io.antidote.detect.knn.LabelDisagreementSettings;
import io.antidote.detect.spectral.SpectralSignatureSettings;
import io.antidote.embed.EmbeddingSettings;
import java.util.Optional;

/**
 * Settings of the model-based part of the audit: the embed stage and the detectors that read its
 * vectors. Each block is parsed by its own settings class; their errors become {@link
 * InvalidConfigException}s so the job stops before Spark with exit code 2.
 */
public record ModelSettings(
    boolean embedEnabled,
    EmbeddingSettings embed,
    Optional<String> embeddingTable,
    SpectralSignatureSettings spectral,
    ActivationClusteringSettings activationClustering,
    KnnSettings knn,
    KnnOutlierSettings knnOutliers,
    LabelDisagreementSettings labelDisagreement,
    AlignmentSettings alignment) {

  public static ModelSettings fromConfig(Config antidote) {
    Config embed = antidote.getConfig("embed");
    EmbeddingSettings main =
        parse("antidote.embed", () -> EmbeddingSettings.fromConfig(embed.withoutPath("enabled")));
    return new ModelSettings(
        embed.getBoolean("enabled"),
        main,
        EmbeddingSettings.tablePath(embed),
        SpectralSignatureSettings.fromConfig(
            SettingsBlock.of(antidote, SpectralSignatureSettings.PATH)),
        ActivationClusteringSettings.fromConfig(
            SettingsBlock.of(antidote, ActivationClusteringSettings.PATH)),
        parse("knn", () -> KnnSettings.fromConfig(antidote.getConfig("knn"))),
        parse(
            "detectors.knn-outliers",
            () -> KnnOutlierSettings.fromConfig(antidote.getConfig("detectors.knn-outliers"))),
        parse(
            "detectors.label-disagreement",
            () ->
                LabelDisagreementSettings.fromConfig(
                    antidote.getConfig("detectors.label-disagreement"))),
        AlignmentSettings.fromConfig(antidote, main));
  }

  /**
   * Every model the audit embeds with, each once: the main model when embed is on, then the
   * alignment towers (a tower equal to the main model is the same vectors, not a second pass).
   */
  public java.util.List<EmbeddingSettings> embeddingModels() {
    java.util.LinkedHashSet<EmbeddingSettings> models = new java.util.LinkedHashSet<>();
    if (embedEnabled) {
      models.add(embed);
    }
    if (alignment.enabled()) {
      models.add(alignment.textTower());
      models.add(alignment.imageTower());
    }
    return java.util.List.copyOf(models);
  }

  static <T> T parse(String key, java.util.function.Supplier<T> parser) {
    try {
      return parser.get();
    } catch (IllegalArgumentException e) {
      throw new InvalidConfigException(
          key.startsWith("antidote.") ? key : "antidote." + key, e.getMessage());
    }
  }
}
