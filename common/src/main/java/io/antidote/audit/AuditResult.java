package io.antidote.audit;

import java.util.Map;

/** What an audit did: its run id, where the outputs are, its counts and timings. */
public record AuditResult(
    String runId,
    boolean skipped,
    String outputRoot,
    Map<String, String> outputs,
    AuditCounts counts,
    Map<String, Long> stageMillis,
    String runJson) {

  public static AuditResult skipped(String runId, String root) {
    return new AuditResult(runId, true, root, Map.of(), null, Map.of(), null);
  }
}
