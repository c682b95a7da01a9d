package io.antidote.embed;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sha2;

import io.antidote.corpus.CorpusSchema;
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
 * The embed stage of one run: embeds each model's content once, stages the new vectors with the run
 * (so they appear atomically with its other tables, under {@code embeddings/run_id=…/model_id=…}),
 * and serves the current vectors of every audited row. Vectors of content already embedded by an
 * earlier committed run (or held by a configured shared table) are reused, so an incremental audit
 * embeds only what is new. Close it when the run's detectors are done.
 */
public final class RunEmbeddings implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RunEmbeddings.class);

  private final SparkSession spark;
  private final Optional<String> sharedTable;
  private final RunCommitter committer;
  private final Dataset<Row> corpusRows;
  private final Map<EmbeddingSettings, Dataset<Row>> vectors = new LinkedHashMap<>();
  private final Map<String, Object> summaries = new LinkedHashMap<>();
  private final List<EmbeddingResult> results = new ArrayList<>();

  public RunEmbeddings(
      SparkSession spark,
      Optional<String> sharedTable,
      RunCommitter committer,
      Dataset<Row> corpusRows) {
    this.spark = spark;
    this.sharedTable = sharedTable;
    this.committer = committer;
    this.corpusRows = corpusRows;
  }

  /**
   * One vector per audited row of {@code model} ({@link EmbeddingSchema#DETECTOR_INPUT}), embedding
   * and staging what is new on the first call for that model.
   */
  public Dataset<Row> vectors(EmbeddingSettings model) {
    Dataset<Row> v = vectors.get(model);
    if (v == null) {
      long t0 = System.nanoTime();
      EmbeddingResult embedded = embedAndStage(spark, model, sharedTable, corpusRows, committer);
      results.add(embedded);
      Map<String, Object> summary = new LinkedHashMap<>(embedded.summary());
      // The audit embeds inside the first detector stage that needs vectors; this says how much
      // of that stage's time was the embed stage (model run and staging of the new vectors).
      summary.put("wall_ms", (System.nanoTime() - t0) / 1_000_000);
      summary.put("table", committedTable(sharedTable, committer));
      summaries.put(embedded.model().modelId(), summary);
      v =
          currentVectors(model, embedded, committedTable(sharedTable, committer))
              .persist(StorageLevel.MEMORY_AND_DISK());
      vectors.put(model, v);
    }
    return v;
  }

  /** Per model id: its identity and what this run embedded, reused and could not embed. */
  public Map<String, Object> summaries() {
    return new LinkedHashMap<>(summaries);
  }

  /** The models this run embedded with, by their settings, in first-use order. */
  public Map<EmbeddingSettings, ModelIdentity> models() {
    Map<EmbeddingSettings, ModelIdentity> m = new LinkedHashMap<>();
    int i = 0;
    for (EmbeddingSettings s : vectors.keySet()) {
      m.put(s, results.get(i++).model());
    }
    return m;
  }

  /** Rows no model could embed, over every model this run embedded with. */
  public long failedRows() {
    return results.stream().mapToLong(EmbeddingResult::failed).sum();
  }

  @Override
  public void close() {
    vectors.values().forEach(Dataset::unpersist);
    results.forEach(EmbeddingResult::close);
  }

  /** The table earlier vectors are reused from: the shared one, or every committed run's. */
  static String committedTable(Optional<String> sharedTable, RunCommitter committer) {
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
      RunCommitter committer) {
    String committedTable = committedTable(sharedTable, committer);
    EmbeddingResult embedded =
        EmbeddingStage.embed(spark, rows, model, Optional.of(committedTable));
    LOG.info("embed: {}", embedded.summary());
    String runId = committer.runId();
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
  private Dataset<Row> currentVectors(
      EmbeddingSettings model, EmbeddingResult embedded, String committedTable) {
    Dataset<Row> rows =
        corpusRows.select(
            col(CorpusSchema.SAMPLE_ID).as("_id"),
            col(CorpusSchema.LABEL).as(CorpusSchema.LABEL),
            sha2(col(model.contentColumn()), 256).as("_hash"));
    Dataset<Row> known =
        EmbeddingTable.read(spark, committedTable)
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
