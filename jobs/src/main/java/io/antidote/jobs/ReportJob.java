package io.antidote.jobs;

import io.antidote.config.AuditSettings;
import io.antidote.report.RunReport;
import org.apache.spark.sql.SparkSession;

/**
 * The {@code report} job: rebuilds {@code report/index.html} of a committed run from its run.json
 * and tables. A folder without run.json (a failed, killed or running run) is refused as bad input
 * (exit 4), before anything is written.
 */
public final class ReportJob {
  private ReportJob() {}

  /** Returns where the report was written. */
  public static String run(AuditSettings settings, String runDir) {
    SparkSession spark = SparkSessions.create(settings.spark(), settings.output().format());
    return RunReport.rebuild(spark, runDir, settings.report()).toString();
  }
}
