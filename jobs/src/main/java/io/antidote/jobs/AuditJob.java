package io.antidote.jobs;

import io.antidote.audit.AuditPipeline;
import io.antidote.audit.AuditResult;
import io.antidote.config.AuditSettings;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@code audit} job: settings in, committed run out. */
public final class AuditJob {
  private static final Logger LOG = LoggerFactory.getLogger(AuditJob.class);
  private static final DateTimeFormatter RUN_ID = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

  private AuditJob() {}

  /** The configured run id, or the UTC time now. */
  static String runId(AuditSettings settings) {
    return settings.runId().isEmpty()
        ? RUN_ID.format(ZonedDateTime.now(ZoneOffset.UTC))
        : settings.runId();
  }

  /** A run needs input: said before Spark starts (exit 2), not after (exit 4). */
  static void requireInput(AuditSettings settings) {
    if (settings.input().paths().isEmpty()) {
      throw new io.antidote.config.InvalidConfigException(
          "antidote.input.paths", "is empty: give --input PATH (a Parquet file, folder or glob)");
    }
  }

  public static AuditResult run(AuditSettings settings) {
    requireInput(settings);
    String runId = runId(settings);
    SparkSession spark = SparkSessions.create(settings.spark(), settings.output().format());
    LOG.info(
        "audit run {}: input {} -> output {} (Spark {} master {})",
        runId,
        settings.input().paths(),
        settings.output().root(),
        spark.version(),
        spark.sparkContext().master());
    return new AuditPipeline(spark, settings).run(runId);
  }
}
