package io.antidote.detect.neardup;

import io.antidote.config.SettingsBlock;
import io.antidote.detect.DetectorEntry;
import io.antidote.detect.DetectorSettings;

/**
 * {@code antidote.detectors.near-duplicates}: the common keys only; how groups are found is the
 * shared {@code antidote.near-duplicates} block ({@link NearDuplicateSettings}).
 */
public record NearDuplicateDetectorSettings(DetectorSettings common)
    implements DetectorEntry.Settings {
  public static final String PATH = "detectors.near-duplicates";

  public static NearDuplicateDetectorSettings fromConfig(SettingsBlock block) {
    return new NearDuplicateDetectorSettings(DetectorSettings.of(block));
  }
}
