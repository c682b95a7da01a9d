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
    List<Row> sampleRows = trainingSample(in, n, settings);
    int dim = sampleRows.get(0).getList(2).size();
    int m = sampleRows.size();
    float[] sample = new float[m * dim];
    for (int i = 0; i < m; i++) {
      EmbeddingBatch.copy(
          sampleRows.get(i), 2, sampleRows.get(i).getString(1), dim, sample, i * dim);
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

  /**
   * At most {@code train-sample} rows (draw, sample_id, embedding), chosen by a seeded hash of
   * sample_id so the sample, and so the cells, do not depend on how the input is partitioned.
   */
  private static List<Row> trainingSample(Dataset<Row> in, long n, KnnSettings settings) {
    double fraction = Math.min(1.0, 1.2 * settings.trainSample() / (double) n);
    Column draw =
        functions
            .pmod(
                functions.xxhash64(
                    functions.col(CorpusSchema.SAMPLE_ID), functions.lit(settings.seed())),
                functions.lit(1L << 40))
            .divide((double) (1L << 40));
    List<Row> rows =
        new ArrayList<>(
            in.select(
                    draw.as("draw"),
                    functions.col(CorpusSchema.SAMPLE_ID),
                    functions.col(EmbeddingSchema.EMBEDDING))
                .where(draw.lt(fraction))
                .collectAsList());
    if (rows.isEmpty()) {
      rows =
          new ArrayList<>(
              in.select(
                      functions.lit(0.0).as("draw"),
                      functions.col(CorpusSchema.SAMPLE_ID),
                      functions.col(EmbeddingSchema.EMBEDDING))
                  .orderBy(CorpusSchema.SAMPLE_ID)
                  .limit(1)
                  .collectAsList());
    }
    rows.sort(
        Comparator.<Row>comparingDouble(r -> r.getDouble(0)).thenComparing(r -> r.getString(1)));
    return rows.size() > settings.trainSample() ? rows.subList(0, settings.trainSample()) : rows;
  }
}
