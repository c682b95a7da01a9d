package io.antidote.flags;

import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import scala.collection.JavaConverters;

/**
 * Builds rows of {@link FlagSchema#DETECTOR_OUTPUT} for detectors whose scores are computed in Java
 * code.
 */
public final class FlagRows {
  private FlagRows() {}

  /** One flag; {@code evidence} holds the figures a reviewer needs to judge it. */
  public static Row flag(
      String sampleId,
      String detector,
      double score,
      double threshold,
      String reason,
      Map<String, String> evidence) {
    return RowFactory.create(
        sampleId,
        detector,
        score,
        threshold,
        reason,
        JavaConverters.mapAsScalaMapConverter(evidence).asScala().toMap(scala.Predef.$conforms()));
  }

  /** A small flag frame built on the driver (for tests and for detectors whose flags are few). */
  public static Dataset<Row> frame(SparkSession spark, List<Row> flags) {
    return spark.createDataFrame(flags, FlagSchema.DETECTOR_OUTPUT);
  }
}
