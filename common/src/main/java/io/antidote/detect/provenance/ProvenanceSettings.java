package io.antidote.detect.provenance;

import io.antidote.config.SettingsBlock;
import io.antidote.detect.DetectorEntry;
import io.antidote.detect.DetectorSettings;
import io.antidote.flags.Action;

/**
 * {@code antidote.detectors.provenance}. List paths may be local, hdfs: or s3a:; empty means no
 * list.
 */
public record ProvenanceSettings(
    DetectorSettings common,
    String denyList,
    String allowList,
    String reregisteredDomains,
    Action offAllowListAction)
    implements DetectorEntry.Settings {
  public static final String PATH = "detectors.provenance";

  public static ProvenanceSettings fromConfig(SettingsBlock block) {
    return new ProvenanceSettings(
        DetectorSettings.of(block),
        block.string("deny-list"),
        block.string("allow-list"),
        block.string("reregistered-domains"),
        block.enumValue("off-allow-list-action", Action.class));
  }

  /** The full key of one of this block's settings, for errors about the lists. */
  public static String key(String name) {
    return "antidote." + PATH + "." + name;
  }
}
