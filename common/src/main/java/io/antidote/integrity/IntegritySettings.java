package io.antidote.integrity;

import com.typesafe.config.Config;
import io.antidote.config.AntidoteConfig;
import io.antidote.flags.Action;

/** {@code antidote.detectors.integrity}. */
public record IntegritySettings(boolean enabled, Action action, double weight) {
  public static IntegritySettings fromConfig(Config antidote) {
    String p = "detectors.integrity.";
    return new IntegritySettings(
        antidote.getBoolean(p + "enabled"),
        AntidoteConfig.enumValue(antidote, p + "action", Action.class),
        AntidoteConfig.number(antidote, p + "weight", 0, 1e6));
  }
}
