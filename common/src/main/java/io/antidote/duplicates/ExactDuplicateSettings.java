package io.antidote.duplicates;

import com.typesafe.config.Config;
import io.antidote.config.AntidoteConfig;
import io.antidote.flags.Action;

/** {@code antidote.detectors.exact-duplicates}. */
public record ExactDuplicateSettings(
    boolean enabled, Action action, double weight, int maxGroupSize) {
  public static ExactDuplicateSettings fromConfig(Config antidote) {
    String p = "detectors.exact-duplicates.";
    return new ExactDuplicateSettings(
        antidote.getBoolean(p + "enabled"),
        AntidoteConfig.enumValue(antidote, p + "action", Action.class),
        AntidoteConfig.number(antidote, p + "weight", 0, 1e6),
        (int) AntidoteConfig.number(antidote, p + "max-group-size", 1, Integer.MAX_VALUE));
  }
}
