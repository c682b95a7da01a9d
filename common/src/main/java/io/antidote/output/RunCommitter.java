package io.antidote.output;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes a run's output appear all at once or not at all. Tables are written under a staging folder
 * beside the output root (same file system, hidden from readers of the root), then each table's
 * {@code run_id=<id>} partition is renamed into place, {@code runs/run_id=<id>/run.json} last: a
 * run is committed exactly when its run.json exists. A failure during the renames rolls back what
 * was moved; a run killed outright leaves only its staging folder (outside the root) and, in the
 * worst case, partitions without a run.json, which the next run with that id removes before it
 * starts.
 *
 * <p>Renames are atomic on HDFS and local disks. On S3 a rename is a copy, so a reader may see a
 * table partition appear before run.json; readers that only trust runs listed under {@code runs/}
 * are safe.
 */
public final class RunCommitter {
  private static final Logger LOG = LoggerFactory.getLogger(RunCommitter.class);
  public static final String RUN_JSON = "run.json";

  private final FileSystem fs;
  private final Path root;
  private final String runId;
  private final Path staging;

  private RunCommitter(FileSystem fs, Path root, String runId, Path staging) {
    this.fs = fs;
    this.root = root;
    this.runId = runId;
    this.staging = staging;
  }

  /**
   * Prepares a run. Returns empty when the run is already committed and {@code ifExists} is skip.
   *
   * @param stagingBase empty for the default hidden sibling of the root
   */
  public static java.util.Optional<RunCommitter> begin(
      String root,
      String runId,
      String stagingBase,
      io.antidote.config.OutputSettings.IfExists ifExists,
      Configuration conf) {
    try {
      Path rootPath = new Path(root);
      FileSystem fs = rootPath.getFileSystem(conf);
      rootPath = fs.makeQualified(rootPath);
      Path stagingParent =
          stagingBase.isEmpty()
              ? (rootPath.getParent() == null
                  ? new Path(rootPath, "_staging")
                  : new Path(
                      new Path(rootPath.getParent(), ".antidote-staging"), rootPath.getName()))
              : fs.makeQualified(new Path(stagingBase));
      Path staging = new Path(stagingParent, "run_id=" + runId + "-" + UUID.randomUUID());
      RunCommitter c = new RunCommitter(fs, rootPath, runId, staging);
      if (c.isCommitted()) {
        switch (ifExists) {
          case FAIL ->
              throw new RunOutputExistsException(
                  "run '"
                      + runId
                      + "' already has committed output under "
                      + rootPath
                      + " (see "
                      + c.finalPath(OutputTable.RUNS)
                      + "); pass --overwrite to replace it or --run-id to start another run");
          case SKIP -> {
            LOG.info("run {} is already committed under {}; nothing to do", runId, rootPath);
            return java.util.Optional.empty();
          }
          case OVERWRITE ->
              LOG.warn("run {} exists under {} and will be replaced at commit", runId, rootPath);
          default -> throw new IllegalStateException(ifExists.toString());
        }
      } else {
        c.removeOrphanPartitions();
      }
      c.removeStaleStaging(stagingParent);
      // Found now, not after the input was read and embedded: both places must take files.
      probeWritable(fs, rootPath, "antidote.output.root");
      if (!fs.mkdirs(staging)) {
        throw new io.antidote.config.InvalidConfigException(
            "antidote.output.staging", "cannot create the staging folder " + staging);
      }
      probeWritable(fs, staging, "antidote.output.staging");
      LOG.info("staging run {} under {}", runId, staging);
      return java.util.Optional.of(c);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot prepare output under " + root + ": " + e.getMessage(), e);
    }
  }

  /**
   * Creates and deletes a probe file in {@code dir}, or, when {@code dir} does not exist yet, in
   * its nearest existing ancestor (where the commit will create it): nothing is left behind, and a
   * root that did not exist still does not.
   */
  private static void probeWritable(FileSystem fs, Path dir, String key) {
    try {
      Path at = dir;
      while (!fs.exists(at)) {
        if (at.getParent() == null) {
          throw new IOException("no existing ancestor");
        }
        at = at.getParent();
      }
      if (!fs.getFileStatus(at).isDirectory()) {
        throw new io.antidote.config.InvalidConfigException(
            key, at + " is a file; expected a folder (or a path that does not exist yet)");
      }
      Path probe = new Path(at, "._antidote-write-probe-" + UUID.randomUUID());
      try (OutputStream out = fs.create(probe, false)) {
        out.write(1);
      }
      fs.delete(probe, false);
    } catch (IOException e) {
      throw new io.antidote.config.InvalidConfigException(
          key, "cannot write under " + dir + ": " + e.getMessage());
    }
  }

  public String runId() {
    return runId;
  }

  public Path root() {
    return root;
  }

  /** The staging folder: {@code <table>/run_id=<id>/...} below it, as below the root. */
  public Path stagingRoot() {
    return staging;
  }

  /** Where to write a table before commit; the writer partitions by run_id underneath. */
  public String stagingTable(OutputTable table) {
    return new Path(staging, table.dir()).toString();
  }

  public Path finalPath(OutputTable table) {
    return new Path(new Path(root, table.dir()), "run_id=" + runId);
  }

  private Path stagedPartition(OutputTable table) {
    return new Path(new Path(staging, table.dir()), "run_id=" + runId);
  }

  public boolean isCommitted() throws IOException {
    return fs.exists(new Path(finalPath(OutputTable.RUNS), RUN_JSON));
  }

  /** Writes a small text file (run.json, the summary) into the staged run folder. */
  public void stageRunFile(String name, String content) {
    Path p = new Path(stagedPartition(OutputTable.RUNS), name);
    try (OutputStream out = fs.create(p, true)) {
      out.write(content.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + p + ": " + e.getMessage(), e);
    }
  }

  /**
   * Moves every staged table into place, run.json last; rolls back on failure. Returns what was
   * moved.
   */
  public List<OutputTable> commit() {
    List<OutputTable> committed = new ArrayList<>();
    List<Path> moved = new ArrayList<>();
    List<Path[]> replaced = new ArrayList<>();
    Path trash = new Path(staging, "_replaced");
    try {
      if (!fs.exists(new Path(stagedPartition(OutputTable.RUNS), RUN_JSON))) {
        throw new IllegalStateException("nothing staged: run.json is missing under " + staging);
      }
      List<OutputTable> order = new ArrayList<>(List.of(OutputTable.values()));
      order.remove(OutputTable.RUNS);
      order.add(OutputTable.RUNS);
      // An overwritten run loses its run.json first, so it never looks committed while half
      // replaced.
      Path oldRunJson = new Path(finalPath(OutputTable.RUNS), RUN_JSON);
      if (fs.exists(oldRunJson)) {
        fs.mkdirs(trash);
        Path kept = new Path(trash, "run.json");
        rename(oldRunJson, kept);
        replaced.add(new Path[] {oldRunJson, kept});
      }
      for (OutputTable t : order) {
        Path from = stagedPartition(t);
        if (!fs.exists(from)) {
          continue;
        }
        Path to = finalPath(t);
        if (fs.exists(to)) {
          fs.mkdirs(trash);
          Path old = new Path(trash, t.dir());
          rename(to, old);
          replaced.add(new Path[] {to, old});
        }
        fs.mkdirs(to.getParent());
        rename(from, to);
        moved.add(to);
        committed.add(t);
      }
      LOG.info("committed run {} under {}", runId, root);
    } catch (IOException | RuntimeException e) {
      rollBack(moved, replaced);
      abort();
      throw new IllegalStateException(
          "commit of run " + runId + " failed and was rolled back: " + e.getMessage(), e);
    }
    abort();
    return committed;
  }

  /** Whether a table was staged (empty tables are not written). */
  public boolean isStaged(OutputTable table) {
    try {
      return fs.exists(stagedPartition(table));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void rename(Path from, Path to) throws IOException {
    if (!fs.rename(from, to)) {
      throw new IOException("rename " + from + " -> " + to + " failed");
    }
  }

  private void rollBack(List<Path> moved, List<Path[]> replaced) {
    for (Path p : moved) {
      try {
        fs.delete(p, true);
      } catch (IOException e) {
        LOG.error("rollback: cannot delete {}: {}", p, e.getMessage());
      }
    }
    for (Path[] r : replaced) {
      try {
        fs.rename(r[1], r[0]);
      } catch (IOException e) {
        LOG.error("rollback: cannot restore {}: {}", r[0], e.getMessage());
      }
    }
  }

  /** Deletes the staging folder; the root is untouched. */
  public void abort() {
    try {
      fs.delete(staging, true);
      Path parent = staging.getParent();
      if (parent != null && fs.exists(parent) && fs.listStatus(parent).length == 0) {
        fs.delete(parent, true);
        Path grand = parent.getParent();
        if (grand != null
            && grand.getName().equals(".antidote-staging")
            && fs.listStatus(grand).length == 0) {
          fs.delete(grand, true);
        }
      }
    } catch (IOException e) {
      LOG.warn("cannot clean staging folder {}: {}", staging, e.getMessage());
    }
  }

  /**
   * Partitions of this run id left by a run killed mid-commit: no run.json, so not a committed run.
   */
  private void removeOrphanPartitions() throws IOException {
    for (OutputTable t : OutputTable.values()) {
      Path p = finalPath(t);
      if (fs.exists(p)) {
        LOG.warn("removing {}: left by an earlier run {} that never committed", p, runId);
        fs.delete(p, true);
      }
    }
  }

  private void removeStaleStaging(Path stagingParent) throws IOException {
    if (!fs.exists(stagingParent)) {
      return;
    }
    for (var st : fs.listStatus(stagingParent)) {
      if (st.getPath().getName().startsWith("run_id=" + runId + "-")) {
        LOG.warn(
            "removing stale staging folder {} of an earlier attempt of run {}",
            st.getPath(),
            runId);
        fs.delete(st.getPath(), true);
      }
    }
  }
}
