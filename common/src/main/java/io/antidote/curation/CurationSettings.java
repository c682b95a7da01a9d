package io.antidote.curation;

import io.antidote.config.SettingsBlock;

/**
 * {@code antidote.curation}: how the curated corpus is laid out for training.
 *
 * @param partitions DPA partitions; 0 = no partition column
 */
public record CurationSettings(int partitions) {
  public static final String PATH = "curation";

  public static CurationSettings fromConfig(SettingsBlock b) {
    return new CurationSettings(b.integer("partitions", 0, 1_000_000));
  }

  public boolean partitioned() {
    return partitions > 0;
  }
}
