package io.antidote.detect.neighbours;

import io.antidote.corpus.CorpusSchema;
import io.antidote.embed.EmbeddingSchema;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * Where the self-join's work goes, decided on the driver before any row moves: the coarse quantiser
 * ({@link IvfIndex}) trained on a seeded sample, and which shuffle partition holds each cell
 * ({@link IvfIndex#partitionCells}). Broadcast to every task.
 *
 * @param index cells, their centroids and probe lists
 * @param partOf partition of each cell
 * @param partitions number of shuffle partitions
 * @param dim vector dimension
 */
record PartitionPlan(IvfIndex index, int[] partOf, int partitions, int dim)
    implements Serializable {

  /**
   * Plans the join of {@code in} (sample_id, label, embedding; {@code n} rows, n &gt; 0) with
   * {@code defaultParallelism} as the floor of partitions when the settings leave them to the size.
   */
  static PartitionPlan of(Dataset<Row> in, long n, KnnSettings settings, int defaultParallelism) {
    List<Drawn> drawn = trainingSample(in, n, settings);
    int dim = drawn.get(0).vector().length;
    int m = drawn.size();
    float[] sample = new float[m * dim];
    for (int i = 0; i < m; i++) {
      float[] v = drawn.get(i).vector();
      if (v.length != dim) {
        throw new IllegalArgumentException(
            "embedding of sample_id '"
                + drawn.get(i).id()
                + "' has "
                + v.length
                + " dimensions, expected "
                + dim);
      }
      System.arraycopy(v, 0, sample, i * dim, dim);
      BlockedSimilarity.normalize(sample, i * dim, dim);
    }
    IvfIndex index = IvfIndex.train(sample, m, dim, n, settings);
    int[] sampleHome = index.assign(sample, m);
    double[] weights = new double[index.cells];
    for (int h : sampleHome) {
      weights[h] += 1;
    }
    int parts =
        settings.partitions() > 0
            ? settings.partitions()
            : (int)
                Math.max(
                    defaultParallelism,
                    (n + settings.rowsPerPartition() - 1) / settings.rowsPerPartition());
    parts = Math.min(parts, index.cells);
    return new PartitionPlan(index, index.partitionCells(weights, parts), parts, dim);
  }

  /** A training row: its seeded draw, sample_id and vector. */
  record Drawn(double draw, String id, float[] vector) implements Serializable {}

  /**
   * At most {@code train-sample} rows, chosen by a seeded hash of sample_id so the sample, and so
   * the cells, do not depend on how the input is partitioned. Collected as float arrays from
   * Spark's internal rows: external Rows box every element, which made the sample cost seconds.
   */
  private static List<Drawn> trainingSample(Dataset<Row> in, long n, KnnSettings settings) {
    double fraction = Math.min(1.0, 1.2 * settings.trainSample() / (double) n);
    Column draw =
        functions
            .pmod(
                functions.xxhash64(
                    functions.col(CorpusSchema.SAMPLE_ID), functions.lit(settings.seed())),
                functions.lit(1L << 40))
            .divide((double) (1L << 40));
    List<Drawn> rows = new ArrayList<>(collect(in.where(draw.lt(fraction)), draw));
    if (rows.isEmpty()) {
      rows =
          new ArrayList<>(collect(in.orderBy(CorpusSchema.SAMPLE_ID).limit(1), functions.lit(0.0)));
    }
    rows.sort(Comparator.comparingDouble(Drawn::draw).thenComparing(Drawn::id));
    return rows.size() > settings.trainSample() ? rows.subList(0, settings.trainSample()) : rows;
  }

  private static List<Drawn> collect(Dataset<Row> rows, Column draw) {
    return rows.select(
            draw.as("draw"),
            functions.col(CorpusSchema.SAMPLE_ID),
            functions.col(EmbeddingSchema.EMBEDDING))
        .queryExecution()
        .toRdd()
        .toJavaRDD()
        .map(
            r -> {
              String id = r.getUTF8String(1).toString();
              org.apache.spark.sql.catalyst.util.ArrayData v = r.getArray(2);
              for (int i = 0; i < v.numElements(); i++) {
                if (v.isNullAt(i)) {
                  throw new IllegalArgumentException(
                      "embedding of sample_id '" + id + "' has a null at " + i);
                }
              }
              return new Drawn(r.getDouble(0), id, v.toFloatArray());
            })
        .collect();
  }
}
