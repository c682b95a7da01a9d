package io.antidote.bench.neardup;

import static org.apache.spark.sql.functions.col;

import io.antidote.corpus.CorpusSchema;
import io.antidote.detect.neardup.Shingling;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.ml.feature.MinHashLSH;
import org.apache.spark.ml.feature.MinHashLSHModel;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Spark MLlib's {@code MinHashLSH.approxSimilarityJoin} on the same shingles as the project's join:
 * each row's distinct shingle hashes ({@link Shingling}, same normalisation) hashed into {@value
 * #FEATURE_BITS}-bit feature indices as a binary {@code HashingTF} would, so a pair's Jaccard
 * distance is that of its shingle sets up to rare index collisions. MLlib verifies candidates by
 * their exact distance; its tables are one MinHash each (a pair is a candidate when any table
 * agrees), so recall is set by the number of tables.
 *
 * <p>Runs under a time cap: the join's jobs are in their own job group, cancelled when the cap is
 * reached, and the outcome is then a lower bound.
 */
final class MlLibMinHashJoin {
  static final int FEATURE_BITS = 24;
  static final String FEATURES = "features";
  static final String HASHES = "hashes";
  static final String DISTANCE = "jaccard_distance";

  /**
   * Pairs found (sorted distinct keys; null on time-out) and wall seconds (the cap on time-out).
   */
  record Outcome(long[] pairs, double seconds, boolean timedOut) {}

  private MlLibMinHashJoin() {}

  /**
   * The join at Jaccard {@code >= threshold} over {@code corpus} (sample ids {@code r<row>}), timed
   * from the text to the pair list on the driver, vectorising included.
   */
  static Outcome run(
      SparkSession spark,
      Dataset<Row> corpus,
      Shingling shingling,
      double threshold,
      int tables,
      long seed,
      int capSeconds)
      throws Exception {
    String group = "mllib-minhash-" + tables + "-" + System.nanoTime();
    ExecutorService ex = Executors.newSingleThreadExecutor();
    long start = System.nanoTime();
    try {
      Future<long[]> f =
          ex.submit(
              () -> {
                spark.sparkContext().setJobGroup(group, "MLlib MinHashLSH join", true);
                return pairs(corpus, shingling, threshold, tables, seed);
              });
      try {
        long[] pairs = f.get(capSeconds, TimeUnit.SECONDS);
        return new Outcome(pairs, (System.nanoTime() - start) / 1e9, false);
      } catch (TimeoutException te) {
        spark.sparkContext().cancelJobGroup(group);
        f.cancel(true);
        return new Outcome(null, capSeconds, true);
      }
    } finally {
      ex.shutdownNow();
      ex.awaitTermination(120, TimeUnit.SECONDS);
    }
  }

  private static long[] pairs(
      Dataset<Row> corpus, Shingling shingling, double threshold, int tables, long seed) {
    Dataset<Row> vectors =
        corpus
            .select(col(CorpusSchema.SAMPLE_ID), col(CorpusSchema.TEXT))
            .map(
                (MapFunction<Row, Row>)
                    r ->
                        RowFactory.create(
                            r.getString(0), features(shingling.shingles(r.getString(1)))),
                Encoders.row(
                    new StructType()
                        .add(CorpusSchema.SAMPLE_ID, DataTypes.StringType, false)
                        .add(FEATURES, SQLDataTypes.VectorType(), false)));
    MinHashLSHModel model =
        new MinHashLSH()
            .setInputCol(FEATURES)
            .setOutputCol(HASHES)
            .setNumHashTables(tables)
            .setSeed(seed)
            .fit(vectors);
    // MLlib keeps pairs with distance strictly below its threshold; Jaccard >= t is distance <=
    // 1-t.
    List<Row> rows =
        model
            .approxSimilarityJoin(vectors, vectors, 1 - threshold + 1e-9, DISTANCE)
            .select(
                col("datasetA." + CorpusSchema.SAMPLE_ID).as("a"),
                col("datasetB." + CorpusSchema.SAMPLE_ID).as("b"))
            .where(col("a").lt(col("b")))
            .collectAsList();
    long[] keys = new long[rows.size()];
    for (int i = 0; i < keys.length; i++) {
      keys[i] =
          PairTruth.key(
              NearDuplicateJoinBench.row(rows.get(i).getString(0)),
              NearDuplicateJoinBench.row(rows.get(i).getString(1)));
    }
    return PairTruth.sortedDistinct(keys);
  }

  /** A binary sparse vector over the shingles' top {@value #FEATURE_BITS} hash bits. */
  static org.apache.spark.ml.linalg.Vector features(long[] shingles) {
    int[] idx = new int[shingles.length];
    for (int i = 0; i < idx.length; i++) {
      idx[i] = (int) (shingles[i] >>> (64 - FEATURE_BITS));
    }
    Arrays.sort(idx);
    int k = 0;
    for (int i = 0; i < idx.length; i++) {
      if (i == 0 || idx[i] != idx[i - 1]) {
        idx[k++] = idx[i];
      }
    }
    int[] indices = Arrays.copyOf(idx, k);
    double[] values = new double[k];
    Arrays.fill(values, 1.0);
    return Vectors.sparse(1 << FEATURE_BITS, indices, values);
  }
}
