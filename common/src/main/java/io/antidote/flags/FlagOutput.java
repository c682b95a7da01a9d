package io.antidote.flags;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Gives a flag frame built with SQL expressions exactly {@link FlagSchema#DETECTOR_OUTPUT},
 * including the non-null markers that expressions lose, so every detector's output unions with
 * every other's.
 */
public final class FlagOutput {
  private FlagOutput() {}

  public static Dataset<Row> conform(Dataset<Row> flags) {
    Column[] cols = new Column[FlagSchema.DETECTOR_OUTPUT.fields().length];
    for (int i = 0; i < cols.length; i++) {
      String name = FlagSchema.DETECTOR_OUTPUT.fields()[i].name();
      cols[i] = flags.col(name).cast(FlagSchema.DETECTOR_OUTPUT.fields()[i].dataType()).as(name);
    }
    Dataset<Row> ordered = flags.select(cols);
    return ordered.sparkSession().createDataFrame(ordered.javaRDD(), FlagSchema.DETECTOR_OUTPUT);
  }
}
