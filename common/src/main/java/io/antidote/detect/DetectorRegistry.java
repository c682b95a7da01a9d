package io.antidote.detect;

import com.typesafe.config.Config;
import io.antidote.detect.alignment.CaptionImageAlignmentDetector;
import io.antidote.detect.alignment.CaptionImageAlignmentSettings;
import io.antidote.detect.clustering.ActivationClusteringDetector;
import io.antidote.detect.clustering.ActivationClusteringSettings;
import io.antidote.detect.duplicates.ExactDuplicateDetector;
import io.antidote.detect.duplicates.ExactDuplicateSettings;
import io.antidote.detect.integrity.IntegrityDetector;
import io.antidote.detect.integrity.IntegritySettings;
import io.antidote.detect.knnoutliers.KnnOutlierDetector;
import io.antidote.detect.knnoutliers.KnnOutlierSettings;
import io.antidote.detect.labeldisagreement.KnnLabelDisagreementDetector;
import io.antidote.detect.labeldisagreement.LabelDisagreementSettings;
import io.antidote.detect.neardup.CampaignDetector;
import io.antidote.detect.neardup.CampaignSettings;
import io.antidote.detect.neardup.NearDuplicateDetector;
import io.antidote.detect.neardup.NearDuplicateDetectorSettings;
import io.antidote.detect.offtopic.OffTopicDetector;
import io.antidote.detect.offtopic.OffTopicSettings;
import io.antidote.detect.provenance.ProvenanceDetector;
import io.antidote.detect.provenance.ProvenanceSettings;
import io.antidote.detect.spectral.SpectralSignatureDetector;
import io.antidote.detect.spectral.SpectralSignatureSettings;
import io.antidote.detect.trigger.TriggerTokenDetector;
import io.antidote.detect.trigger.TriggerTokenSettings;
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
            IntegritySettings.PATH,
            IntegritySettings::fromConfig,
            (s, env) -> new IntegrityDetector(s)),
        new DetectorEntry<>(
            ProvenanceSettings.PATH,
            ProvenanceSettings::fromConfig,
            (s, env) ->
                ProvenanceDetector.build(s, env.spark().sparkContext().hadoopConfiguration())),
        new DetectorEntry<>(
            ExactDuplicateSettings.PATH,
            ExactDuplicateSettings::fromConfig,
            (s, env) -> new ExactDuplicateDetector(s)),
        new DetectorEntry<>(
            NearDuplicateDetectorSettings.PATH,
            NearDuplicateDetectorSettings::fromConfig,
            (s, env) -> new NearDuplicateDetector(s)),
        new DetectorEntry<>(
            CampaignSettings.PATH,
            CampaignSettings::fromConfig,
            (s, env) -> new CampaignDetector(s)),
        new DetectorEntry<>(
            TriggerTokenSettings.PATH,
            TriggerTokenSettings::fromConfig,
            (s, env) -> new TriggerTokenDetector(s)),
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
                    m -> new ActivationClusteringDetector(s, m))),
        new DetectorEntry<>(
            KnnOutlierSettings.PATH,
            KnnOutlierSettings::fromConfig,
            (s, env) ->
                env.withMainModel(KnnOutlierDetector.NAME, m -> new KnnOutlierDetector(s, m))),
        new DetectorEntry<>(
            OffTopicSettings.PATH,
            OffTopicSettings::fromConfig,
            (s, env) -> env.withMainModel(OffTopicDetector.NAME, m -> new OffTopicDetector(s, m))),
        new DetectorEntry<>(
            LabelDisagreementSettings.PATH,
            LabelDisagreementSettings::fromConfig,
            (s, env) ->
                env.withMainModel(
                    KnnLabelDisagreementDetector.NAME,
                    m -> new KnnLabelDisagreementDetector(s, m))),
        new DetectorEntry<>(
            CaptionImageAlignmentSettings.PATH,
            CaptionImageAlignmentSettings::fromConfig,
            CaptionImageAlignmentDetector::build));
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
