package io.antidote.jobs;

import io.antidote.audit.AuditCounts;
import io.antidote.audit.AuditResult;
import java.util.Map;

/** The one-screen summary printed at the end of a run. */
final class Summary {
  private Summary() {}

  static String of(AuditResult r) {
    if (r.skipped()) {
      return "run "
          + r.runId()
          + " is already committed under "
          + r.outputRoot()
          + "; nothing done\n";
    }
    AuditCounts c = r.counts();
    StringBuilder b = new StringBuilder();
    b.append("\n== Antidote audit ").append(r.runId()).append(" ==\n");
    b.append(String.format("rows read        %,12d%n", c.inputRows()));
    b.append(
        String.format(
            "rows rejected    %,12d  %s%n",
            c.rejectedRows(), c.rejectedByReason().isEmpty() ? "" : c.rejectedByReason()));
    b.append(
        String.format(
            "rows audited     %,12d  (%,d text, %,d image)%n",
            c.auditedRows(), c.textRows(), c.imageRows()));
    b.append(
        String.format(
            "flagged samples  %,12d  (drop %,d, review %,d)%n",
            c.flaggedSamples(), c.dropSamples(), c.reviewSamples()));
    for (Map.Entry<String, Long> e : c.flagsByDetector().entrySet()) {
      b.append(String.format("  %-22s %,9d flags%n", e.getKey(), e.getValue()));
    }
    for (Map.Entry<String, String> e : c.detectorsNotRun().entrySet()) {
      b.append(String.format("  %-22s not run: %s%n", e.getKey(), e.getValue()));
    }
    if (c.embedFailedRows() > 0) {
      b.append(
          String.format(
              "embed failures   %,12d  (rows without a vector; see embed_errors/)%n",
              c.embedFailedRows()));
    }
    b.append(String.format("curated rows     %,12d%n", c.curatedRows()));
    b.append(
        String.format(
            "not checkable    no sha256 %,d, malformed sha256 %,d, no url %,d, malformed url %,d, no crawl time %,d%n",
            c.rowsWithoutSha256(),
            c.malformedSha256(),
            c.rowsWithoutUrl(),
            c.malformedUrls(),
            c.rowsWithoutCrawlTime()));
    long total = r.stageMillis().values().stream().mapToLong(Long::longValue).sum();
    b.append(String.format("wall time        %,12.1f s%n", total / 1000.0));
    b.append("outputs under ").append(r.outputRoot()).append(":\n");
    for (Map.Entry<String, String> e : r.outputs().entrySet()) {
      b.append(String.format("  %-10s %s%n", e.getKey(), e.getValue()));
    }
    return b.toString();
  }
}
