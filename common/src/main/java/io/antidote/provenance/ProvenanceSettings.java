package io.antidote.provenance;

import com.typesafe.config.Config;
import io.antidote.config.AntidoteConfig;
import io.antidote.flags.Action;

/**
 * {@code antidote.detectors.provenance}. List paths may be local, hdfs: or s3a:; empty means no
 * list.
 */
public record ProvenanceSettings(
    boolean enabled,
    Action action,
    double weight,
    String denyList,
    String allowList,
    String reregisteredDomains,
    Action offAllowListAction) {

  public static ProvenanceSettings fromConfig(Config antidote) {
    String p = "detectors.provenance.";
    return new ProvenanceSettings(
        antidote.getBoolean(p + "enabled"),
        AntidoteConfig.enumValue(antidote, p + "action", Action.class),
        AntidoteConfig.number(antidote, p + "weight", 0, 1e6),
        antidote.getString(p + "deny-list").trim(),
        antidote.getString(p + "allow-list").trim(),
        antidote.getString(p + "reregistered-domains").trim(),
        AntidoteConfig.enumValue(antidote, p + "off-allow-list-action", Action.class));
  }
}
