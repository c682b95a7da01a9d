package io.antidote.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.antidote.testing.SparkTestBase;
import java.util.OptionalInt;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;

/** The shuffle partition count follows the corpus's size unless someone configured it. */
class ShufflePartitionsTest extends SparkTestBase {

  /** This class's session leaves the count unset, as spark-submit without --conf does. */
  @Override
  public SparkConf conf() {
    return super.conf().remove(ShufflePartitions.KEY);
  }

  @Test
  void smallCorporaGetTwoTasksPerCoreLargeOnesOnePartitionPerRowsSetting() {
    SparkConf unset = new SparkConf(false);
    assertEquals(OptionalInt.of(8), ShufflePartitions.chosen(unset, 1_000, 50_000, 4));
    assertEquals(OptionalInt.of(8), ShufflePartitions.chosen(unset, 0, 50_000, 4));
    assertEquals(OptionalInt.of(20), ShufflePartitions.chosen(unset, 1_000_000, 50_000, 4));
    assertEquals(OptionalInt.of(21), ShufflePartitions.chosen(unset, 1_000_001, 50_000, 4));
    assertEquals(
        OptionalInt.of(117_000), ShufflePartitions.chosen(unset, 5_850_000_000L, 50_000, 64));
  }

  @Test
  void aConfiguredCountIsKept() {
    SparkConf set = new SparkConf(false).set(ShufflePartitions.KEY, "300");
    assertTrue(ShufflePartitions.chosen(set, 1_000_000_000L, 50_000, 4).isEmpty());
  }

  @Test
  void theSessionsCountIsSetWhenUnconfigured() {
    ShufflePartitions.fit(spark(), 1_000_000, 50_000);
    assertEquals("20", spark().conf().get(ShufflePartitions.KEY));
    ShufflePartitions.fit(spark(), 10, 50_000);
    // spark.default.parallelism is 4 in the test session.
    assertEquals("8", spark().conf().get(ShufflePartitions.KEY));
    // A shuffle planned now uses it (adaptive execution off, so nothing coalesces the partitions).
    spark().conf().set("spark.sql.adaptive.enabled", "false");
    try {
      assertEquals(
          8,
          spark()
              .range(0, 100)
              .groupBy(org.apache.spark.sql.functions.col("id").mod(3))
              .count()
              .rdd()
              .getNumPartitions());
    } finally {
      spark().conf().unset("spark.sql.adaptive.enabled");
    }
  }
}
