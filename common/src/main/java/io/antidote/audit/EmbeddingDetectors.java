package io.antidote.audit;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sha2;

import io.antidote.corpus.CorpusSchema;
import io.antidote.detect.alignment.AlignmentResult;
import io.antidote.detect.alignment.CaptionImageAlignmentDetector;
import io.antidote.detect.alignment.CaptionImageAlignmentSettings;
import io.antidote.detect.clustering.ActivationClusteringDetector;
import io.antidote.detect.clustering.ActivationClusteringResult;
import io.antidote.detect.knn.KnnDetectors;
import io.antidote.detect.knn.KnnLabelDisagreementDetector;
import io.antidote.detect.spectral.SpectralSignatureDetector;
import io.antidote.detect.spectral.SpectralSignatureResult;
import io.antidote.embed.EmbeddingResult;
import io.antidote.embed.EmbeddingSchema;
import io.antidote.embed.EmbeddingSettings;
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
 * The embed stage and the detectors that read its vectors. New vectors are staged with the run (so
 * they appear atomically with its flags, under {@code embeddings/run_id=…/model_id=…}); vectors of
 * content already embedded by an earlier committed run (or in a configured shared table) are
 * reused, so an incremental audit embeds only what is new.
 */
public final class EmbeddingDetectors implements DetectorStage {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddingDetectors.class);
  private final ModelSettings settings;

  public EmbeddingDetectors(ModelSettings settings) {
    this.settings = settings;
  }

  @Override
  public String name() {
    return "embed ("
        + String.join(
            ", ", settings.embeddingModels().stream().map(EmbeddingSettings::modelUri).toList())
        + ") and embedding detectors";
  }

  private final List<String> ran = new ArrayList<>();

  @Override
  public List<String> detectorsRun(AuditContext context) {
    return List.copyOf(ran);
  }

  @Override
  public List<Dataset<Row>> flags(AuditContext context) {
    List<Dataset<Row>> flags = new ArrayList<>();
    if (!settings.embedEnabled() && !settings.alignment().enabled()) {
      LOG.info("embed and caption-image alignment are switched off: embedding detectors skipped");
      return flags;
    }
    String committedTable = committedTable(settings, context.committer());
    Map<EmbeddingSettings, Dataset<Row>> vectors = new LinkedHashMap<>();
    Map<EmbeddingSettings, Map<String, Object>> summaries = new LinkedHashMap<>();
    List<EmbeddingResult> results = new ArrayList<>();
    try {
      for (EmbeddingSettings model : settings.embeddingModels()) {
        EmbeddingResult embedded =
            embedAndStage(
                context.spark(),
                model,
                settings.embeddingTable(),
                context.corpus().rows(),
                context.committer(),
                context.runId());
        results.add(embedded);
        Map<String, Object> summary = new LinkedHashMap<>(embedded.summary());
        summary.put("table", committedTable);
        summaries.put(model, summary);
        vectors.put(
            model,
            currentVectors(context, model, embedded, committedTable)
                .persist(StorageLevel.MEMORY_AND_DISK()));
      }
      Map<String, Object> reports = new LinkedHashMap<>();
      if (settings.embedEnabled()) {
        context.notes().put("embed", summaries.get(settings.embed()));
        flags.addAll(mainDetectors(vectors.get(settings.embed()), reports));
      } else {
        LOG.info(
            "embed is switched off: spectral, activation-clustering and KNN detectors skipped");
      }
      if (settings.alignment().enabled()) {
        flags.add(alignment(context, vectors, summaries, reports));
      }
      context.notes().put("detector_reports", reports);
    } finally {
      vectors.values().forEach(Dataset::unpersist);
      results.forEach(EmbeddingResult::close);
    }
    return flags;
  }

  /**
   * Spectral signatures, activation clustering and the KNN detectors over the main model's vectors.
   */
  private List<Dataset<Row>> mainDetectors(Dataset<Row> vectors, Map<String, Object> reports) {
    List<Dataset<Row>> flags = new ArrayList<>();
    if (settings.spectral().common().enabled()) {
      SpectralSignatureResult r =
          new SpectralSignatureDetector(settings.spectral(), settings.embed()).run(vectors);
      flags.add(r.flags());
      ran.add(SpectralSignatureDetector.NAME);
      reports.put(SpectralSignatureDetector.NAME, r.report());
    }
    if (settings.activationClustering().common().enabled()) {
      ActivationClusteringResult r =
          new ActivationClusteringDetector(settings.activationClustering(), settings.embed())
              .run(vectors);
      flags.add(r.flags());
      ran.add(ActivationClusteringDetector.NAME);
      reports.put(ActivationClusteringDetector.NAME, r.report());
    }
    KnnDetectors.Result knn =
        new KnnDetectors(settings.knn(), settings.knnOutliers(), settings.labelDisagreement())
            .run(vectors);
    for (Dataset<Row> f : knn.flags) {
      flags.add(f.localCheckpoint());
    }
    if (settings.knnOutliers().enabled) {
      ran.add(io.antidote.detect.knn.KnnOutlierDetector.NAME);
    }
    if (knn.classReport != null) {
      ran.add(KnnLabelDisagreementDetector.NAME);
      // Separability per class beside the label-flip flags: flips in classes the representation
      // cannot
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
    return flags;
  }

  /**
   * Caption-image alignment: each corpus row's caption vector (text tower) beside its image vector
   * (image tower). Rows lacking either (no caption, no image, an image that did not decode) are
   * counted as skipped.
   */
  private Dataset<Row> alignment(
      AuditContext context,
      Map<EmbeddingSettings, Dataset<Row>> vectors,
      Map<EmbeddingSettings, Map<String, Object>> summaries,
      Map<String, Object> reports) {
    AlignmentSettings a = settings.alignment();
    CaptionImageAlignmentSettings detector = a.detector();
    Dataset<Row> ids =
        context.corpus().rows().select(col(CorpusSchema.SAMPLE_ID).as(EmbeddingSchema.SAMPLE_ID));
    // Own key names on each side: the three frames share the corpus's lineage, and a join on one
    // attribute from both sides of a self-join is ambiguous to Spark.
    Dataset<Row> text =
        vectors
            .get(a.textTower())
            .select(
                col(EmbeddingSchema.SAMPLE_ID).as("_text_id"),
                col(EmbeddingSchema.EMBEDDING).as(detector.textColumn()));
    Dataset<Row> image =
        vectors
            .get(a.imageTower())
            .select(
                col(EmbeddingSchema.SAMPLE_ID).as("_image_id"),
                col(EmbeddingSchema.EMBEDDING).as(detector.imageColumn()));
    Dataset<Row> pairs =
        ids.join(text, col(EmbeddingSchema.SAMPLE_ID).equalTo(col("_text_id")), "left")
            .join(image, col(EmbeddingSchema.SAMPLE_ID).equalTo(col("_image_id")), "left")
            .drop("_text_id", "_image_id");
    AlignmentResult r = new CaptionImageAlignmentDetector(detector).flag(pairs);
    Dataset<Row> flags = r.flags().localCheckpoint();
    ran.add(CaptionImageAlignmentDetector.NAME);
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("scored_pairs", r.scoredRows());
    report.put("skipped_rows", r.skippedRows());
    report.put("cut", r.cut().cut());
    report.put("absolute_cut", Double.isNaN(r.cut().absolute()) ? "off" : r.cut().absolute());
    report.put("quantile_cut", Double.isNaN(r.cut().quantileCut()) ? "off" : r.cut().quantileCut());
    report.put("text_tower", summaries.get(a.textTower()));
    report.put("image_tower", summaries.get(a.imageTower()));
    reports.put(CaptionImageAlignmentDetector.NAME, report);
    LOG.info(
        "caption-image alignment: {} pairs scored, {} rows skipped, cut {}",
        r.scoredRows(),
        r.skippedRows(),
        r.cut().cut());
    return flags;
  }

  /**
   * The table earlier vectors are reused from: the configured one, or every committed run's under
   * the root.
   */
  static String committedTable(ModelSettings settings, RunCommitter committer) {
    return committedTable(settings.embeddingTable(), committer);
  }

  private static String committedTable(Optional<String> sharedTable, RunCommitter committer) {
    return sharedTable.orElse(new Path(committer.root(), OutputTable.EMBEDDINGS.dir()).toString());
  }

  /**
   * Embeds what the table does not hold yet and stages the new vectors (and failed rows) with the
   * run; with a configured shared table, appends to it instead. The caller closes the result.
   */
  public static EmbeddingResult embedAndStage(
      SparkSession spark,
      EmbeddingSettings model,
      Optional<String> sharedTable,
      Dataset<Row> rows,
      RunCommitter committer,
      String runId) {
    String committedTable = committedTable(sharedTable, committer);
    EmbeddingResult embedded =
        EmbeddingStage.embed(spark, rows, model, Optional.of(committedTable));
    LOG.info("embed: {}", embedded.summary());
    if (embedded.newRows() > 0) {
      if (sharedTable.isPresent()) {
        // A shared table outside the run: a cache, appended as the run goes (Spark commits each
        // append).
        EmbeddingTable.append(embedded.newEmbeddings(), committedTable);
      } else {
        // Append: one run stages a partition per model (the main model, the alignment towers).
        embedded
            .newEmbeddings()
            .withColumn(FlagSchema.RUN_ID, lit(runId))
            .write()
            .mode(SaveMode.Append)
            .partitionBy(FlagSchema.RUN_ID, EmbeddingSchema.MODEL_ID)
            .parquet(committer.stagingTable(OutputTable.EMBEDDINGS));
      }
    }
    if (embedded.failed() > 0) {
      embedded
          .errors()
          .withColumn(FlagSchema.RUN_ID, lit(runId))
          .coalesce(1)
          .write()
          .mode(SaveMode.Append)
          .partitionBy(FlagSchema.RUN_ID)
          .parquet(committer.stagingTable(OutputTable.EMBED_ERRORS));
    }
    return embedded;
  }

  /**
   * One vector per audited row: this run's new vectors plus those of unchanged content from the
   * table, matched on (sample id, hash of the embedded content), with the row's label.
   */
  private static Dataset<Row> currentVectors(
      AuditContext context,
      EmbeddingSettings model,
      EmbeddingResult embedded,
      String committedTable) {
    Dataset<Row> rows =
        context
            .corpus()
            .rows()
            .select(
                col(CorpusSchema.SAMPLE_ID).as("_id"),
                col(CorpusSchema.LABEL).as(CorpusSchema.LABEL),
                sha2(col(model.contentColumn()), 256).as("_hash"));
    Dataset<Row> known =
        EmbeddingTable.read(context.spark(), committedTable)
            .map(
                t ->
                    t.where(
                            col(EmbeddingSchema.MODEL_ID)
                                .equalTo(embedded.model().modelId())
                                .and(
                                    col(EmbeddingSchema.MODEL_VERSION)
                                        .equalTo(embedded.model().modelVersion())))
                        .unionByName(embedded.newEmbeddings()))
            .orElse(embedded.newEmbeddings())
            .select(
                EmbeddingSchema.SAMPLE_ID,
                EmbeddingSchema.CONTENT_SHA256,
                EmbeddingSchema.EMBEDDING)
            .dropDuplicates(EmbeddingSchema.SAMPLE_ID, EmbeddingSchema.CONTENT_SHA256);
    return rows.join(
            known,
            rows.col("_id")
                .equalTo(known.col(EmbeddingSchema.SAMPLE_ID))
                .and(rows.col("_hash").equalTo(known.col(EmbeddingSchema.CONTENT_SHA256))))
        .select(
            col(EmbeddingSchema.SAMPLE_ID),
            col(CorpusSchema.LABEL),
            col(EmbeddingSchema.EMBEDDING));
  }
}
