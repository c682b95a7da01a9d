package io.antidote.flags;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.antidote.corpus.RowFacts;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** Assembles detector outputs into the flag table ({@link FlagSchema#SCHEMA}). */
public final class FlagTable {
  private FlagTable() {}

  /** The union of detector outputs, each checked against {@link FlagSchema#DETECTOR_OUTPUT}. */
  public static Dataset<Row> union(SparkSession spark, List<Dataset<Row>> detectorOutputs) {
    Dataset<Row> all = spark.createDataFrame(List.of(), FlagSchema.DETECTOR_OUTPUT);
    for (Dataset<Row> d : detectorOutputs) {
      List<String> names = List.of(d.schema().fieldNames());
      if (!names.equals(List.of(FlagSchema.DETECTOR_OUTPUT.fieldNames()))) {
        throw new IllegalStateException(
            "a detector returned columns "
                + names
                + "; expected "
                + List.of(FlagSchema.DETECTOR_OUTPUT.fieldNames()));
      }
      all = all.union(d);
    }
    return all;
  }

  /** Adds the run id and each sample's label, source and url, in the flag table's column order. */
  public static Dataset<Row> assemble(Dataset<Row> flags, Dataset<Row> facts, String runId) {
    Dataset<Row> context =
        facts.select(
            col(RowFacts.SAMPLE_ID).as("_ctx_id"),
            col(RowFacts.LABEL).as("_ctx_label"),
            col(RowFacts.SOURCE).as("_ctx_source"),
            col(RowFacts.URL).as("_ctx_url"));
    Dataset<Row> joined =
        flags.join(
            context, flags.col(FlagSchema.SAMPLE_ID).equalTo(context.col("_ctx_id")), "left");
    Column[] cols = {
      col(FlagSchema.SAMPLE_ID),
      lit(runId).as(FlagSchema.RUN_ID),
      col(FlagSchema.DETECTOR),
      col(FlagSchema.SCORE),
      col(FlagSchema.THRESHOLD),
      col(FlagSchema.REASON),
      col(FlagSchema.EVIDENCE),
      col("_ctx_label").as(FlagSchema.LABEL),
      col("_ctx_source").as(FlagSchema.SOURCE),
      col("_ctx_url").as(FlagSchema.URL)
    };
    return joined.select(cols);
  }
}
