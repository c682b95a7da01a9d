package io.antidote.embed;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sha2;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.antidote.corpus.CorpusSchema;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * The embed stage: computes a vector per corpus row with the configured model, skipping content the
 * embedding table already holds for that model and version.
 *
 * <p>Each row's content (the {@code text} or {@code image} column) is hashed (SHA-256 of the UTF-8
 * text or of the image bytes, recomputed here rather than trusting the corpus's recorded hash).
 * Against the existing table, a row is <em>unchanged</em> when its (sample id, hash) is already
 * there, <em>reused</em> when its hash is there under another sample id (the vector is copied, the
 * model does not run), and otherwise embedded. Rows are embedded in the corpus's own partitions,
 * streaming (no shuffle of the content on a first run); content repeated within one run is embedded
 * once per row.
 */
public final class EmbeddingStage {
  private static final String STATUS = "_embed_status";
  private static final String IN_TABLE = "_in_table";

  private EmbeddingStage() {}

  public static EmbeddingResult embed(
      SparkSession spark,
      Dataset<Row> corpus,
      EmbeddingSettings settings,
      Optional<String> existingTablePath) {
    String contentColumn = settings.contentColumn();
    List<String> columns = Arrays.asList(corpus.columns());
    for (String required : List.of(CorpusSchema.SAMPLE_ID, contentColumn)) {
      if (!columns.contains(required)) {
        throw new IllegalArgumentException(
            "embed (modality "
                + settings.modality().name().toLowerCase()
                + ") needs corpus column "
                + required
                + "; the corpus has "
                + columns);
      }
    }
    Map<String, String> hadoopConf = hadoopConf(spark);
    ModelIdentity model = ModelIdentity.of(settings, hadoopConf);

    Dataset<Row> keyed =
        corpus.select(
            col(CorpusSchema.SAMPLE_ID).as(EmbeddingSchema.SAMPLE_ID),
            sha2(col(contentColumn), 256).as(EmbeddingSchema.CONTENT_SHA256),
            col(contentColumn).as(EmbedPartition.CONTENT));

    Optional<Dataset<Row>> table =
        existingTablePath
            .flatMap(p -> EmbeddingTable.read(spark, p))
            .map(
                t ->
                    t.filter(
                        col(EmbeddingSchema.MODEL_ID)
                            .equalTo(model.modelId())
                            .and(
                                col(EmbeddingSchema.MODEL_VERSION).equalTo(model.modelVersion()))));

    Dataset<Row> statused;
    Dataset<Row> reusedRows;
    if (table.isEmpty()) {
      statused =
          keyed.withColumn(
              STATUS,
              when(col(EmbedPartition.CONTENT).isNull(), lit("skipped")).otherwise(lit("embed")));
      reusedRows = null;
    } else {
      Dataset<Row> byHash =
          table
              .get()
              .groupBy(EmbeddingSchema.CONTENT_SHA256)
              .agg(
                  first(EmbeddingSchema.DIM).as(EmbeddingSchema.DIM),
                  first(EmbeddingSchema.EMBEDDING).as(EmbeddingSchema.EMBEDDING));
      Dataset<Row> pairs =
          table
              .get()
              .select(EmbeddingSchema.SAMPLE_ID, EmbeddingSchema.CONTENT_SHA256)
              .distinct()
              .withColumn(IN_TABLE, lit(true));
      Dataset<Row> joined =
          keyed
              .join(
                  byHash,
                  keyed
                      .col(EmbeddingSchema.CONTENT_SHA256)
                      .equalTo(byHash.col(EmbeddingSchema.CONTENT_SHA256)),
                  "left")
              .drop(byHash.col(EmbeddingSchema.CONTENT_SHA256))
              .join(
                  pairs,
                  scala(List.of(EmbeddingSchema.SAMPLE_ID, EmbeddingSchema.CONTENT_SHA256)),
                  "left");
      statused =
          joined.withColumn(
              STATUS,
              when(col(EmbedPartition.CONTENT).isNull(), lit("skipped"))
                  .when(col(IN_TABLE).isNotNull(), lit("unchanged"))
                  .when(col(EmbeddingSchema.EMBEDDING).isNotNull(), lit("reused"))
                  .otherwise(lit("embed")));
      reusedRows = tableRows(statused.filter(col(STATUS).equalTo("reused")), model);
    }

    Dataset<Row> toEmbed =
        spreadOverCores(
            spark,
            statused
                .filter(col(STATUS).equalTo("embed"))
                .select(
                    EmbeddingSchema.SAMPLE_ID,
                    EmbeddingSchema.CONTENT_SHA256,
                    EmbedPartition.CONTENT));
    Dataset<Row> modelOut =
        toEmbed
            .mapPartitions(
                new EmbedPartition(settings, hadoopConf), Encoders.row(EmbedPartition.OUTPUT))
            .persist(StorageLevel.MEMORY_AND_DISK());

    Row modelCounts =
        modelOut
            .agg(
                count(lit(1)).as("n"),
                sum(when(col(EmbedPartition.ERROR).isNotNull(), 1).otherwise(0)).as("failed"))
            .first();
    long failed = modelCounts.isNullAt(1) ? 0 : modelCounts.getLong(1);
    long embedded = modelCounts.getLong(0) - failed;

    Row statusCounts =
        statused
            .agg(
                sum(when(col(STATUS).equalTo("reused"), 1).otherwise(0)),
                sum(when(col(STATUS).equalTo("unchanged"), 1).otherwise(0)),
                sum(when(col(STATUS).equalTo("skipped"), 1).otherwise(0)))
            .first();

    Dataset<Row> fromModel = tableRows(modelOut.filter(col(EmbedPartition.ERROR).isNull()), model);
    Dataset<Row> newEmbeddings = reusedRows == null ? fromModel : fromModel.unionByName(reusedRows);
    Dataset<Row> errors =
        modelOut
            .filter(col(EmbedPartition.ERROR).isNotNull())
            .select(
                col(EmbeddingSchema.SAMPLE_ID),
                lit(model.modelId()).as(EmbeddingErrorSchema.MODEL_ID),
                lit(model.modelVersion()).as(EmbeddingErrorSchema.MODEL_VERSION),
                col(EmbeddingSchema.CONTENT_SHA256),
                col(EmbedPartition.ERROR).as(EmbeddingErrorSchema.REASON));

    return new EmbeddingResult(
        model,
        newEmbeddings,
        errors,
        embedded,
        longOrZero(statusCounts, 0),
        longOrZero(statusCounts, 1),
        failed,
        longOrZero(statusCounts, 2),
        modelOut);
  }

  /**
   * The rows to embed, round-robin over twice as many partitions as the cluster has task slots when
   * the input has fewer. A corpus of one Parquet file is read as one partition, or as byte-range
   * splits of which only the one holding the file's row group has rows (measured: a 100,000-row
   * file in two splits embedded on one core of two for 388 s); either would put the whole model
   * stage on one core. Twice the slots, so that a task of long texts does not leave a core idle at
   * the end. The shuffle costs far less than the inference it parallelises. Inputs already split
   * finer are left alone: with many partitions, uneven ones even out over the tasks.
   */
  static Dataset<Row> spreadOverCores(SparkSession spark, Dataset<Row> rows) {
    int spread = 2 * spark.sparkContext().defaultParallelism();
    return rows.rdd().getNumPartitions() < spread ? rows.repartition(spread) : rows;
  }

  /** Rows with a vector, as embedding-table rows of {@code model}. */
  private static Dataset<Row> tableRows(Dataset<Row> rows, ModelIdentity model) {
    return rows.select(
        col(EmbeddingSchema.SAMPLE_ID),
        lit(model.modelId()).as(EmbeddingSchema.MODEL_ID),
        lit(model.modelVersion()).as(EmbeddingSchema.MODEL_VERSION),
        col(EmbeddingSchema.CONTENT_SHA256),
        col(EmbeddingSchema.DIM),
        col(EmbeddingSchema.EMBEDDING));
  }

  /**
   * The {@code fs.*} Hadoop settings of the session, shipped to executors for s3a:/hdfs: models.
   */
  public static Map<String, String> hadoopConf(SparkSession spark) {
    Map<String, String> m = new HashMap<>();
    for (Map.Entry<String, String> e : spark.sparkContext().hadoopConfiguration()) {
      if (e.getKey().startsWith("fs.")) {
        m.put(e.getKey(), e.getValue());
      }
    }
    return m;
  }

  static Column[] columns(StructType schema) {
    return Arrays.stream(schema.fieldNames())
        .map(org.apache.spark.sql.functions::col)
        .toArray(Column[]::new);
  }

  private static long longOrZero(Row r, int i) {
    return r.isNullAt(i) ? 0L : r.getLong(i);
  }

  private static scala.collection.immutable.Seq<String> scala(List<String> names) {
    return scala.collection.JavaConverters.asScalaBuffer(names).toList();
  }
}
