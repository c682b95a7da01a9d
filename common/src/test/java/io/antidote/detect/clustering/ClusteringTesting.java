package io.antidote.detect.clustering;

import io.antidote.config.SettingsBlock;
import io.antidote.embed.EmbeddingSettings;

/** Activation clustering as the tests build it: reference.conf's settings, the default model. */
public final class ClusteringTesting {
  private ClusteringTesting() {}

  /** The settings of reference.conf. */
  public static ActivationClusteringSettings defaults() {
    return ActivationClusteringSettings.fromConfig(
        SettingsBlock.defaults(ActivationClusteringSettings.PATH));
  }

  public static ActivationClusteringDetector detector(ActivationClusteringSettings settings) {
    return new ActivationClusteringDetector(settings, EmbeddingSettings.defaults());
  }
}
