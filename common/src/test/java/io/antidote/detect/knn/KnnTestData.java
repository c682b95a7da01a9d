package io.antidote.detect.knn;

import io.antidote.embed.EmbeddingSchema;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/** Embedding frames built from arrays for the KNN tests. */
final class KnnTestData {
  static final StructType SCHEMA = EmbeddingSchema.DETECTOR_INPUT;

  private KnnTestData() {}

  static String id(int i) {
    return String.format("s%06d", i);
  }

  static Dataset<Row> frame(
      SparkSession spark, float[] v, int n, int dim, String[] labels, int parts) {
    List<Row> rows = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      float[] e = new float[dim];
      System.arraycopy(v, i * dim, e, 0, dim);
      rows.add(RowFactory.create(id(i), labels == null ? null : labels[i], e));
    }
    return spark.createDataFrame(rows, SCHEMA).repartition(parts);
  }
}
