package io.antidote.config;

/** {@code antidote.output}: where the run's tables go and how an existing run is treated. */
public record OutputSettings(
    String root,
    IfExists ifExists,
    String staging,
    Format format,
    long leaseTimeoutSeconds,
    int curatedFiles,
    InputChecksums inputChecksums,
    long checksumMaxBytes) {

  public enum IfExists {
    FAIL,
    SKIP,
    OVERWRITE
  }

  /** How output tables are stored; README.md, "Commit and readers", gives each one's guarantee. */
  public enum Format {
    PARQUET,
    DELTA
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
        output.enumValue("format", Format.class),
        output.longValue("lease-timeout-seconds", 1, 7 * 24 * 3600),
        output.integer("curated-files", 0, 100_000),
        output.enumValue("input-checksums", InputChecksums.class),
        output.longValue("checksum-max-bytes", 0, Long.MAX_VALUE));
  }
}
