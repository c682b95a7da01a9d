package io.antidote.detect.duplicates;

import io.antidote.config.SettingsBlock;
import io.antidote.detect.DetectorEntry;
import io.antidote.detect.DetectorSettings;

/**
 * {@code antidote.detectors.exact-duplicates}.
 *
 * @param maxGroupSize groups of identical content with more members than this are flagged
 */
public record ExactDuplicateSettings(DetectorSettings common, int maxGroupSize)
    implements DetectorEntry.Settings {
  public static final String PATH = "detectors.exact-duplicates";

  public static ExactDuplicateSettings fromConfig(SettingsBlock block) {
    return new ExactDuplicateSettings(
        DetectorSettings.of(block), block.integer("max-group-size", 1, Integer.MAX_VALUE));
  }
}
