package io.antidote.embed;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * The embedding table on disk: Parquet with {@link EmbeddingSchema}'s columns, partitioned by model
 * id, appended to by each run. Appends go through Spark's file committer, so a failed run adds no
 * files.
 */
public final class EmbeddingTable {
  private EmbeddingTable() {}

  /** The table at {@code path}, or empty when nothing has been written there yet. */
  public static Optional<Dataset<Row>> read(SparkSession spark, String path) {
    Path p = new Path(path);
    try {
      FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (!fs.exists(p) || fs.listStatus(p).length == 0) {
        return Optional.empty();
      }
      if (fs.exists(new Path(p, "_delta_log"))) {
        // An output root written with output.format = delta: only the files in its log are rows
        // (read as Parquet, a replaced run's files would come back).
        Dataset<Row> delta = spark.read().format("delta").load(path);
        return Optional.of(delta.select(EmbeddingStage.columns(EmbeddingSchema.SCHEMA)));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read embedding table " + path, e);
    }
    Dataset<Row> found = spark.read().parquet(path);
    for (String c : EmbeddingSchema.SCHEMA.fieldNames()) {
      if (!java.util.Arrays.asList(found.columns()).contains(c)) {
        throw new IllegalArgumentException(
            "embedding table "
                + path
                + " has no column "
                + c
                + "; expected "
                + EmbeddingSchema.SCHEMA.simpleString());
      }
    }
    // Read with the declared schema: partition type inference would turn a model id like "2024"
    // into an int.
    Dataset<Row> table = spark.read().schema(EmbeddingSchema.SCHEMA).parquet(path);
    return Optional.of(table.select(EmbeddingStage.columns(EmbeddingSchema.SCHEMA)));
  }

  /** Appends a run's new rows ({@link EmbeddingResult#newEmbeddings()}). */
  public static void append(Dataset<Row> newEmbeddings, String path) {
    newEmbeddings
        .select(EmbeddingStage.columns(EmbeddingSchema.SCHEMA))
        .write()
        .mode(SaveMode.Append)
        .partitionBy(EmbeddingSchema.MODEL_ID)
        .parquet(path);
  }
}
