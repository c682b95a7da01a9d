package io.antidote.manifest;

import io.antidote.output.OutputTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;

/**
 * The files of one run's output: every visible file under {@code <base>/<table>/run_id=<id>/} for
 * each {@link OutputTable}, named relative to {@code base}. The staging folder and the output root
 * share this layout, so a run is listed the same way before and after its commit. Hidden files
 * ({@code .crc}, {@code _SUCCESS}) are not output and the signed manifest cannot list itself.
 */
public final class RunFiles {
  /** The signed manifest of a run's outputs, beside run.json. */
  public static final String MANIFEST = "manifest.dsse.json";

  private RunFiles() {}

  public static List<ShardHasher.Shard> list(Configuration conf, Path base, String runId) {
    List<ShardHasher.Shard> shards = new ArrayList<>();
    try {
      FileSystem fs = base.getFileSystem(conf);
      for (OutputTable t : OutputTable.values()) {
        Path partition = new Path(new Path(base, t.dir()), "run_id=" + runId);
        if (!fs.exists(partition)) {
          continue;
        }
        RemoteIterator<LocatedFileStatus> it = fs.listFiles(partition, true);
        while (it.hasNext()) {
          Path p = it.next().getPath();
          String rel = ShardManifests.relative(fs.makeQualified(base), p);
          boolean hidden = false;
          for (String part : rel.split("/")) {
            hidden |= part.startsWith(".") || part.startsWith("_");
          }
          if (!hidden && !(t == OutputTable.RUNS && p.getName().equals(MANIFEST))) {
            shards.add(new ShardHasher.Shard(rel, p.toString()));
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot list the outputs of run " + runId + " under " + base + ": " + e.getMessage(), e);
    }
    return shards;
  }
}
