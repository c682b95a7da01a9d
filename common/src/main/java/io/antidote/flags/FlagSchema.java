package io.antidote.flags;

import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The flag table (README.md, "Outputs"): one row per (sample, detector) that flagged it. A detector
 * emits {@link #DETECTOR_OUTPUT}; the audit adds the run id and the sample's label, source and url
 * to make {@link #SCHEMA}, partitioned by {@link #RUN_ID} and {@link #DETECTOR}.
 */
public final class FlagSchema {
  public static final String SAMPLE_ID = "sample_id";
  public static final String RUN_ID = "run_id";
  public static final String DETECTOR = "detector";
  public static final String SCORE = "score";
  public static final String THRESHOLD = "threshold";
  public static final String REASON = "reason";
  public static final String EVIDENCE = "evidence";
  public static final String LABEL = "label";
  public static final String SOURCE = "source";
  public static final String URL = "url";

  /** What every detector returns: who is flagged, by whom, how strongly, and why. */
  public static final StructType DETECTOR_OUTPUT =
      new StructType(
          new StructField[] {
            DataTypes.createStructField(SAMPLE_ID, DataTypes.StringType, false),
            DataTypes.createStructField(DETECTOR, DataTypes.StringType, false),
            DataTypes.createStructField(SCORE, DataTypes.DoubleType, false),
            DataTypes.createStructField(THRESHOLD, DataTypes.DoubleType, false),
            DataTypes.createStructField(REASON, DataTypes.StringType, false),
            DataTypes.createStructField(
                EVIDENCE,
                DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType, true),
                false)
          });

  /**
   * The flag table as written, in column order: the detector output plus run id and sample context.
   */
  public static final StructType SCHEMA =
      new StructType(
          new StructField[] {
            DETECTOR_OUTPUT.apply(SAMPLE_ID),
            DataTypes.createStructField(RUN_ID, DataTypes.StringType, false),
            DETECTOR_OUTPUT.apply(DETECTOR),
            DETECTOR_OUTPUT.apply(SCORE),
            DETECTOR_OUTPUT.apply(THRESHOLD),
            DETECTOR_OUTPUT.apply(REASON),
            DETECTOR_OUTPUT.apply(EVIDENCE),
            DataTypes.createStructField(LABEL, DataTypes.StringType, true),
            DataTypes.createStructField(SOURCE, DataTypes.StringType, true),
            DataTypes.createStructField(URL, DataTypes.StringType, true)
          });

  private FlagSchema() {}
}
