package io.antidote.audit;

import java.util.Map;

/**
 * The numbers of a run: what was read, rejected, flagged and kept; written to run.json and the
 * summary.
 */
public record AuditCounts(
    long inputRows,
    long rejectedRows,
    long auditedRows,
    long imageRows,
    long textRows,
    long rowsWithoutSha256,
    long malformedSha256,
    long rowsWithoutUrl,
    long malformedUrls,
    long rowsWithoutCrawlTime,
    Map<String, Long> flagsByDetector,
    Map<String, String> detectorsNotRun,
    Map<String, Long> rejectedByReason,
    long flaggedSamples,
    long dropSamples,
    long reviewSamples,
    long curatedRows,
    long embedFailedRows) {}
