package io.antidote.detect.labeldisagreement;

import io.antidote.config.SettingsBlock;
import io.antidote.detect.DetectorEntry;
import io.antidote.detect.DetectorSettings;

/**
 * Settings of {@link KnnLabelDisagreementDetector} (block {@code
 * antidote.detectors.label-disagreement}). Defaults live in reference.conf only: tests read them
 * with {@code fromConfig(SettingsBlock.defaults(PATH))}.
 *
 * @param k neighbours that vote
 * @param minShare a flip needs at least this share of the neighbours on one other label, whatever
 *     the class cut
 * @param minSeparability classes whose clean kNN accuracy (share of their rows whose neighbours'
 *     majority is their own label) is below this are not separable in the representation; rows
 *     labelled with them, or voted into them, are not flagged (their flags would be noise) and the
 *     report says so
 * @param minClassRows classes with fewer rows are not calibrated and not flagged
 * @param calibrationQuantile the cut for "this row belongs to class j" is this quantile of the
 *     same-label share over rows labelled j (0.1: a share that 90% of j's own rows reach), at least
 *     {@code minShare}
 */
public record LabelDisagreementSettings(
    DetectorSettings common,
    int k,
    double minShare,
    double minSeparability,
    int minClassRows,
    double calibrationQuantile)
    implements DetectorEntry.Settings {

  /** The block under {@code antidote}. */
  public static final String PATH = "detectors.label-disagreement";

  public LabelDisagreementSettings {
    if (k < 1
        || !(minShare > 0 && minShare <= 1)
        || !(minSeparability >= 0 && minSeparability <= 1)
        || minClassRows < 1
        || !(calibrationQuantile >= 0 && calibrationQuantile <= 1)) {
      throw new IllegalArgumentException(
          "label-disagreement settings out of range: k "
              + k
              + ", min-share "
              + minShare
              + ", min-separability "
              + minSeparability
              + ", min-class-rows "
              + minClassRows
              + ", calibration-quantile "
              + calibrationQuantile);
    }
  }

  /** Reads every key of the block; each error names the full key. */
  public static LabelDisagreementSettings fromConfig(SettingsBlock block) {
    double minShare = block.number("min-share", 0, 1);
    block.check(minShare > 0, "min-share", "in (0, 1]", minShare);
    return new LabelDisagreementSettings(
        DetectorSettings.of(block),
        block.integer("k", 1, Integer.MAX_VALUE),
        minShare,
        block.number("min-separability", 0, 1),
        block.integer("min-class-rows", 1, Integer.MAX_VALUE),
        block.number("calibration-quantile", 0, 1));
  }

  public LabelDisagreementSettings withK(int k) {
    return new LabelDisagreementSettings(
        common, k, minShare, minSeparability, minClassRows, calibrationQuantile);
  }
}
