package io.antidote.output;

import io.antidote.flags.FlagSchema;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What runs that died left under an output root and its staging folder, recovered by the next run
 * of any id before it starts. A staging folder whose lease ({@link CommitLease}) is dead is
 * finished when its run.json is the one under {@code runs/} (a delta run killed between table
 * appends: the idempotent appends are repeated) and rolled back otherwise; a parquet partition
 * whose run has no run.json is removed unless a live lease holds that run id. A live run is never
 * touched: its partitions can only reach the root after its lease was written, and the partitions
 * are listed before the leases are read, so a partition seen here belongs to a run whose lease is
 * read after it.
 */
final class InterruptedCommits {
  private static final Logger LOG = LoggerFactory.getLogger(InterruptedCommits.class);

  private final SparkSession spark;
  private final FileSystem fs;
  private final Path root;
  private final Path stagingParent;
  private final Duration timeout;

  InterruptedCommits(
      SparkSession spark, FileSystem fs, Path root, Path stagingParent, Duration timeout) {
    this.spark = spark;
    this.fs = fs;
    this.root = root;
    this.stagingParent = stagingParent;
    this.timeout = timeout;
  }

  void recover() throws IOException {
    Map<Path, String> uncommitted = uncommittedPartitions();
    Set<String> live = new HashSet<>();
    if (fs.exists(stagingParent)) {
      for (FileStatus st : fs.listStatus(stagingParent)) {
        String name = st.getPath().getName();
        if (st.isDirectory() && name.startsWith(RunCommitter.ATTEMPT_PREFIX)) {
          recoverAttempt(st, live);
        }
      }
    }
    for (Map.Entry<Path, String> e : uncommitted.entrySet()) {
      if (live.contains(e.getValue())) {
        continue;
      }
      LOG.warn(
          "removing {}: run {} has no run.json and no live commit, so it was never committed",
          e.getKey(),
          e.getValue());
      fs.delete(e.getKey(), true);
    }
    RunCommitter.removeIfEmpty(fs, stagingParent);
  }

  /** Every {@code run_id=} folder of a plain-parquet table whose run has no run.json. */
  private Map<Path, String> uncommittedPartitions() throws IOException {
    Map<Path, String> found = new LinkedHashMap<>();
    for (OutputTable t : OutputTable.values()) {
      Path table = RunCommitter.tablePath(root, t);
      if (!fs.exists(table) || fs.exists(new Path(table, "_delta_log"))) {
        continue;
      }
      for (FileStatus st : fs.listStatus(table)) {
        String name = st.getPath().getName();
        if (st.isDirectory() && name.startsWith("run_id=")) {
          String id = name.substring("run_id=".length());
          if (!fs.exists(RunCommitter.runJson(root, id))) {
            found.put(st.getPath(), id);
          }
        }
      }
    }
    return found;
  }

  private void recoverAttempt(FileStatus attempt, Set<String> live) throws IOException {
    Path dir = attempt.getPath();
    Optional<CommitLease> lease = readLease(dir);
    boolean dead =
        lease.isPresent()
            ? lease.get().isDead(timeout)
            // Killed before its lease was written (or a torn write): judged by the folder's age.
            : Instant.ofEpochMilli(attempt.getModificationTime())
                .plus(timeout)
                .isBefore(Instant.now());
    String runId = lease.map(CommitLease::runId).orElseGet(() -> runIdOf(dir.getName()));
    String who = lease.map(CommitLease::describe).orElse("run " + runId + " (no readable lease)");
    if (!dead) {
      LOG.info("leaving {} alone: {} is alive", dir, who);
      live.add(runId);
      return;
    }
    if (committedBy(dir, runId)) {
      if (lease.isPresent() && lease.get().format().equals("delta")) {
        for (FileStatus st : fs.listStatus(dir)) {
          String table = st.getPath().getName();
          if (!st.isDirectory() || table.equals(OutputTable.RUNS.dir()) || table.startsWith("_")) {
            continue;
          }
          DeltaPublisher.publish(
              spark,
              StagedTable.at(fs, st.getPath()),
              new Path(root, table).toString(),
              FlagSchema.RUN_ID,
              runId,
              lease.get().attempt());
        }
        LOG.warn("finished the interrupted commit of {}: every staged table is published", who);
      } else {
        LOG.warn("removing the staging folder {} of {}, which had committed", dir, who);
      }
    } else {
      LOG.warn(
          "rolling back {}: it died before its commit point; removing its staging folder {}",
          who,
          dir);
    }
    fs.delete(dir, true);
  }

  /** Whether the run.json under runs/ is the one this attempt staged. */
  private boolean committedBy(Path attempt, String runId) throws IOException {
    Path staged = RunCommitter.stagedRunJson(attempt, runId);
    Path committed = RunCommitter.runJson(root, runId);
    return fs.exists(staged)
        && fs.exists(committed)
        && Arrays.equals(readAll(staged), readAll(committed));
  }

  private Optional<CommitLease> readLease(Path attempt) throws IOException {
    Path p = new Path(attempt, RunCommitter.LEASE);
    if (!fs.exists(p)) {
      return Optional.empty();
    }
    try {
      return Optional.of(CommitLease.fromJson(readAll(p), p.toString()));
    } catch (IllegalStateException e) {
      LOG.warn("{}", e.getMessage());
      return Optional.empty();
    }
  }

  private byte[] readAll(Path p) throws IOException {
    try (InputStream in = fs.open(p)) {
      return in.readAllBytes();
    }
  }

  /** {@code run_id=<id>-<uuid>}: the id, the uuid being 36 characters. */
  private static String runIdOf(String attemptName) {
    String rest = attemptName.substring(RunCommitter.ATTEMPT_PREFIX.length());
    return rest.length() > 37 ? rest.substring(0, rest.length() - 37) : rest;
  }
}
