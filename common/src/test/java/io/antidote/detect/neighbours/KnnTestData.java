package io.antidote.detect.neighbours;

import io.antidote.config.SettingsBlock;
import io.antidote.detect.DetectorInputs;
import io.antidote.embed.EmbeddingSchema;
import io.antidote.embed.EmbeddingSettings;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/** Embedding frames built from arrays, and the shared join's settings, for the KNN tests. */
public final class KnnTestData {
  public static final StructType SCHEMA = EmbeddingSchema.DETECTOR_INPUT;

  private KnnTestData() {}

  /** The reference.conf settings of the self-join. */
  public static KnnSettings knn() {
    return KnnSettings.fromConfig(SettingsBlock.defaults(KnnSettings.PATH));
  }

  /** The model the detectors under test are said to read (its vectors come from the arrays). */
  public static EmbeddingSettings model() {
    return EmbeddingSettings.defaults();
  }

  public static String id(int i) {
    return String.format("s%06d", i);
  }

  public static Dataset<Row> frame(
      SparkSession spark, float[] v, int n, int dim, String[] labels, int parts) {
    List<Row> rows = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      float[] e = new float[dim];
      System.arraycopy(v, i * dim, e, 0, dim);
      rows.add(RowFactory.create(id(i), labels == null ? null : labels[i], e));
    }
    return spark.createDataFrame(rows, SCHEMA).repartition(parts);
  }

  /** The self-join's neighbour lists of {@code embeddings}, cached (detectors read them twice). */
  public static Dataset<Row> neighbours(Dataset<Row> embeddings, int k, KnnSettings knn) {
    return new KnnSelfJoin(k, knn).run(embeddings).neighbours().cache();
  }

  /** Inputs holding only {@code model}'s neighbour lists, as the audit hands them to a detector. */
  public static DetectorInputs inputs(EmbeddingSettings model, Dataset<Row> neighbours) {
    return new DetectorInputs() {
      @Override
      public Dataset<Row> rowFacts() {
        throw new IllegalStateException("not declared");
      }

      @Override
      public Dataset<Row> corpusRows() {
        throw new IllegalStateException("not declared");
      }

      @Override
      public Dataset<Row> embeddings(EmbeddingSettings m) {
        throw new IllegalStateException("not declared");
      }

      @Override
      public Dataset<Row> neighbours(EmbeddingSettings m) {
        if (!m.equals(model)) {
          throw new IllegalStateException("neighbours of an undeclared model");
        }
        return neighbours;
      }
    };
  }
}
