package io.antidote.output;

import io.antidote.config.OutputSettings;
import io.antidote.corpus.InputFile;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileChecksum;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Checksums of the input files for run.json, so a later reader can tell whether a run's inputs
 * changed. {@code auto} takes the file system's own checksum where it keeps one (HDFS's
 * MD5-of-CRCs, S3 ETags when enabled) and otherwise hashes files up to a size limit with SHA-256,
 * keeping the driver's cost bounded.
 */
public final class InputChecksums {
  private InputChecksums() {}

  /** algorithm and hex value, or algorithm "none" with a reason. */
  public static Map<String, String> of(
      InputFile file, OutputSettings settings, Configuration conf) {
    return of(file, settings, conf, java.util.Optional.empty());
  }

  /**
   * As {@link #of(InputFile, OutputSettings, Configuration)}, taking {@code knownSha256} (the
   * file's SHA-256 from this run's shard hashing) wherever this would hash the file itself: a file
   * is read once per run.
   */
  public static Map<String, String> of(
      InputFile file,
      OutputSettings settings,
      Configuration conf,
      java.util.Optional<String> knownSha256) {
    Map<String, String> out = new LinkedHashMap<>();
    Path p = new Path(file.path());
    try {
      FileSystem fs = p.getFileSystem(conf);
      switch (settings.inputChecksums()) {
        case NONE -> out.put("algorithm", "none");
        case SHA256 -> {
          out.put("algorithm", "SHA-256");
          out.put("value", knownSha256.isPresent() ? knownSha256.get() : sha256(fs, p));
        }
        case AUTO -> {
          FileChecksum fsSum = fs.getFileChecksum(p);
          if (fsSum != null) {
            out.put("algorithm", fsSum.getAlgorithmName());
            out.put("value", HexFormat.of().formatHex(fsSum.getBytes()));
          } else if (knownSha256.isPresent()) {
            out.put("algorithm", "SHA-256");
            out.put("value", knownSha256.get());
          } else if (file.length() <= settings.checksumMaxBytes()) {
            out.put("algorithm", "SHA-256");
            out.put("value", sha256(fs, p));
          } else {
            out.put("algorithm", "none");
            out.put(
                "note",
                "larger than output.checksum-max-bytes and the file system keeps no checksum");
          }
        }
        default -> throw new IllegalStateException(settings.inputChecksums().toString());
      }
    } catch (IOException e) {
      out.put("algorithm", "none");
      out.put("note", "cannot read: " + e.getMessage());
    }
    return out;
  }

  private static String sha256(FileSystem fs, Path p) throws IOException {
    MessageDigest md;
    try {
      md = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    byte[] buf = new byte[1 << 20];
    try (InputStream in = fs.open(p)) {
      for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
        md.update(buf, 0, n);
      }
    }
    return HexFormat.of().formatHex(md.digest());
  }
}
