package io.antidote.detect.groups;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.size;

import io.antidote.corpus.CorpusSchema;
import io.antidote.corpus.InputException;
import io.antidote.embed.EmbeddingSchema;
import java.util.Arrays;
import org.apache.spark.ml.clustering.KMeans;
import org.apache.spark.ml.clustering.KMeansModel;
import org.apache.spark.ml.functions;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * Assigns each embedded sample to the population an embedding detector analyses: its label, or (for
 * corpora without labels) its k-means cluster. Rows whose embedding is null or not of the corpus's
 * dimension are dropped here and counted by the caller.
 */
public final class EmbeddingGroups {
  /** Group of labelled-mode rows whose label is null. */
  public static final String NO_LABEL = "(no label)";

  public static final String CLUSTER_PREFIX = "cluster-";

  private EmbeddingGroups() {}

  /**
   * Checks an embeddings frame's schema before any data moves: {@code sample_id} (string), {@code
   * embedding} (array of float) and, when grouping by label, {@code label} (string).
   */
  public static void checkSchema(StructType schema, GroupBy groupBy) {
    checkColumn(schema, EmbeddingSchema.SAMPLE_ID, DataTypes.StringType, "string");
    checkColumn(
        schema,
        EmbeddingSchema.EMBEDDING,
        DataTypes.createArrayType(DataTypes.FloatType),
        "array<float>");
    if (groupBy == GroupBy.LABEL) {
      checkColumn(schema, CorpusSchema.LABEL, DataTypes.StringType, "string");
    }
  }

  private static void checkColumn(
      StructType schema, String column, DataType expected, String expectedName) {
    if (!Arrays.asList(schema.fieldNames()).contains(column)) {
      throw new InputException(
          "embeddings have no column '"
              + column
              + "' ("
              + expectedName
              + "); columns are "
              + Arrays.toString(schema.fieldNames()));
    }
    DataType actual = schema.apply(column).dataType();
    boolean ok =
        expected instanceof ArrayType e && actual instanceof ArrayType a
            ? e.elementType().equals(a.elementType())
            : expected.equals(actual);
    if (!ok) {
      throw new InputException(
          "embeddings column '"
              + column
              + "' is "
              + actual.simpleString()
              + ", expected "
              + expectedName);
    }
  }

  /** Checks the input columns and returns the embedding dimension (from the first non-null row). */
  public static int dimension(Dataset<Row> input) {
    require(input, EmbeddingSchema.SAMPLE_ID);
    require(input, EmbeddingSchema.EMBEDDING);
    Row first =
        input
            .select(size(col(EmbeddingSchema.EMBEDDING)))
            .where(col(EmbeddingSchema.EMBEDDING).isNotNull())
            .limit(1)
            .first();
    int dim = first.getInt(0);
    if (dim < 2) {
      throw new IllegalArgumentException(
          "column "
              + EmbeddingSchema.EMBEDDING
              + " holds vectors of dimension "
              + dim
              + ", need >= 2");
    }
    return dim;
  }

  /** Resolves {@link GroupBy#AUTO} against the data: label if any row carries one. */
  public static GroupBy resolve(Dataset<Row> input, GroupBy groupBy) {
    if (groupBy != GroupBy.AUTO) {
      if (groupBy == GroupBy.LABEL) {
        require(input, CorpusSchema.LABEL);
      }
      return groupBy;
    }
    if (!Arrays.asList(input.columns()).contains(CorpusSchema.LABEL)) {
      return GroupBy.CLUSTER;
    }
    boolean anyLabel = !input.where(col(CorpusSchema.LABEL).isNotNull()).limit(1).isEmpty();
    return anyLabel ? GroupBy.LABEL : GroupBy.CLUSTER;
  }

  /**
   * The samples as {@link EmbeddingRow}s. {@code groupBy} must be resolved. Cluster mode fits MLlib
   * k-means (k-means||, fixed seed) on all valid rows.
   */
  public static Dataset<EmbeddingRow> assign(
      Dataset<Row> input, int dim, GroupBy groupBy, int clusters, long seed) {
    Dataset<Row> valid =
        input.where(
            col(EmbeddingSchema.EMBEDDING)
                .isNotNull()
                .and(size(col(EmbeddingSchema.EMBEDDING)).equalTo(dim))
                .and(col(EmbeddingSchema.SAMPLE_ID).isNotNull()));
    Dataset<Row> grouped;
    switch (groupBy) {
      case LABEL:
        grouped =
            valid.select(
                col(EmbeddingSchema.SAMPLE_ID).as(EmbeddingRow.SAMPLE_ID),
                coalesce(col(CorpusSchema.LABEL), lit(NO_LABEL)).as(EmbeddingRow.GROUP),
                col(EmbeddingSchema.EMBEDDING).as(EmbeddingRow.EMBEDDING));
        break;
      case CLUSTER:
        Dataset<Row> vectors =
            valid
                .select(
                    col(EmbeddingSchema.SAMPLE_ID),
                    col(EmbeddingSchema.EMBEDDING),
                    functions.array_to_vector(col(EmbeddingSchema.EMBEDDING)).as("features"))
                .persist(StorageLevel.MEMORY_AND_DISK());
        KMeansModel model;
        try {
          model = new KMeans().setK(clusters).setSeed(seed).setFeaturesCol("features").fit(vectors);
        } finally {
          // Later scans recompute the assignment from the input (distance to k centres per row),
          // which
          // is cheaper than holding the whole embedding table in memory for the caller's lifetime.
          vectors.unpersist(false);
        }
        grouped =
            model
                .transform(vectors)
                .select(
                    col(EmbeddingSchema.SAMPLE_ID).as(EmbeddingRow.SAMPLE_ID),
                    concat(lit(CLUSTER_PREFIX), col("prediction").cast("string"))
                        .as(EmbeddingRow.GROUP),
                    col(EmbeddingSchema.EMBEDDING).as(EmbeddingRow.EMBEDDING));
        break;
      default:
        throw new IllegalArgumentException("resolve GroupBy.AUTO before assigning groups");
    }
    return grouped.as(Encoders.bean(EmbeddingRow.class));
  }

  static void require(Dataset<Row> input, String column) {
    if (!Arrays.asList(input.columns()).contains(column)) {
      throw new IllegalArgumentException(
          "input has no column '" + column + "'; columns are " + Arrays.toString(input.columns()));
    }
  }
}
