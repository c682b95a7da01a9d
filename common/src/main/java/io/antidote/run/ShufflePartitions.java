package io.antidote.run;

import java.util.OptionalInt;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sizes Spark SQL's shuffle partitions to the corpus once it is read, unless spark-submit or {@code
 * antidote.spark.conf} set {@code spark.sql.shuffle.partitions}: the rows over {@code
 * antidote.spark.rows-per-shuffle-partition}, and at least two tasks per core Spark reports.
 *
 * <p>Why not Spark's 200: an audit makes about a hundred shuffles, and adaptive execution does not
 * coalesce the partitions of the frames it caches (the run's vectors, buckets, groups), so every
 * later scan of them ran 200 tasks too. On a 2-core standalone cluster a 100,000-row audit spent
 * most of its non-embedding time in tasks of a few hundred rows each.
 */
public final class ShufflePartitions {
  private static final Logger LOG = LoggerFactory.getLogger(ShufflePartitions.class);

  public static final String KEY = "spark.sql.shuffle.partitions";

  private ShufflePartitions() {}

  /** Sets the session's shuffle partitions for {@code rows} rows, unless they were configured. */
  public static void fit(SparkSession spark, long rows, int rowsPerPartition) {
    SparkConf conf = spark.sparkContext().getConf();
    int cores = spark.sparkContext().defaultParallelism();
    OptionalInt n = chosen(conf, rows, rowsPerPartition, cores);
    if (n.isEmpty()) {
      LOG.info("shuffle partitions: {} (configured)", conf.get(KEY));
      return;
    }
    spark.conf().set(KEY, n.getAsInt());
    LOG.info(
        "shuffle partitions: {} ({} rows, {} per partition, {} cores)",
        n.getAsInt(),
        rows,
        rowsPerPartition,
        cores);
  }

  /**
   * max(⌈rows / rowsPerPartition⌉, 2 · cores), or empty when {@code conf} (spark-submit's and
   * antidote.spark.conf's settings) names a count.
   */
  static OptionalInt chosen(SparkConf conf, long rows, int rowsPerPartition, int cores) {
    if (conf.contains(KEY)) {
      return OptionalInt.empty();
    }
    long byRows = (rows + rowsPerPartition - 1) / rowsPerPartition;
    return OptionalInt.of((int) Math.min(Integer.MAX_VALUE, Math.max(byRows, 2L * cores)));
  }
}
