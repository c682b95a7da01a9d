package io.antidote.detect.integrity;

import io.antidote.config.SettingsBlock;
import io.antidote.detect.DetectorEntry;
import io.antidote.detect.DetectorSettings;

/** {@code antidote.detectors.integrity}: only the keys every detector has. */
public record IntegritySettings(DetectorSettings common) implements DetectorEntry.Settings {
  public static final String PATH = "detectors.integrity";

  public static IntegritySettings fromConfig(SettingsBlock block) {
    return new IntegritySettings(DetectorSettings.of(block));
  }
}
