package io.antidote.detect.trigger;

import io.antidote.config.SettingsBlock;
import io.antidote.detect.DetectorEntry;
import io.antidote.detect.DetectorSettings;
import java.io.Serializable;

/**
 * Settings of {@link TriggerTokenDetector} (block {@value #PATH}; what each key means is in
 * reference.conf).
 *
 * @param groupColumn column whose values are the groups: the label, or a cluster id when unlabelled
 * @param maxNgram longest n-gram counted (1 = words only)
 * @param minSupport a term needs at least this many distinct texts
 * @param minConcentration a term needs at least this share of its texts in one group
 * @param alpha family-wise significance of the G-test (Bonferroni over the concentrated terms)
 * @param supportFactor the support rule: support >= this x the natural-support quantile
 * @param naturalSupportQuantile quantile of concentrated terms' supports taken as "natural"
 * @param naturalMinSupport concentrated terms with at least this support make up that population
 * @param offLabelRule whether the off-label rule may accept a term
 * @param offLabelAlpha family-wise significance of the off-label Mann-Whitney test
 * @param offLabelMinReference rows of the label without the term needed to compare with
 * @param offLabelSmoothing Lidstone pseudo-count of the naive-Bayes word model
 */
public record TriggerTokenSettings(
    DetectorSettings common,
    String groupColumn,
    int maxNgram,
    int minSupport,
    double minConcentration,
    double alpha,
    double supportFactor,
    double naturalSupportQuantile,
    int naturalMinSupport,
    boolean offLabelRule,
    double offLabelAlpha,
    int offLabelMinReference,
    double offLabelSmoothing)
    implements DetectorEntry.Settings, Serializable {
  public static final String PATH = "detectors.trigger-tokens";

  public static TriggerTokenSettings fromConfig(SettingsBlock b) {
    String groupColumn = b.string("group-column");
    b.check(!groupColumn.isEmpty(), "group-column", "a column name", "''");
    double minConcentration = b.number("min-concentration", 0, 1);
    b.check(minConcentration > 0, "min-concentration", "in (0, 1]", minConcentration);
    double alpha = b.number("alpha", 0, 1);
    b.check(alpha > 0 && alpha < 1, "alpha", "in (0, 1)", alpha);
    double quantile = b.number("natural-support-quantile", 0, 1);
    b.check(quantile > 0, "natural-support-quantile", "in (0, 1]", quantile);
    double offLabelAlpha = b.number("off-label-alpha", 0, 1);
    b.check(offLabelAlpha > 0 && offLabelAlpha < 1, "off-label-alpha", "in (0, 1)", offLabelAlpha);
    double smoothing = b.number("off-label-smoothing", 0, 1e6);
    b.check(smoothing > 0, "off-label-smoothing", "> 0", smoothing);
    return new TriggerTokenSettings(
        DetectorSettings.of(b),
        groupColumn,
        b.integer("max-ngram", 1, 5),
        b.integer("min-support", 2, Integer.MAX_VALUE),
        minConcentration,
        alpha,
        b.number("support-factor", 1, 1e6),
        quantile,
        b.integer("natural-min-support", 2, Integer.MAX_VALUE),
        b.bool("off-label-rule"),
        offLabelAlpha,
        b.integer("off-label-min-reference", 2, Integer.MAX_VALUE),
        smoothing);
  }

  /** reference.conf's settings: for tests and benchmarks. */
  public static TriggerTokenSettings defaults() {
    return fromConfig(SettingsBlock.defaults(PATH));
  }

  /**
   * The same settings with the off-label rule switched on or off (the support rule alone when off).
   */
  public TriggerTokenSettings withOffLabelRule(boolean on) {
    return new TriggerTokenSettings(
        common,
        groupColumn,
        maxNgram,
        minSupport,
        minConcentration,
        alpha,
        supportFactor,
        naturalSupportQuantile,
        naturalMinSupport,
        on,
        offLabelAlpha,
        offLabelMinReference,
        offLabelSmoothing);
  }
}
