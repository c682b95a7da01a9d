package io.antidote.report;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything the report shows, already aggregated: run.json's figures, and from the run's tables a
 * score histogram and a few examples per detector, the top roll-up keys and an excerpt of the
 * groups table. Its size depends on the settings and the number of detectors, never on the corpus.
 *
 * @param counts run.json's scalar counts, by their run.json names
 * @param timings run.json's {@code timings_ms}
 * @param rollups by dimension, in {@link io.antidote.rollup.RollupSchema#DIMENSIONS} order
 * @param groups an excerpt of the run's {@code groups/} table, when the run has one
 */
public record ReportContent(
    String runId,
    String command,
    String status,
    String startedAt,
    String finishedAt,
    Map<String, Long> counts,
    Map<String, Long> timings,
    List<DetectorSection> detectors,
    Map<String, RollupView> rollups,
    Optional<TableExcerpt> groups) {

  /**
   * One detector: its flag count and action from run.json, the reason it did not run, the
   * distributions of its statistics over everything it tested (run.json's {@code
   * score_distributions}), and from the flag table its flagged rows' score histogram (shown when
   * the detector reports no distribution) and examples.
   */
  public record DetectorSection(
      String name,
      long flags,
      String action,
      Optional<String> notRun,
      List<Distribution> distributions,
      Optional<ScoreHistogram> histogram,
      List<Example> examples) {
    public DetectorSection {
      distributions = List.copyOf(distributions);
    }
  }

  /**
   * One statistic over every row (or term) a detector tested, with its cut.
   *
   * @param statistic what was binned, as the detector names it
   * @param flaggedAbove true when values past the cut to the right are flagged
   * @param hasCut false when the detector reported no cut (nothing could be rejected)
   */
  public record Distribution(
      String statistic, boolean flaggedAbove, boolean hasCut, ScoreHistogram histogram) {}

  /** One flag shown as an example, its texts as the flag table holds them. */
  public record Example(
      String sampleId,
      double score,
      double threshold,
      String reason,
      String url,
      String source,
      String label) {}

  /** The top keys of one dimension by flagged share, and how many keys had flags at all. */
  public record RollupView(long keysWithFlags, long keys, List<RollupLine> top) {}

  public record RollupLine(String key, long rows, long flagged, long dropped, double share) {}

  /** The first rows of a table, its values as text, and its row count. */
  public record TableExcerpt(long rows, List<String> columns, List<List<String>> values) {}
}
