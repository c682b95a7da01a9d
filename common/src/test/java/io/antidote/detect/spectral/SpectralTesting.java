package io.antidote.detect.spectral;

import io.antidote.config.SettingsBlock;
import io.antidote.embed.EmbeddingSettings;

/** Spectral signatures as the tests build it: reference.conf's settings, the default model. */
final class SpectralTesting {
  private SpectralTesting() {}

  /** The settings of reference.conf. */
  static SpectralSignatureSettings defaults() {
    return SpectralSignatureSettings.fromConfig(
        SettingsBlock.defaults(SpectralSignatureSettings.PATH));
  }

  static SpectralSignatureDetector detector(SpectralSignatureSettings settings) {
    return new SpectralSignatureDetector(settings, EmbeddingSettings.defaults());
  }
}
