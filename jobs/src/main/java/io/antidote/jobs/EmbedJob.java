package io.antidote.jobs;

import io.antidote.audit.EmbeddingDetectors;
import io.antidote.audit.ModelSettings;
import io.antidote.config.AuditSettings;
import io.antidote.config.InvalidConfigException;
import io.antidote.corpus.Corpus;
import io.antidote.corpus.CorpusReader;
import io.antidote.corpus.InputFile;
import io.antidote.embed.EmbeddingResult;
import io.antidote.embed.EmbeddingSettings;
import io.antidote.output.RunCommitter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code embed} job: reads the corpus and embeds what the embedding table does not hold yet, as
 * a run of its own (committed atomically like an audit), so a corpus is embedded once and audited
 * many times.
 */
public final class EmbedJob {
  private static final Logger LOG = LoggerFactory.getLogger(EmbedJob.class);

  private EmbedJob() {}

  /**
   * Returns the run's summary (model, counts), or empty when the run was already committed and
   * skipped.
   */
  public static Optional<Map<String, Object>> run(AuditSettings settings) {
    ModelSettings models = ModelSettings.fromConfig(settings.raw());
    if (models.embeddingModels().isEmpty()) {
      throw new InvalidConfigException(
          "antidote.embed.enabled",
          "is false and caption-image alignment is off: the embed command has no model to run");
    }
    String runId = AuditJob.runId(settings);
    SparkSession spark = SparkSessions.create(settings.spark());
    Optional<RunCommitter> begun =
        RunCommitter.begin(
            settings.output().root(),
            runId,
            settings.output().staging(),
            RunCommitter.IfExistsPolicy.valueOf(settings.output().ifExists().name()),
            spark.sparkContext().hadoopConfiguration());
    if (begun.isEmpty()) {
      return Optional.empty();
    }
    RunCommitter committer = begun.get();
    List<InputFile> files = new ArrayList<>();
    try {
      Instant started = Instant.now();
      Corpus corpus = CorpusReader.read(spark, settings.input());
      files.addAll(corpus.files());
      // Every model the audit will read vectors of: the main model, then the alignment towers if
      // on.
      List<Map<String, Object>> perModel = new ArrayList<>();
      for (EmbeddingSettings model : models.embeddingModels()) {
        try (EmbeddingResult r =
            EmbeddingDetectors.embedAndStage(
                spark, model, models.embeddingTable(), corpus.rows(), committer, runId)) {
          perModel.add(r.summary());
        }
      }
      Map<String, Object> summary = new LinkedHashMap<>(perModel.get(0));
      if (perModel.size() > 1) {
        summary.put("other_models", perModel.subList(1, perModel.size()));
      }
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("run_id", runId);
      doc.put("job", "embed");
      doc.put("started_at", started.toString());
      doc.put("finished_at", Instant.now().toString());
      doc.put("inputs", files.stream().map(InputFile::path).toList());
      doc.put("embed", summary);
      committer.stageRunFile(
          RunCommitter.RUN_JSON,
          new com.fasterxml.jackson.databind.ObjectMapper()
              .writerWithDefaultPrettyPrinter()
              .writeValueAsString(doc));
      committer.commit();
      LOG.info("embed run {} committed under {}: {}", runId, committer.root(), summary);
      return Optional.of(summary);
    } catch (Exception e) { // includes Spark's undeclared checked SparkException
      committer.abort();
      throw CorpusReader.explainReadFailure(e, files);
    }
  }
}
