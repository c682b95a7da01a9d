package io.antidote.detect.neardup;

import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * A near-duplicate candidate edge, the one shape every kind of near-duplicate search emits (text
 * MinHash, image perceptual hashes, semantic neighbours) so that {@link ConnectedGroups} groups any
 * union of them: two sample ids ({@link io.antidote.corpus.CorpusSchema#SAMPLE_ID} values, {@link
 * #LEFT_ID} lexically before {@link #RIGHT_ID}), the kind of evidence and its similarity (estimated
 * Jaccard for text, {@code 1 - hamming/64} for image hashes, cosine for semantic edges).
 */
public final class NearDuplicateEdges {
  public static final String LEFT_ID = "left_id";
  public static final String RIGHT_ID = "right_id";
  public static final String KIND = "kind";
  public static final String SIMILARITY = "similarity";

  public static final String KIND_TEXT = "text";
  public static final String KIND_IMAGE = "image";
  public static final String KIND_SEMANTIC = "semantic";

  public static final StructType SCHEMA =
      new StructType(
          new StructField[] {
            DataTypes.createStructField(LEFT_ID, DataTypes.StringType, false),
            DataTypes.createStructField(RIGHT_ID, DataTypes.StringType, false),
            DataTypes.createStructField(KIND, DataTypes.StringType, false),
            DataTypes.createStructField(SIMILARITY, DataTypes.DoubleType, false)
          });

  private NearDuplicateEdges() {}
}
