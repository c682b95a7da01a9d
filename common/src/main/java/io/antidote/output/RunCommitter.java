package io.antidote.output;

import io.antidote.config.InvalidConfigException;
import io.antidote.config.OutputSettings;
import io.antidote.config.OutputSettings.Format;
import io.antidote.flags.FlagSchema;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes a run's output appear under the output root, with {@code runs/run_id=<id>/run.json} as the
 * commit point: a run is committed exactly when its run.json exists. Tables are staged in a folder
 * beside the root (same file system, hidden from readers of the root) that holds the run's lease
 * ({@link CommitLease}); then, with {@code parquet}, each table's {@code run_id=<id>} partition is
 * renamed into place and run.json written last; with {@code delta}, run.json is written first and
 * each staged table is appended to its Delta table by an idempotent write ({@link DeltaPublisher}).
 *
 * <p>Before it starts, every run (whatever its id) recovers commits that died ({@link
 * InterruptedCommits}): one that never reached run.json is rolled back, one that did is finished.
 * Where it fails: with parquet, partitions renamed before run.json are visible to readers of their
 * table until run.json follows or the next run removes them, and on S3 a rename is a copy, so such
 * a partition can be half there; a kill during an overwrite loses the run being replaced. README.md
 * ("Commit and readers") states the guarantee per file system and format.
 */
public final class RunCommitter {
  private static final Logger LOG = LoggerFactory.getLogger(RunCommitter.class);
  public static final String RUN_JSON = "run.json";
  static final String LEASE = "_lease.json";
  static final String ATTEMPT_PREFIX = "run_id=";

  private final SparkSession spark;
  private final FileSystem fs;
  private final Path root;
  private final String runId;
  private final Path staging;
  private final Format format;
  private final Duration leaseTimeout;
  private CommitLease lease;
  private ScheduledExecutorService renewer;
  private boolean pastCommitPoint;

  private RunCommitter(
      SparkSession spark,
      FileSystem fs,
      Path root,
      String runId,
      Path staging,
      Format format,
      Duration leaseTimeout) {
    this.spark = spark;
    this.fs = fs;
    this.root = root;
    this.runId = runId;
    this.staging = staging;
    this.format = format;
    this.leaseTimeout = leaseTimeout;
  }

  /**
   * Prepares a run: recovers interrupted commits under the root, applies {@code if-exists}, takes
   * the lease. Returns empty when the run is already committed and {@code if-exists} is skip.
   */
  public static Optional<RunCommitter> begin(
      SparkSession spark, OutputSettings output, String runId) {
    String root = output.root();
    try {
      Path rootPath = new Path(root);
      FileSystem fs = rootPath.getFileSystem(spark.sparkContext().hadoopConfiguration());
      rootPath = fs.makeQualified(rootPath);
      Path stagingParent = stagingParent(fs, rootPath, output.staging());
      String attempt = UUID.randomUUID().toString();
      Path staging = new Path(stagingParent, ATTEMPT_PREFIX + runId + "-" + attempt);
      Duration timeout = Duration.ofSeconds(output.leaseTimeoutSeconds());
      RunCommitter c =
          new RunCommitter(spark, fs, rootPath, runId, staging, output.format(), timeout);
      // Found now, not after the input was read and embedded: both places must take files.
      probeWritable(fs, rootPath, "antidote.output.root");
      probeWritable(fs, stagingParent, "antidote.output.staging");
      new InterruptedCommits(spark, fs, rootPath, stagingParent, timeout).recover();
      if (c.isCommitted()) {
        switch (output.ifExists()) {
          case FAIL ->
              throw new RunOutputExistsException(
                  "run '"
                      + runId
                      + "' already has committed output under "
                      + rootPath
                      + " (see "
                      + c.runJson()
                      + "); pass --overwrite to replace it or --run-id to start another run");
          case SKIP -> {
            LOG.info("run {} is already committed under {}; nothing to do", runId, rootPath);
            removeIfEmpty(fs, stagingParent);
            return Optional.empty();
          }
          case OVERWRITE ->
              LOG.warn("run {} exists under {} and will be replaced at commit", runId, rootPath);
          default -> throw new IllegalStateException(output.ifExists().toString());
        }
      }
      c.takeLease(attempt);
      LOG.info("staging run {} under {} ({} output)", runId, staging, c.format.name());
      return Optional.of(c);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot prepare output under " + root + ": " + e.getMessage(), e);
    }
  }

  static Path stagingParent(FileSystem fs, Path root, String stagingBase) {
    if (!stagingBase.isEmpty()) {
      return fs.makeQualified(new Path(stagingBase));
    }
    return root.getParent() == null
        ? new Path(root, "_staging")
        : new Path(new Path(root.getParent(), ".antidote-staging"), root.getName());
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
        throw new InvalidConfigException(
            key, at + " is a file; expected a folder (or a path that does not exist yet)");
      }
      Path probe = new Path(at, "._antidote-write-probe-" + UUID.randomUUID());
      try (OutputStream out = fs.create(probe, false)) {
        out.write(1);
      }
      fs.delete(probe, false);
    } catch (IOException e) {
      throw new InvalidConfigException(key, "cannot write under " + dir + ": " + e.getMessage());
    }
  }

  /** Writes the lease (creating the staging folder) and renews it until commit or abort. */
  private void takeLease(String attempt) throws IOException {
    lease = CommitLease.ofThisProcess(runId, attempt, format.name().toLowerCase());
    writeLease();
    long period = Math.max(1_000, leaseTimeout.toMillis() / 3);
    renewer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "antidote-lease-" + runId);
              t.setDaemon(true);
              return t;
            });
    renewer.scheduleAtFixedRate(this::renew, period, period, TimeUnit.MILLISECONDS);
  }

  private synchronized void renew() {
    if (renewer == null) {
      return;
    }
    try {
      lease = lease.renewed(Instant.now());
      writeLease();
    } catch (IOException | RuntimeException e) {
      // A missed renewal only brings the timeout nearer; the next one may succeed.
      LOG.warn("cannot renew the lease of run {} in {}: {}", runId, staging, e.getMessage());
    }
  }

  private synchronized void writeLease() throws IOException {
    try (OutputStream out = fs.create(new Path(staging, LEASE), true)) {
      out.write(lease.toJson());
    }
  }

  /**
   * Stops renewing and waits for a renewal under way: one finishing after the staging folder was
   * deleted would create it again, holding a lease nobody renews.
   */
  private void stopRenewing() {
    ScheduledExecutorService r;
    synchronized (this) {
      r = renewer;
      renewer = null;
    }
    if (r != null) {
      r.shutdown();
      try {
        r.awaitTermination(1, TimeUnit.MINUTES);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
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

  public Format format() {
    return format;
  }

  /** Where to write a table before commit; the writer partitions by run_id underneath. */
  public String stagingTable(OutputTable table) {
    return new Path(staging, table.dir()).toString();
  }

  /** The run's partition of {@code table} under the root. */
  public Path finalPath(OutputTable table) {
    return new Path(tablePath(root, table), "run_id=" + runId);
  }

  static Path tablePath(Path root, OutputTable table) {
    return new Path(root, table.dir());
  }

  static Path runJson(Path root, String runId) {
    return new Path(new Path(tablePath(root, OutputTable.RUNS), "run_id=" + runId), RUN_JSON);
  }

  static Path stagedRunJson(Path attempt, String runId) {
    return new Path(
        new Path(new Path(attempt, OutputTable.RUNS.dir()), "run_id=" + runId), RUN_JSON);
  }

  private Path runJson() {
    return runJson(root, runId);
  }

  private Path stagedPartition(OutputTable table) {
    return new Path(new Path(staging, table.dir()), "run_id=" + runId);
  }

  public boolean isCommitted() throws IOException {
    return fs.exists(runJson());
  }

  /** Writes a small text file (run.json) into the staged run folder. */
  public void stageRunFile(String name, String content) {
    Path p = new Path(stagedPartition(OutputTable.RUNS), name);
    try (OutputStream out = fs.create(p, true)) {
      out.write(content.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + p + ": " + e.getMessage(), e);
    }
  }

  /** Whether a table was staged (empty tables are not written). */
  public boolean isStaged(OutputTable table) {
    try {
      return fs.exists(stagedPartition(table));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The tables to publish, runs/ excepted: it holds run.json, the commit point. */
  private List<OutputTable> stagedTables() throws IOException {
    List<OutputTable> tables = new ArrayList<>();
    for (OutputTable t : OutputTable.values()) {
      if (t != OutputTable.RUNS && fs.exists(stagedPartition(t))) {
        tables.add(t);
      }
    }
    return tables;
  }

  /** Publishes every staged table and run.json (see the class comment); returns the tables. */
  public List<OutputTable> commit() {
    List<OutputTable> published;
    try {
      if (!fs.exists(stagedRunJson(staging, runId))) {
        throw new IllegalStateException("nothing staged: run.json is missing under " + staging);
      }
      CommitStep.STAGED.reached();
      published = format == Format.DELTA ? commitDelta() : commitParquet();
    } catch (IOException e) {
      throw new UncheckedIOException("commit of run " + runId + " failed: " + e.getMessage(), e);
    }
    CommitStep.PUBLISHED.reached();
    LOG.info("committed run {} under {}: {}", runId, root, published);
    abort();
    return published;
  }

  private List<OutputTable> commitParquet() throws IOException {
    List<OutputTable> committed = new ArrayList<>();
    List<Path> moved = new ArrayList<>();
    List<Path[]> replaced = new ArrayList<>();
    Path trash = new Path(staging, "_replaced");
    try {
      // An overwritten run loses its run.json first, so it never looks committed while half
      // replaced.
      setAsideOldRunJson(trash, replaced);
      for (OutputTable t : stagedTables()) {
        Path to = finalPath(t);
        if (fs.exists(to)) {
          fs.mkdirs(trash);
          Path old = new Path(trash, t.dir());
          rename(to, old);
          replaced.add(new Path[] {to, old});
        }
        fs.mkdirs(to.getParent());
        rename(stagedPartition(t), to);
        moved.add(to);
        committed.add(t);
        if (committed.size() == 1) {
          CommitStep.FIRST_TABLE.reached();
        }
      }
      moved.addAll(publishRunFiles());
      publishRunJson();
      CommitStep.RUN_RECORD.reached();
    } catch (IOException | RuntimeException e) {
      boolean undone = rollBack(moved, replaced);
      abort();
      throw new IllegalStateException(failedCommit(undone, e), e);
    }
    committed.add(OutputTable.RUNS);
    return committed;
  }

  private List<OutputTable> commitDelta() throws IOException {
    List<OutputTable> tables = stagedTables();
    List<Path[]> replaced = new ArrayList<>();
    List<Path> runFiles = new ArrayList<>();
    try {
      setAsideOldRunJson(new Path(staging, "_replaced"), replaced);
      runFiles = publishRunFiles();
      publishRunJson();
    } catch (IOException | RuntimeException e) {
      boolean undone = rollBack(runFiles, replaced);
      abort();
      throw new IllegalStateException(failedCommit(undone, e), e);
    }
    pastCommitPoint = true;
    CommitStep.RUN_RECORD.reached();
    List<OutputTable> committed = new ArrayList<>();
    for (OutputTable t : tables) {
      try {
        DeltaPublisher.publish(
            spark,
            StagedTable.at(fs, new Path(staging, t.dir())),
            tablePath(root, t).toString(),
            FlagSchema.RUN_ID,
            runId,
            lease.attempt());
      } catch (IOException | RuntimeException e) {
        // Committed already: the staged tables stay for the next run, which finishes at once.
        stopRenewing();
        synchronized (this) {
          lease = lease.abandon();
          writeLease();
        }
        throw new IllegalStateException(
            "run "
                + runId
                + " is committed but its table "
                + t.dir()
                + " could not be appended ("
                + e.getMessage()
                + "); the next run under "
                + root
                + " finishes the commit from "
                + staging,
            e);
      }
      committed.add(t);
      if (committed.size() == 1) {
        CommitStep.FIRST_TABLE.reached();
      }
    }
    committed.add(OutputTable.RUNS);
    return committed;
  }

  private void setAsideOldRunJson(Path trash, List<Path[]> replaced) throws IOException {
    if (fs.exists(runJson())) {
      fs.mkdirs(trash);
      Path kept = new Path(trash, RUN_JSON);
      rename(runJson(), kept);
      replaced.add(new Path[] {runJson(), kept});
    }
  }

  /**
   * Moves the files staged beside run.json (the report, the data BOM, the signed manifest) into the
   * run's folder under runs/, before run.json: they belong to a run only once run.json names it
   * committed, and readers of runs/ go by run.json. Returns what was moved (for a roll-back).
   */
  private List<Path> publishRunFiles() throws IOException {
    List<Path> moved = new ArrayList<>();
    Path from = stagedPartition(OutputTable.RUNS);
    Path to = finalPath(OutputTable.RUNS);
    fs.mkdirs(to);
    for (org.apache.hadoop.fs.FileStatus f : fs.listStatus(from)) {
      String name = f.getPath().getName();
      if (name.equals(RUN_JSON)) {
        continue;
      }
      Path target = new Path(to, name);
      if (fs.exists(target)) {
        // A file of the run this one replaces (--overwrite): its run.json is already set aside.
        fs.delete(target, true);
      }
      rename(f.getPath(), target);
      moved.add(target);
    }
    return moved;
  }

  /**
   * Copies the staged run.json into place under a hidden name and renames it to run.json: the
   * commit point is one rename of one file (on S3, one object copied whole), and the staged copy
   * stays so a later run can tell which attempt committed.
   */
  private void publishRunJson() throws IOException {
    publishRunJson(fs, stagedRunJson(staging, runId), runJson());
  }

  static void publishRunJson(FileSystem fs, Path staged, Path target) throws IOException {
    Path tmp = new Path(target.getParent(), "._" + RUN_JSON + "-" + UUID.randomUUID());
    fs.mkdirs(target.getParent());
    if (!org.apache.hadoop.fs.FileUtil.copy(fs, staged, fs, tmp, false, fs.getConf())) {
      throw new IOException("copy " + staged + " -> " + tmp + " failed");
    }
    if (!fs.rename(tmp, target)) {
      fs.delete(tmp, false);
      throw new IOException("rename " + tmp + " -> " + target + " failed");
    }
  }

  private void rename(Path from, Path to) throws IOException {
    if (!fs.rename(from, to)) {
      throw new IOException("rename " + from + " -> " + to + " failed");
    }
  }

  /**
   * The failure of a commit before its commit point. A rollback can fail where the commit did (the
   * store unreachable): then the message must not say it was undone.
   */
  private String failedCommit(boolean undone, Exception e) {
    return undone
        ? "commit of run " + runId + " failed and was rolled back: " + e.getMessage()
        : "commit of run "
            + runId
            + " failed and could not be rolled back (see the errors above); it is not committed,"
            + " and the next run under "
            + root
            + " removes what it left: "
            + e.getMessage();
  }

  /** Undoes what a commit moved; false when some of it could not be undone. */
  private boolean rollBack(List<Path> moved, List<Path[]> replaced) {
    boolean undone = true;
    for (Path p : moved) {
      try {
        fs.delete(p, true);
      } catch (IOException e) {
        undone = false;
        LOG.error("rollback: cannot delete {}: {}", p, e.getMessage());
      }
    }
    for (Path[] r : replaced) {
      try {
        if (!fs.rename(r[1], r[0])) {
          throw new IOException("rename " + r[1] + " -> " + r[0] + " failed");
        }
      } catch (IOException e) {
        undone = false;
        LOG.error("rollback: cannot restore {}: {}", r[0], e.getMessage());
      }
    }
    return undone;
  }

  /**
   * Deletes the staging folder, and the staging parents it leaves empty; the root is untouched. A
   * delta run past its commit point keeps it: the next run finishes the commit from it.
   */
  public void abort() {
    stopRenewing();
    if (pastCommitPoint && lease.abandoned()) {
      LOG.warn("run {} is committed; {} is kept for the next run to finish", runId, staging);
      return;
    }
    try {
      fs.delete(staging, true);
      removeIfEmpty(fs, staging.getParent());
    } catch (IOException e) {
      LOG.warn("cannot clean staging folder {}: {}", staging, e.getMessage());
    }
  }

  /**
   * Deletes {@code dir} if it holds no file, then its parent if that is a {@code .antidote-staging}
   * holding no file. On S3 a folder is a marker object (recreated when its last child is deleted)
   * and stores that map keys to folders keep emptied ones, so emptiness is "no file under it", not
   * "no entry in it".
   */
  static void removeIfEmpty(FileSystem fs, Path dir) throws IOException {
    if (dir == null) {
      return;
    }
    if (fs.exists(dir)) {
      if (fs.listFiles(dir, true).hasNext()) {
        return;
      }
      fs.delete(dir, true);
    }
    Path grand = dir.getParent();
    if (grand != null
        && grand.getName().equals(".antidote-staging")
        && fs.exists(grand)
        && !fs.listFiles(grand, true).hasNext()) {
      fs.delete(grand, true);
    }
  }
}
