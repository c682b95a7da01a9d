package io.antidote.jobs;

import io.antidote.config.AuditSettings;
import io.antidote.config.InvalidConfigException;
import io.antidote.corpus.Corpus;
import io.antidote.corpus.CorpusReader;
import io.antidote.detect.Detector;
import io.antidote.detect.DetectorEntry;
import io.antidote.detect.DetectorEnvironment;
import io.antidote.detect.DetectorInput;
import io.antidote.embed.EmbeddingResult;
import io.antidote.embed.EmbeddingSettings;
import io.antidote.embed.RunEmbeddings;
import io.antidote.run.RunLifecycle;
import io.antidote.run.ShufflePartitions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code embed} job: reads the corpus and embeds, with every model an audit of the same
 * configuration would read, what the embedding table does not hold yet, as a run of its own
 * (committed atomically like an audit), so a corpus is embedded once and audited many times.
 */
public final class EmbedJob {
  private static final Logger LOG = LoggerFactory.getLogger(EmbedJob.class);
  private static final String READ = "read and validate input";
  private static final String COMMIT = "run.json and commit";

  private EmbedJob() {}

  /**
   * Returns the run's summary (per model id: identity and counts), or empty when the run was
   * already committed and skipped.
   */
  public static Optional<Map<String, Object>> run(AuditSettings settings) {
    AuditJob.requireInput(settings);
    String runId = AuditJob.runId(settings);
    SparkSession spark = SparkSessions.create(settings.spark(), settings.output().format());
    List<EmbeddingSettings> models = models(settings, spark);
    if (models.isEmpty()) {
      throw new InvalidConfigException(
          "antidote.embed.enabled",
          "is false and no enabled detector reads embeddings: the embed command has no model to"
              + " run");
    }
    List<String> plan = new ArrayList<>(List.of(READ));
    models.forEach(m -> plan.add(stageName(m)));
    plan.add(COMMIT);
    Optional<RunLifecycle> begun =
        RunLifecycle.begin("embed", spark, settings.output(), runId, plan);
    if (begun.isEmpty()) {
      return Optional.empty();
    }
    RunLifecycle run = begun.get();
    try {
      Corpus corpus = run.stage(READ, () -> CorpusReader.read(spark, settings.input()));
      run.readFrom(corpus.files());
      ShufflePartitions.fit(spark, corpus.rowsRead(), settings.spark().rowsPerShufflePartition());
      Map<String, Object> summary = new LinkedHashMap<>();
      for (EmbeddingSettings model : models) {
        run.stage(
            stageName(model),
            () -> {
              try (EmbeddingResult r =
                  RunEmbeddings.embedAndStage(
                      spark, model, settings.embeddingTable(), corpus.rows(), run.committer())) {
                summary.put(r.model().modelId(), r.summary());
              }
              return null;
            });
      }
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("embed", summary);
      run.stage(COMMIT, () -> run.commit(body, settings.configJson()));
      LOG.info("embed run {} committed under {}: {}", runId, run.committer().root(), summary);
      return Optional.of(summary);
    } catch (Exception e) { // includes Spark's undeclared checked SparkException
      throw run.failed(e);
    }
  }

  /** Every model the enabled detectors read vectors of, each once, in registry order. */
  static List<EmbeddingSettings> models(AuditSettings settings, SparkSession spark) {
    DetectorEnvironment env =
        new DetectorEnvironment(spark, settings.embed(), settings.embedEnabled());
    Set<EmbeddingSettings> models = new LinkedHashSet<>();
    for (DetectorEntry.Configured<?> c : settings.enabledDetectors()) {
      Detector d = c.build(env);
      for (DetectorInput input : d.inputs()) {
        if (input instanceof DetectorInput.Embeddings e) {
          models.add(e.model());
        } else if (input instanceof DetectorInput.Neighbours n) {
          models.add(n.model());
        }
      }
    }
    return List.copyOf(models);
  }

  private static String stageName(EmbeddingSettings model) {
    return "embed " + model.modelUri();
  }
}
