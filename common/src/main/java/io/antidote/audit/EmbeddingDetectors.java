package io.antidote.audit;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sha2;

import io.antidote.corpus.CorpusSchema;
import io.antidote.detect.clustering.ActivationClusteringDetector;
import io.antidote.detect.clustering.ActivationClusteringResult;
import io.antidote.detect.knn.KnnDetectors;
import io.antidote.detect.knn.KnnLabelDisagreementDetector;
import io.antidote.detect.spectral.SpectralSignatureDetector;
import io.antidote.detect.spectral.SpectralSignatureResult;
import io.antidote.embed.EmbeddingResult;
import io.antidote.embed.EmbeddingSchema;
import io.antidote.embed.EmbeddingStage;
import io.antidote.embed.EmbeddingTable;
import io.antidote.flags.FlagSchema;
import io.antidote.output.OutputTable;
import io.antidote.output.RunCommitter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embed stage and the detectors that read its vectors. New vectors are staged with the run (so they
 * appear atomically with its flags, under {@code embeddings/run_id=…/model_id=…}); vectors of content
 * already embedded by an earlier committed run (or in a configured shared table) are reused, so an
 * incremental audit embeds only what is new.
 */
public final class EmbeddingDetectors implements DetectorStage {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddingDetectors.class);
  private final ModelSettings settings;

  public EmbeddingDetectors(ModelSettings settings) {
    this.settings = settings;
  }

  @Override
  public String name() {
    return "embed (" + settings.embed().modelUri() + ") and embedding detectors";
  }

  private final List<String> ran = new ArrayList<>();

  @Override
  public List<String> detectorsRun(AuditContext context) {
    return List.copyOf(ran);
  }

  @Override
  public List<Dataset<Row>> flags(AuditContext context) {
    List<Dataset<Row>> flags = new ArrayList<>();
    if (!settings.embedEnabled()) {
      LOG.info("embed is switched off: embedding detectors skipped");
      return flags;
    }
    String committedTable = committedTable(settings, context.committer());
    try (EmbeddingResult embedded =
        embedAndStage(context.spark(), settings, context.corpus().rows(), context.committer(), context.runId())) {
      Map<String, Object> summary = new LinkedHashMap<>(embedded.summary());
      summary.put("table", committedTable);
      context.notes().put("embed", summary);
      Dataset<Row> vectors = currentVectors(context, embedded, committedTable).persist(StorageLevel.MEMORY_AND_DISK());
      Map<String, Object> reports = new LinkedHashMap<>();
      if (settings.spectral().enabled()) {
        SpectralSignatureResult r = new SpectralSignatureDetector(settings.spectral()).flag(vectors);
        flags.add(r.flags().localCheckpoint());
        ran.add(SpectralSignatureDetector.NAME);
        r.unpersist();
        reports.put(SpectralSignatureDetector.NAME, Map.of("group_by", r.groupBy().name().toLowerCase(), "groups", r.groups(), "skipped_rows", r.skippedRows()));
      }
      if (settings.activationClustering().enabled()) {
        ActivationClusteringResult r = new ActivationClusteringDetector(settings.activationClustering()).flag(vectors);
        flags.add(r.flags().localCheckpoint());
        ran.add(ActivationClusteringDetector.NAME);
        reports.put(ActivationClusteringDetector.NAME, Map.of("group_by", r.groupBy().name().toLowerCase(), "groups", r.groups(), "skipped_rows", r.skippedRows()));
      }
      KnnDetectors.Result knn =
          new KnnDetectors(settings.knn(), settings.knnOutliers(), settings.labelDisagreement()).run(vectors);
      for (Dataset<Row> f : knn.flags) {
        flags.add(f.localCheckpoint());
      }
      if (settings.knnOutliers().enabled) {
        ran.add(io.antidote.detect.knn.KnnOutlierDetector.NAME);
      }
      if (knn.classReport != null) {
        ran.add(KnnLabelDisagreementDetector.NAME);
      }
      if (knn.classReport != null) {
        // Separability per class beside the label-flip flags: flips in classes the representation cannot
        // tell apart are noise (DESIGN.md, "Labels can be ambiguous").
        List<Map<String, Object>> classes = new ArrayList<>();
        for (Row r : knn.classReport.collectAsList()) {
          Map<String, Object> m = new LinkedHashMap<>();
          for (String f : r.schema().fieldNames()) {
            m.put(f, r.getAs(f));
          }
          classes.add(m);
        }
        reports.put(KnnLabelDisagreementDetector.NAME, Map.of("classes", classes));
      }
      if (knn.stats != null) {
        reports.put("knn_self_join", knn.stats);
      }
      if (knn.neighbours != null) {
        knn.neighbours.unpersist();
      }
      context.notes().put("detector_reports", reports);
      vectors.unpersist();
    }
    return flags;
  }

  /** The table earlier vectors are reused from: the configured one, or every committed run's under the root. */
  static String committedTable(ModelSettings settings, RunCommitter committer) {
    return settings.embeddingTable().orElse(new Path(committer.root(), OutputTable.EMBEDDINGS.dir()).toString());
  }

  /**
   * Embeds what the table does not hold yet and stages the new vectors (and failed rows) with the run;
   * with a configured shared table, appends to it instead. The caller closes the result.
   */
  public static EmbeddingResult embedAndStage(
      SparkSession spark, ModelSettings settings, Dataset<Row> rows, RunCommitter committer, String runId) {
    String committedTable = committedTable(settings, committer);
    EmbeddingResult embedded = EmbeddingStage.embed(spark, rows, settings.embed(), Optional.of(committedTable));
    LOG.info("embed: {}", embedded.summary());
    if (embedded.newRows() > 0) {
      if (settings.embeddingTable().isPresent()) {
        // A shared table outside the run: a cache, appended as the run goes (Spark commits each append).
        EmbeddingTable.append(embedded.newEmbeddings(), committedTable);
      } else {
        embedded.newEmbeddings().withColumn(FlagSchema.RUN_ID, lit(runId))
            .write().mode(SaveMode.ErrorIfExists)
            .partitionBy(FlagSchema.RUN_ID, EmbeddingSchema.MODEL_ID)
            .parquet(committer.stagingTable(OutputTable.EMBEDDINGS));
      }
    }
    if (embedded.failed() > 0) {
      embedded.errors().withColumn(FlagSchema.RUN_ID, lit(runId)).coalesce(1)
          .write().partitionBy(FlagSchema.RUN_ID).parquet(committer.stagingTable(OutputTable.EMBED_ERRORS));
    }
    return embedded;
  }

  /**
   * One vector per audited row: this run's new vectors plus those of unchanged content from the table,
   * matched on (sample id, hash of the embedded content), with the row's label.
   */
  private Dataset<Row> currentVectors(AuditContext context, EmbeddingResult embedded, String committedTable) {
    Dataset<Row> rows =
        context.corpus().rows().select(
            col(CorpusSchema.SAMPLE_ID).as("_id"),
            col(CorpusSchema.LABEL).as(CorpusSchema.LABEL),
            sha2(col(settings.embed().contentColumn()), 256).as("_hash"));
    Dataset<Row> known =
        EmbeddingTable.read(context.spark(), committedTable)
            .map(t -> t.where(col(EmbeddingSchema.MODEL_ID).equalTo(embedded.model().modelId())
                .and(col(EmbeddingSchema.MODEL_VERSION).equalTo(embedded.model().modelVersion())))
                .unionByName(embedded.newEmbeddings()))
            .orElse(embedded.newEmbeddings())
            .select(EmbeddingSchema.SAMPLE_ID, EmbeddingSchema.CONTENT_SHA256, EmbeddingSchema.EMBEDDING)
            .dropDuplicates(EmbeddingSchema.SAMPLE_ID, EmbeddingSchema.CONTENT_SHA256);
    return rows.join(known,
            rows.col("_id").equalTo(known.col(EmbeddingSchema.SAMPLE_ID))
                .and(rows.col("_hash").equalTo(known.col(EmbeddingSchema.CONTENT_SHA256))))
        .select(col(EmbeddingSchema.SAMPLE_ID), col(CorpusSchema.LABEL), col(EmbeddingSchema.EMBEDDING));
  }
}
