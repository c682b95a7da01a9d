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
 * @param offLabelMinShare the effect floor: share of carriers whose other words fit another label
 *     better
 * @param offLabelMinReference rows of the label without the term needed to compare with
 * @param offLabelSmoothing Lidstone pseudo-count of the naive-Bayes word model
 * @param contextMinCarrierShare a term's context word is in at least this share of its carriers
 * @param contextMinExclusivity and at least this share of the target's rows with it are carriers
 *     ({@link TermContext})
 */
public record TriggerTokenSettings(
    DetectorSettings common,
    String groupColumn,
    int maxNgram,
    int minSupport,
    double minConcentration,
    double alpha,
    double offLabelMinShare,
    int offLabelMinReference,
    double offLabelSmoothing,
    double contextMinCarrierShare,
    double contextMinExclusivity)
    implements DetectorEntry.Settings, Serializable {
  public static final String PATH = "detectors.trigger-tokens";

  public static TriggerTokenSettings fromConfig(SettingsBlock b) {
    String groupColumn = b.string("group-column");
    b.check(!groupColumn.isEmpty(), "group-column", "a column name", "''");
    double minConcentration = b.number("min-concentration", 0, 1);
    b.check(minConcentration > 0, "min-concentration", "in (0, 1]", minConcentration);
    double alpha = b.number("alpha", 0, 1);
    b.check(alpha > 0 && alpha < 1, "alpha", "in (0, 1)", alpha);
    double minShare = b.number("off-label-min-share", 0, 1);
    b.check(minShare > 0, "off-label-min-share", "in (0, 1]", minShare);
    double smoothing = b.number("off-label-smoothing", 0, 1e6);
    b.check(smoothing > 0, "off-label-smoothing", "> 0", smoothing);
    double contextCarriers = b.number("context-min-carrier-share", 0, 1);
    b.check(contextCarriers > 0, "context-min-carrier-share", "in (0, 1]", contextCarriers);
    double contextExclusivity = b.number("context-min-exclusivity", 0, 1);
    b.check(contextExclusivity > 0, "context-min-exclusivity", "in (0, 1]", contextExclusivity);
    return new TriggerTokenSettings(
        DetectorSettings.of(b),
        groupColumn,
        b.integer("max-ngram", 1, 5),
        b.integer("min-support", 2, Integer.MAX_VALUE),
        minConcentration,
        alpha,
        minShare,
        b.integer("off-label-min-reference", 2, Integer.MAX_VALUE),
        smoothing,
        contextCarriers,
        contextExclusivity);
  }

  /** reference.conf's settings: for tests and benchmarks. */
  public static TriggerTokenSettings defaults() {
    return fromConfig(SettingsBlock.defaults(PATH));
  }
}
