package io.antidote.embed;

import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The embedding table: one vector per (sample, model, content hash). Keyed by the content hash as
 * well as the sample so that an incremental audit embeds only content it has not seen with that
 * model, and so that detectors read representations without re-running a model ("embed once, detect
 * many times").
 */
public final class EmbeddingSchema {
  public static final String SAMPLE_ID = "sample_id";
  public static final String MODEL_ID = "model_id";
  public static final String MODEL_VERSION = "model_version";
  public static final String CONTENT_SHA256 = "content_sha256";
  public static final String DIM = "dim";
  public static final String EMBEDDING = "embedding";

  public static final StructType SCHEMA =
      new StructType(
          new StructField[] {
            DataTypes.createStructField(SAMPLE_ID, DataTypes.StringType, false),
            DataTypes.createStructField(MODEL_ID, DataTypes.StringType, false),
            DataTypes.createStructField(MODEL_VERSION, DataTypes.StringType, false),
            DataTypes.createStructField(CONTENT_SHA256, DataTypes.StringType, false),
            DataTypes.createStructField(DIM, DataTypes.IntegerType, false),
            DataTypes.createStructField(
                EMBEDDING, DataTypes.createArrayType(DataTypes.FloatType, false), false)
          });

  /**
   * What the embedding detectors read: one vector per audited row with the row's label (nullable).
   * The audit builds it by joining the table with the corpus; tests and benchmarks build it
   * directly.
   */
  public static final StructType DETECTOR_INPUT =
      new StructType(
          new StructField[] {
            DataTypes.createStructField(SAMPLE_ID, DataTypes.StringType, false),
            DataTypes.createStructField(
                io.antidote.corpus.CorpusSchema.LABEL, DataTypes.StringType, true),
            DataTypes.createStructField(
                EMBEDDING, DataTypes.createArrayType(DataTypes.FloatType, false), false)
          });

  private EmbeddingSchema() {}
}
