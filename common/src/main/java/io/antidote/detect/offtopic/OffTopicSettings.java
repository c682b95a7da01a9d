package io.antidote.detect.offtopic;

import io.antidote.config.SettingsBlock;
import io.antidote.detect.DetectorEntry;
import io.antidote.detect.DetectorSettings;

/**
 * Settings of {@link OffTopicDetector} (block {@code antidote.detectors.off-topic}). Defaults live
 * in reference.conf only: tests read them with {@code fromConfig(SettingsBlock.defaults(PATH))}.
 *
 * @param neighbours neighbours read per row from the shared self-join
 * @param rank the isolation is the distance to the rank-th nearest row of another unit
 * @param copySimilarity a row at least this similar to an earlier row of its unit is a copy
 * @param minUnitRows units with fewer distinct rows are not tested
 * @param minUnits fewer tested units than this: no test (the empirical null needs them)
 * @param quantiles corpus quantiles of the isolation that rank rows
 */
public record OffTopicSettings(
    DetectorSettings common,
    int neighbours,
    int rank,
    double copySimilarity,
    int minUnitRows,
    int minUnits,
    int quantiles)
    implements DetectorEntry.Settings {

  /** The block under {@code antidote}. */
  public static final String PATH = "detectors.off-topic";

  public static OffTopicSettings fromConfig(SettingsBlock block) {
    int neighbours = block.integer("neighbours", 2, 1000);
    int rank = block.integer("rank", 1, 1000);
    block.check(rank < neighbours, "rank", "less than neighbours (" + neighbours + ")", rank);
    return new OffTopicSettings(
        DetectorSettings.of(block),
        neighbours,
        rank,
        block.number("copy-similarity", 0, 1),
        block.integer("min-unit-rows", 2, Integer.MAX_VALUE),
        block.integer("min-units", 3, Integer.MAX_VALUE),
        block.integer("quantiles", 10, 100_000));
  }
}
