package io.antidote.detect;

import com.typesafe.config.Config;
import io.antidote.detect.clustering.ActivationClusteringDetector;
import io.antidote.detect.clustering.ActivationClusteringSettings;
import io.antidote.detect.spectral.SpectralSignatureDetector;
import io.antidote.detect.spectral.SpectralSignatureSettings;
import java.util.ArrayList;
import java.util.List;

/**
 * Every detector the audit knows, in the order it runs them. Adding a detector is one package, one
 * line here, one block in reference.conf and its tests (README, "Adding a detector").
 */
public final class DetectorRegistry {
  private DetectorRegistry() {}

  /** The registry's lines. */
  public static List<DetectorEntry<?>> entries() {
    return List.of(
        new DetectorEntry<>(
            SpectralSignatureSettings.PATH,
            SpectralSignatureSettings::fromConfig,
            (s, env) ->
                env.withMainModel(
                    SpectralSignatureDetector.NAME, m -> new SpectralSignatureDetector(s, m))),
        new DetectorEntry<>(
            ActivationClusteringSettings.PATH,
            ActivationClusteringSettings::fromConfig,
            (s, env) ->
                env.withMainModel(
                    ActivationClusteringDetector.NAME,
                    m -> new ActivationClusteringDetector(s, m))));
  }

  /** Every detector's settings, parsed once from the merged configuration. */
  public static List<DetectorEntry.Configured<?>> configure(Config antidote) {
    List<DetectorEntry.Configured<?>> configured = new ArrayList<>();
    for (DetectorEntry<?> e : entries()) {
      configured.add(e.configure(antidote));
    }
    return List.copyOf(configured);
  }
}
