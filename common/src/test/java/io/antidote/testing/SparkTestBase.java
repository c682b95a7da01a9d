package io.antidote.testing;

import com.holdenkarau.spark.testing.JavaDataFrameSuiteBase;
import io.antidote.config.SparkSettings;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * One local SparkSession per test class, from Spark Testing Base. Its Java bases carry JUnit 4
 * hooks, so this class calls them from JUnit 5's: {@code runBefore()} creates the shared context on
 * first use, {@code runAfterClass()} stops it after the class.
 */
public abstract class SparkTestBase extends JavaDataFrameSuiteBase {

  @BeforeEach
  public final void startSpark() {
    runBefore();
  }

  @AfterAll
  public static void stopSpark() {
    runAfterClass();
  }

  /** Small local sessions with the Spark settings the job itself starts from (reference.conf). */
  @Override
  public SparkConf conf() {
    return withJobDefaults(
        new SparkConf()
            .setMaster("local[2]")
            .setAppName(getClass().getSimpleName())
            .set("spark.ui.enabled", "false")
            .set("spark.sql.shuffle.partitions", "4")
            .set("spark.default.parallelism", "4")
            .set("spark.driver.host", "127.0.0.1")
            .set("spark.driver.bindAddress", "127.0.0.1"));
  }

  /** reference.conf's {@code antidote.spark.conf} where {@code conf} leaves a setting unset. */
  public static SparkConf withJobDefaults(SparkConf conf) {
    SparkSettings.defaults().conf().forEach(conf::setIfMissing);
    return conf;
  }
}
