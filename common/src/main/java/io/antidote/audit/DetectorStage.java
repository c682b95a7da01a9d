package io.antidote.audit;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * A stage of the audit that produces flags from the context (model-based detectors plug in here:
 * they embed or read embeddings, then score). Returns frames in {@link
 * io.antidote.flags.FlagSchema#DETECTOR_OUTPUT}.
 */
public interface DetectorStage {
  String name();

  List<Dataset<Row>> flags(AuditContext context);

  /**
   * Names of the detectors {@link #flags} ran (called after it), including those that flagged
   * nothing.
   */
  default List<String> detectorsRun(AuditContext context) {
    return List.of();
  }
}
