package io.antidote.detect.neardup;

import io.antidote.config.SettingsBlock;
import java.io.Serializable;

/**
 * Settings of the shared near-duplicate grouping (block {@code antidote.near-duplicates}; not a
 * detector, so no common detector keys): how text is shingled and MinHashed, the LSH banding, the
 * Jaccard cut that verifies candidate pairs, the connected-components loop, and the campaign test
 * over the groups. The {@code near_duplicates} and {@code campaign} detectors both read the groups
 * built with these settings, computed once per audit. Defaults live in reference.conf only.
 *
 * @param unit what shingles are made of
 * @param shingleSize words or characters per shingle
 * @param minShingles rows with fewer distinct shingles (template shingles not counted) are not
 *     compared (counted in the report)
 * @param templateShare shingles in more than this share of the distinct texts are template shingles
 *     ({@link TemplateShingles}), dropped before MinHash; 1 keeps every shingle
 * @param templateMinTexts a template shingle is in at least this many distinct texts
 * @param threshold estimated Jaccard at or above which a candidate pair is an edge
 * @param bands LSH bands
 * @param rows signature positions per band
 * @param seed seeds the hash functions
 * @param maxBucketSize buckets with more rows are linked as a star to their least id, not all pairs
 * @param maxIterations rounds of label propagation before the grouping gives up, named
 * @param campaignMinSize groups smaller than this are not tested as campaigns
 * @param campaignMinDevotion a concentrated group is a campaign only when its provenance keys serve
 *     mostly it: its size over the corpus rows of its keys must reach this
 * @param empiricalNullMinGroups with at least this many tested groups, whether a group is more
 *     concentrated than natural groups are ({@code near_duplicates}) is judged against the groups'
 *     own empirical null; with fewer, against random rows
 * @param nullTopHosts provenance keys whose corpus shares the null keeps exactly
 * @param listedPerGroup at most this many hosts, domains and sources listed per group
 * @param fdr {@code antidote.detectors.fdr}: the campaign test's Benjamini-Hochberg level
 */
public record NearDuplicateSettings(
    Shingling.Unit unit,
    int shingleSize,
    int minShingles,
    double templateShare,
    int templateMinTexts,
    double threshold,
    int bands,
    int rows,
    long seed,
    int maxBucketSize,
    int maxIterations,
    int campaignMinSize,
    double campaignMinDevotion,
    int empiricalNullMinGroups,
    int nullTopHosts,
    int listedPerGroup,
    double fdr)
    implements Serializable {

  /** The block under {@code antidote}. */
  public static final String PATH = "near-duplicates";

  /** Reads every key of the block; each error names the full key. */
  public static NearDuplicateSettings fromConfig(SettingsBlock block) {
    SettingsBlock detectors = SettingsBlock.of(block.root(), "detectors");
    double fdr = detectors.number("fdr", 0, 1);
    detectors.check(fdr > 0 && fdr < 1, "fdr", "in (0, 1)", fdr);
    double threshold = block.number("threshold", 0, 1);
    block.check(threshold > 0, "threshold", "in (0, 1]", threshold);
    double templateShare = block.number("template-share", 0, 1);
    block.check(templateShare > 0, "template-share", "in (0, 1]", templateShare);
    double devotion = block.number("campaign-min-devotion", 0, 1);
    block.check(devotion > 0, "campaign-min-devotion", "in (0, 1]", devotion);
    return new NearDuplicateSettings(
        block.enumValue("shingle", Shingling.Unit.class),
        block.integer("shingle-size", 1, 64),
        block.integer("min-shingles", 1, Integer.MAX_VALUE),
        templateShare,
        block.integer("template-min-texts", 1, Integer.MAX_VALUE),
        threshold,
        block.integer("bands", 1, 512),
        block.integer("rows", 1, 64),
        block.longValue("seed", Long.MIN_VALUE, Long.MAX_VALUE),
        block.integer("max-bucket-size", 2, Integer.MAX_VALUE),
        block.integer("max-iterations", 1, 1000),
        block.integer("campaign-min-size", 2, Integer.MAX_VALUE),
        devotion,
        block.integer("empirical-null-min-groups", 1, Integer.MAX_VALUE),
        block.integer("null-top-hosts", 1, 10_000_000),
        block.integer("listed-per-group", 1, 100_000),
        fdr);
  }

  public Shingling shingling() {
    return new Shingling(unit, shingleSize);
  }

  public MinHashSignature signature() {
    return new MinHashSignature(bands, rows, seed);
  }

  /** Probability that a pair at the threshold becomes a candidate: the S-curve there. */
  public double candidateProbabilityAtThreshold() {
    return MinHashSignature.candidateProbability(threshold, bands, rows);
  }
}
