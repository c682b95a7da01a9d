package io.antidote.detect.labeldisagreement;

import io.antidote.config.SettingsBlock;
import io.antidote.detect.DetectorEntry;
import io.antidote.detect.DetectorSettings;

/**
 * Settings of {@link KnnLabelDisagreementDetector} (block {@code
 * antidote.detectors.label-disagreement}). Defaults live in reference.conf only: tests read them
 * with {@code fromConfig(SettingsBlock.defaults(PATH))}. The FDR level is the shared {@code
 * antidote.detectors.fdr} ({@link DetectorSettings#fdr()}).
 *
 * @param k neighbours that vote
 * @param priorWeight pseudo-votes of the Dirichlet prior (spread by class shares) that smooth the
 *     out-of-sample class probabilities
 * @param minSeparability classes whose clean kNN accuracy (share of their rows whose neighbours'
 *     majority is their own label) is below this are not separable in the representation; rows
 *     labelled with them, or suggested into them, are not flagged and the report says so
 * @param minClassRows classes with fewer rows are reported, not judged
 */
public record LabelDisagreementSettings(
    DetectorSettings common, int k, double priorWeight, double minSeparability, int minClassRows)
    implements DetectorEntry.Settings {

  /** The block under {@code antidote}. */
  public static final String PATH = "detectors.label-disagreement";

  public LabelDisagreementSettings {
    if (k < 1
        || !(priorWeight >= 0)
        || !(minSeparability >= 0 && minSeparability <= 1)
        || minClassRows < 1) {
      throw new IllegalArgumentException(
          "label-disagreement settings out of range: k "
              + k
              + ", prior-weight "
              + priorWeight
              + ", min-separability "
              + minSeparability
              + ", min-class-rows "
              + minClassRows);
    }
  }

  /** Reads every key of the block; each error names the full key. */
  public static LabelDisagreementSettings fromConfig(SettingsBlock block) {
    return new LabelDisagreementSettings(
        DetectorSettings.of(block),
        block.integer("k", 1, Integer.MAX_VALUE),
        block.number("prior-weight", 0, 1e6),
        block.number("min-separability", 0, 1),
        block.integer("min-class-rows", 1, Integer.MAX_VALUE));
  }

  public LabelDisagreementSettings withK(int k) {
    return new LabelDisagreementSettings(common, k, priorWeight, minSeparability, minClassRows);
  }
}
