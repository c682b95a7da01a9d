package io.antidote.detect.neardup;

import io.antidote.config.SettingsBlock;
import io.antidote.detect.DetectorEntry;
import io.antidote.detect.DetectorSettings;

/**
 * {@code antidote.detectors.campaign}: the common keys only; the test's own settings (minimum group
 * size, the null's kept keys) are in the shared {@code antidote.near-duplicates} block, because the
 * group table carries every group's decision whichever detector reads it.
 */
public record CampaignSettings(DetectorSettings common) implements DetectorEntry.Settings {
  public static final String PATH = "detectors.campaign";

  public static CampaignSettings fromConfig(SettingsBlock block) {
    return new CampaignSettings(DetectorSettings.of(block));
  }
}
