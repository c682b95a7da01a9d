package io.antidote.output;

import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * Publishes a staged table into its Delta Lake table: the run's rows replace whatever rows of that
 * run id the table held (a rerun with {@code --overwrite}), in one Delta commit. The write is
 * idempotent ({@code txnAppId} = the run's attempt, {@code txnVersion} = 1): a run that finishes an
 * interrupted commit publishes every staged table again and Delta skips those already in its log,
 * so no row is written twice. Data files of a write killed before its log entry are not in the log
 * and no reader sees them (Delta's VACUUM removes them).
 */
final class DeltaPublisher {
  static final String TXN_APP_ID = "txnAppId";
  static final String TXN_VERSION = "txnVersion";

  private DeltaPublisher() {}

  static void publish(
      SparkSession spark,
      StagedTable staged,
      String table,
      String runIdColumn,
      String runId,
      String attempt) {
    staged
        .read(spark)
        .write()
        .format("delta")
        .mode(SaveMode.Overwrite)
        .option(
            "replaceWhere",
            runIdColumn + " = '" + runId.replace("\\", "\\\\").replace("'", "\\'") + "'")
        // Runs over different corpora may carry different extra columns in curated/.
        .option("mergeSchema", "true")
        .option(TXN_APP_ID, "antidote-" + attempt)
        .option(TXN_VERSION, 1L)
        .partitionBy(staged.partitionColumns().toArray(new String[0]))
        .save(table);
  }
}
