package io.antidote.config;

import com.typesafe.config.Config;

/** {@code antidote.output}: where the run's tables go and how an existing run is treated. */
public record OutputSettings(
    String root,
    IfExists ifExists,
    String staging,
    int curatedFiles,
    InputChecksums inputChecksums,
    long checksumMaxBytes) {

  public enum IfExists {
    FAIL,
    SKIP,
    OVERWRITE
  }

  public enum InputChecksums {
    AUTO,
    SHA256,
    NONE
  }

  public static OutputSettings fromConfig(Config antidote) {
    String root = antidote.getString("output.root").trim();
    if (root.isEmpty()) {
      throw new InvalidConfigException("antidote.output.root", "must not be empty");
    }
    return new OutputSettings(
        root,
        AntidoteConfig.enumValue(antidote, "output.if-exists", IfExists.class),
        antidote.getString("output.staging").trim(),
        (int) AntidoteConfig.number(antidote, "output.curated-files", 0, 100_000),
        AntidoteConfig.enumValue(antidote, "output.input-checksums", InputChecksums.class),
        (long) AntidoteConfig.number(antidote, "output.checksum-max-bytes", 0, Long.MAX_VALUE));
  }
}
