package io.antidote.detect;

import com.typesafe.config.Config;
import io.antidote.detect.knnoutliers.KnnOutlierDetector;
import io.antidote.detect.knnoutliers.KnnOutlierSettings;
import io.antidote.detect.labeldisagreement.KnnLabelDisagreementDetector;
import io.antidote.detect.labeldisagreement.LabelDisagreementSettings;
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
            KnnOutlierSettings.PATH,
            KnnOutlierSettings::fromConfig,
            (s, env) ->
                env.withMainModel(KnnOutlierDetector.NAME, m -> new KnnOutlierDetector(s, m))),
        new DetectorEntry<>(
            LabelDisagreementSettings.PATH,
            LabelDisagreementSettings::fromConfig,
            (s, env) ->
                env.withMainModel(
                    KnnLabelDisagreementDetector.NAME,
                    m -> new KnnLabelDisagreementDetector(s, m))));
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
