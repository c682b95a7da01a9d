package io.antidote.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigRenderOptions;
import io.antidote.curation.CurationSettings;
import io.antidote.detect.DetectorEntry;
import io.antidote.detect.DetectorRegistry;
import io.antidote.detect.imagehash.ImageHashSettings;
import io.antidote.detect.neardup.NearDuplicateSettings;
import io.antidote.detect.neighbours.KnnSettings;
import io.antidote.embed.EmbeddingSettings;
import io.antidote.manifest.ManifestSettings;
import io.antidote.report.ReportSettings;
import java.util.List;
import java.util.Optional;

/**
 * Every setting of a run, parsed and validated once from the {@code antidote} subtree that {@link
 * AntidoteConfig#load} merged over reference.conf: the one configuration root of every command.
 *
 * @param embedEnabled whether the embedding detectors run ({@code antidote.embed.enabled})
 * @param embed the main embedding model and how models run
 * @param embeddingTable a shared embedding table; empty = {@code <output.root>/embeddings}
 * @param knn the KNN self-join shared by the neighbour-reading detectors
 * @param imageNearDuplicates how image near-duplicate edges are found ({@code
 *     near-duplicates.image})
 * @param nearDuplicates the near-duplicate grouping and campaign test shared by their detectors
 * @param detectors every registered detector's settings, enabled or not, in registry order
 * @param manifest the keys of signed shard manifests
 * @param curation the curated corpus's partition column
 * @param report the run's HTML report
 */
public record AuditSettings(
    String runId,
    InputSettings input,
    OutputSettings output,
    SparkSettings spark,
    boolean embedEnabled,
    EmbeddingSettings embed,
    Optional<String> embeddingTable,
    KnnSettings knn,
    ImageHashSettings imageNearDuplicates,
    NearDuplicateSettings nearDuplicates,
    List<DetectorEntry.Configured<?>> detectors,
    ManifestSettings manifest,
    CurationSettings curation,
    ReportSettings report,
    Config raw) {

  public static AuditSettings fromConfig(Config antidote) {
    SettingsBlock run = SettingsBlock.of(antidote, "run");
    String runId = run.string("id");
    run.check(
        runId.isEmpty() || runId.matches("[A-Za-z0-9._:-]+"),
        "id",
        "letters, digits and . _ : - only (it names folders)",
        "'" + runId + "'");
    SettingsBlock embed = SettingsBlock.of(antidote, "embed");
    return new AuditSettings(
        runId,
        InputSettings.fromConfig(SettingsBlock.of(antidote, "input")),
        OutputSettings.fromConfig(SettingsBlock.of(antidote, "output")),
        SparkSettings.fromConfig(SettingsBlock.of(antidote, "spark")),
        embed.bool("enabled"),
        EmbeddingSettings.fromConfig(embed),
        EmbeddingSettings.tablePath(embed),
        KnnSettings.fromConfig(SettingsBlock.of(antidote, KnnSettings.PATH)),
        ImageHashSettings.fromConfig(SettingsBlock.of(antidote, ImageHashSettings.PATH)),
        NearDuplicateSettings.fromConfig(SettingsBlock.of(antidote, NearDuplicateSettings.PATH)),
        DetectorRegistry.configure(antidote),
        ManifestSettings.fromConfig(SettingsBlock.of(antidote, ManifestSettings.PATH)),
        CurationSettings.fromConfig(SettingsBlock.of(antidote, CurationSettings.PATH)),
        ReportSettings.fromConfig(SettingsBlock.of(antidote, "report")),
        antidote);
  }

  /** The detectors switched on, in registry order. */
  public List<DetectorEntry.Configured<?>> enabledDetectors() {
    return detectors.stream().filter(d -> d.common().enabled()).toList();
  }

  /** One detector's parsed settings, by their type. */
  public <S extends DetectorEntry.Settings> S detector(Class<S> type) {
    for (DetectorEntry.Configured<?> c : detectors) {
      if (type.isInstance(c.settings())) {
        return type.cast(c.settings());
      }
    }
    throw new IllegalArgumentException("no registered detector has settings of " + type);
  }

  /** The effective configuration as JSON, for run.json, with every credential redacted. */
  public String configJson() {
    return Redaction.redact(raw).root().render(ConfigRenderOptions.concise());
  }
}
