package io.antidote.output;

import io.antidote.testing.AuditChild;
import io.antidote.testing.AuditFixture;
import io.antidote.testing.S3ProxyServer;
import io.antidote.testing.SparkTestBase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The commit under a real kill, at each of its steps ({@link CommitStep}), on local disk, S3
 * (S3Proxy) and HDFS (a MiniDFSCluster in this JVM): an audit in a child JVM halts there ({@link
 * CommitStep#HALT_AT}); a reader of every output table then sees no row of the killed run, except
 * where README.md ("Commit and readers") says it can (parquet's partitions moved before run.json;
 * delta's tables of a committed run appended before the kill); a run with another id recovers what
 * the kill left (rolled back before run.json, finished after it), and a rerun with the killed id
 * gives exactly the rows of an uninterrupted run.
 */
class KilledCommitTest extends SparkTestBase {
  private static final String KILLED = "k";
  private static final List<OutputTable> TABLES =
      List.of(
          OutputTable.FLAGS,
          OutputTable.VERDICTS,
          OutputTable.CURATED,
          OutputTable.LINEAGE,
          OutputTable.REJECTED);

  /** Delta rebuilds a table's state in 50 tasks by default, at each read and each commit. */
  private static final String DELTA_SNAPSHOT_PARTITIONS =
      "spark.databricks.delta.snapshotPartitions";

  @TempDir static Path tmp;
  private static String input;
  private static S3ProxyServer s3;
  private static MiniDFSCluster hdfs;
  private static final Map<String, Map<OutputTable, List<String>>> REFERENCE =
      new LinkedHashMap<>();

  @Override
  public SparkConf conf() {
    return super.conf()
        .set("spark.sql.shuffle.partitions", "2")
        .set("spark.default.parallelism", "2")
        .set("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
        .set("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
        .set(DELTA_SNAPSHOT_PARTITIONS, "2");
  }

  @AfterAll
  static void stopS3() {
    if (s3 != null) {
      s3.close();
      s3 = null;
    }
    if (hdfs != null) {
      hdfs.shutdown();
      hdfs = null;
    }
  }

  @ParameterizedTest(name = "{0}, killed at {1}")
  // A kill before the first table moves (step "staged") leaves nothing to read in either format;
  // jobs' KilledRunTest covers that point with a real SIGKILL, so the suite spends its child JVMs
  // on the steps where the formats differ.
  @CsvSource({
    "parquet, first-table",
    "parquet, run-record",
    "delta, run-record",
    "delta, first-table"
  })
  void aKilledCommitOnLocalDiskIsRecoveredByTheNextRun(String format, String step)
      throws Exception {
    killRecoverRerun(format, "file", step);
  }

  /**
   * Killed on S3 (where a move is a copy) at every step of the commit: before anything moved
   * (nothing to see, rolled back); after the first table moved (parquet's next run rolls the
   * partial commit back, delta's finishes it); after run.json (the next run finishes the commit);
   * after every table (only the staging folder is left, and the next run removes it). No staging
   * folder stays.
   */
  @ParameterizedTest(name = "{0} on S3, killed at {1}")
  @CsvSource({
    "delta, staged",
    "parquet, first-table",
    "delta, first-table",
    "parquet, run-record",
    "delta, run-record",
    "parquet, published"
  })
  void aKilledCommitOnS3IsRecoveredByTheNextRun(String format, String step) throws Exception {
    killRecoverRerun(format, "s3", step);
  }

  /**
   * Killed on HDFS (a real NameNode and DataNode in this JVM, the child writing to them over TCP)
   * after the first table moved: rolled back by the next run; or after run.json: finished by it.
   */
  @ParameterizedTest(name = "parquet on HDFS, killed at {0}")
  @CsvSource({"first-table", "run-record"})
  void aKilledParquetCommitOnHdfsIsRecoveredByTheNextRun(String step) throws Exception {
    killRecoverRerun("parquet", "hdfs", step);
  }

  private void killRecoverRerun(String format, String fsName, String step) throws Exception {
    String in = input();
    String base =
        switch (fsName) {
          case "s3" -> "s3a://commits";
          case "hdfs" -> hdfs() + "/commits";
          default -> tmp.toUri().toString().replaceAll("/$", "");
        };
    String root = base + "/" + format + "-" + step;
    String stagingParent = base + "/.antidote-staging";
    Map<String, String> settings = new LinkedHashMap<>();
    settings.putAll(AuditFixture.ONLY_INTEGRITY);
    settings.put("output.format", format);
    settings.put("output.root", root);
    if (fsName.equals("s3")) {
      s3();
    }
    Map<OutputTable, List<String>> reference = reference(format, in);

    Path log = tmp.resolve("child-" + format + "-" + fsName + "-" + step + ".log");
    Map<String, String> childSettings = new LinkedHashMap<>(settings);
    childSettings.put(DELTA_SNAPSHOT_PARTITIONS, "2");
    if (fsName.equals("s3")) {
      s3().settings().forEach((k, v) -> childSettings.put("spark.hadoop." + k, v));
    }
    Process child =
        AuditChild.start(
            AuditChild.class,
            List.of("-D" + CommitStep.HALT_AT + "=" + step),
            KILLED,
            in,
            childSettings,
            log);
    Assertions.assertTrue(child.waitFor(10, TimeUnit.MINUTES), "the child finished");
    Assertions.assertEquals(
        CommitStep.HALT_STATUS,
        child.exitValue(),
        "the child halted at " + step + "; log:\n" + Files.readString(log));

    // What a reader sees after the kill.
    boolean committed = runJsonExists(root, KILLED);
    Assertions.assertEquals(
        step.equals("run-record")
            || step.equals("published")
            || format.equals("delta") && step.equals("first-table"),
        committed,
        "run.json of the killed run is in place exactly after the commit point");
    Set<OutputTable> visible =
        switch (format + "/" + step) {
          case "parquet/first-table" -> Set.of(OutputTable.FLAGS);
          case "parquet/run-record", "parquet/published", "delta/published" -> Set.copyOf(TABLES);
          case "delta/first-table" -> Set.of(OutputTable.FLAGS);
          default -> Set.of();
        };
    for (OutputTable t : TABLES) {
      List<String> rows = rows(root, t, format, KILLED);
      if (visible.contains(t)) {
        Assertions.assertEquals(reference.get(t), rows, t.dir() + " holds the whole partition");
      } else {
        Assertions.assertEquals(List.of(), rows, "no row of the killed run in " + t.dir());
      }
    }

    // A run with another id recovers what the kill left.
    AuditFixture.audit(spark(), in, null, "next", settings);
    Assertions.assertTrue(runJsonExists(root, "next"));
    for (OutputTable t : TABLES) {
      Assertions.assertEquals(
          committed ? reference.get(t) : List.of(),
          rows(root, t, format, KILLED),
          t.dir() + " after the next run: " + (committed ? "finished" : "rolled back"));
    }
    Assertions.assertEquals(committed, runJsonExists(root, KILLED));
    FileSystem fs = fs(stagingParent);
    Assertions.assertFalse(
        fs.exists(new org.apache.hadoop.fs.Path(stagingParent)),
        "no staging left: " + stagingParent);

    // A rerun of the killed id gives the uninterrupted run's rows.
    Map<String, String> rerun = new LinkedHashMap<>(settings);
    if (committed) {
      rerun.put("output.if-exists", "overwrite");
    }
    AuditFixture.audit(spark(), in, null, KILLED, rerun);
    for (OutputTable t : TABLES) {
      Assertions.assertEquals(
          reference.get(t), rows(root, t, format, KILLED), t.dir() + " after the rerun");
    }
    Assertions.assertEquals(
        reference.get(OutputTable.FLAGS).size(),
        rows(root, OutputTable.FLAGS, format, "next").size(),
        "the next run's own flags are intact");
    Assertions.assertFalse(
        fs.exists(new org.apache.hadoop.fs.Path(stagingParent)), "no staging left after the rerun");
  }

  /** A tiny corpus: clean rows, one hash mismatch (a flag and a verdict), one rejected row. */
  private String input() {
    if (input == null) {
      input = AuditFixture.commitCorpus(spark(), tmp.resolve("corpus"));
    }
    return input;
  }

  /** The rows of an uninterrupted run with the killed run's id, per table. */
  private Map<OutputTable, List<String>> reference(String format, String in) {
    return REFERENCE.computeIfAbsent(
        format,
        f -> {
          Path root = tmp.resolve("reference-" + f);
          Map<String, String> settings = new LinkedHashMap<>(AuditFixture.ONLY_INTEGRITY);
          settings.put("output.format", f);
          AuditFixture.audit(spark(), in, root, KILLED, settings);
          Map<OutputTable, List<String>> m = new LinkedHashMap<>();
          for (OutputTable t : TABLES) {
            List<String> rows = rows(root.toUri().toString(), t, f, KILLED);
            Assertions.assertFalse(rows.isEmpty(), "the reference run wrote " + t.dir());
            m.put(t, rows);
          }
          return m;
        });
  }

  /** The rows of run {@code runId} a user reading the whole table sees, sorted, as text. */
  private List<String> rows(String root, OutputTable table, String format, String runId) {
    String path = root + "/" + table.dir();
    try {
      FileSystem fs = fs(path);
      org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(path);
      boolean delta = format.equals("delta");
      if (!fs.exists(delta ? new org.apache.hadoop.fs.Path(p, "_delta_log") : p)) {
        return List.of();
      }
      Dataset<Row> all =
          delta ? spark().read().format("delta").load(path) : spark().read().parquet(path);
      return all.where(all.col("run_id").equalTo(runId)).collectAsList().stream()
          .map(r -> r.toString())
          .sorted()
          .toList();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private boolean runJsonExists(String root, String runId) throws Exception {
    org.apache.hadoop.fs.Path p =
        new org.apache.hadoop.fs.Path(root + "/runs/run_id=" + runId + "/run.json");
    return fs(root).exists(p);
  }

  private FileSystem fs(String path) throws java.io.IOException {
    return new org.apache.hadoop.fs.Path(path)
        .getFileSystem(spark().sparkContext().hadoopConfiguration());
  }

  /** The NameNode's URI, the cluster started on first use. */
  private static String hdfs() throws Exception {
    if (hdfs == null) {
      Configuration conf = new Configuration();
      conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, tmp.resolve("hdfs").toString());
      hdfs = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
      hdfs.waitActive();
    }
    return "hdfs://127.0.0.1:" + hdfs.getNameNodePort();
  }

  /**
   * A bucket of its own: Hadoop caches a file system per bucket for the JVM, and another test
   * class's S3Proxy (stopped by now) served "audits".
   */
  private S3ProxyServer s3() throws Exception {
    if (s3 == null) {
      s3 = S3ProxyServer.start(Files.createDirectories(tmp.resolve("s3")), List.of("commits"));
      s3.configure(spark().sparkContext().hadoopConfiguration());
    }
    return s3;
  }
}
