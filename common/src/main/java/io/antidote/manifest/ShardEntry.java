package io.antidote.manifest;

import java.io.Serializable;

/**
 * One file of a corpus or of a run's outputs as a shard manifest records it.
 *
 * @param path relative to the corpus or output root, with {@code /} separators
 * @param size bytes
 * @param sha256 lower-case hex SHA-256 of the file's bytes
 * @param rows rows in the Parquet footer; null for a file that is not Parquet (run.json)
 * @param rowGroups row groups in the Parquet footer; null when {@code rows} is
 */
public record ShardEntry(String path, long size, String sha256, Long rows, Integer rowGroups)
    implements Serializable {

  public ShardEntry {
    if (path.isEmpty() || path.contains("\n") || path.startsWith("/")) {
      throw new IllegalArgumentException(
          "shard path '" + path + "' must be relative, non-empty and on one line");
    }
  }

  /**
   * The entry's line in the root digest's input: {@code sha256 size rows row_groups path}, with
   * {@code -} for a file without a Parquet footer. Path last, so it may hold spaces; a verifier can
   * rebuild the digest with shell tools.
   */
  public String canonicalLine() {
    return sha256
        + " "
        + size
        + " "
        + (rows == null ? "-" : rows.toString())
        + " "
        + (rowGroups == null ? "-" : rowGroups.toString())
        + " "
        + path
        + "\n";
  }

  /** What differs from {@code actual}, the same file as found now; empty when nothing does. */
  public String differenceFrom(ShardEntry actual) {
    if (size != actual.size) {
      return "size " + actual.size + " bytes, the manifest records " + size;
    }
    if (!sha256.equals(actual.sha256)) {
      return "sha256 " + actual.sha256 + ", the manifest records " + sha256;
    }
    if (!java.util.Objects.equals(rows, actual.rows)
        || !java.util.Objects.equals(rowGroups, actual.rowGroups)) {
      return actual.rows
          + " rows in "
          + actual.rowGroups
          + " row groups, the manifest records "
          + rows
          + " in "
          + rowGroups;
    }
    return "";
  }
}
