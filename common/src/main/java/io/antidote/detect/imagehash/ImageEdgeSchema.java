package io.antidote.detect.imagehash;

import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The near-duplicate candidate edge shared by the text, image and semantic near-duplicate finders
 * (one row per pair of sample ids, {@code left_id < right_id}, with a kind and a similarity in [0,
 * 1]); grouping reads edges of every kind alike. Image edges carry {@code 1 - hamming / 64}.
 */
public final class ImageEdgeSchema {
  public static final String LEFT_ID = "left_id";
  public static final String RIGHT_ID = "right_id";
  public static final String KIND = "kind";
  public static final String SIMILARITY = "similarity";

  /** The {@link #KIND} of edges from perceptual hashes. */
  public static final String KIND_IMAGE = "image";

  public static final StructType SCHEMA =
      new StructType()
          .add(LEFT_ID, DataTypes.StringType, false)
          .add(RIGHT_ID, DataTypes.StringType, false)
          .add(KIND, DataTypes.StringType, false)
          .add(SIMILARITY, DataTypes.DoubleType, false);

  private ImageEdgeSchema() {}
}
