package io.antidote.embed;

import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Rows the embed stage could not embed, one per sample, with the reason (e.g. an undecodable
 * image).
 */
public final class EmbeddingErrorSchema {
  public static final String SAMPLE_ID = EmbeddingSchema.SAMPLE_ID;
  public static final String MODEL_ID = EmbeddingSchema.MODEL_ID;
  public static final String MODEL_VERSION = EmbeddingSchema.MODEL_VERSION;
  public static final String CONTENT_SHA256 = EmbeddingSchema.CONTENT_SHA256;
  public static final String REASON = "reason";

  public static final StructType SCHEMA =
      new StructType(
          new StructField[] {
            DataTypes.createStructField(SAMPLE_ID, DataTypes.StringType, false),
            DataTypes.createStructField(MODEL_ID, DataTypes.StringType, false),
            DataTypes.createStructField(MODEL_VERSION, DataTypes.StringType, false),
            DataTypes.createStructField(CONTENT_SHA256, DataTypes.StringType, false),
            DataTypes.createStructField(REASON, DataTypes.StringType, false)
          });

  private EmbeddingErrorSchema() {}
}
