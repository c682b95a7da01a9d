package io.antidote.config;

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

  public static OutputSettings fromConfig(SettingsBlock output) {
    String root = output.string("root");
    output.check(!root.isEmpty(), "root", "a path", "''");
    return new OutputSettings(
        root,
        output.enumValue("if-exists", IfExists.class),
        output.string("staging"),
        output.integer("curated-files", 0, 100_000),
        output.enumValue("input-checksums", InputChecksums.class),
        output.longValue("checksum-max-bytes", 0, Long.MAX_VALUE));
  }
}
