package io.antidote.audit;

import io.antidote.output.OutputTable;
import io.antidote.testing.AuditChild;
import io.antidote.testing.AuditFixture;
import io.antidote.testing.LaionRows;
import io.antidote.testing.S3ProxyServer;
import io.antidote.testing.SparkTestBase;
import io.antidote.testing.StandaloneCluster;
import io.antidote.testing.TcpForwarder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.ExecutorLostFailure;
import org.apache.spark.SparkConf;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorRemoved;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.SparkListenerTaskStart;
import org.apache.spark.scheduler.StageInfo;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.RDDInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import scala.collection.JavaConverters;

/**
 * Faults of a real deployment, where local mode has none of the processes that fail:
 *
 * <ul>
 *   <li>An executor JVM of a standalone cluster ({@link StandaloneCluster}: a master and two
 *       workers, each a JVM) is SIGKILLed while the embedding stage runs on it; the job finishes
 *       and every output table holds exactly the rows of a clean local-mode run.
 *   <li>The S3 endpoint goes away in the middle of a commit ({@link TcpForwarder} between S3A and
 *       S3Proxy, stopped at a chosen request); the run fails, a reader of any output table sees
 *       what README.md ("Commit and readers") allows and no more, and once the endpoint is back the
 *       next run recovers and a rerun gives the uninterrupted run's rows. This part runs the
 *       failing audit as its own local-mode driver JVM: the commit runs on the driver, so executors
 *       add nothing to it, and the driver's exit is what marks its lease dead.
 * </ul>
 */
class StandaloneClusterFaultTest {
  private static final String RUN = "k";

  /**
   * Embeddings and one detector on them, on a corpus big enough that the embedding stage has real
   * work; the other embedding detectors add minutes of Spark jobs and nothing to this test. KNN
   * outliers in quantile mode flag about 1 % of rows by construction, so the flags depend on every
   * vector and are never empty.
   */
  private static final Map<String, String> WITH_EMBEDDINGS =
      Map.of(
          "detectors.spectral-signatures.enabled", "false",
          "detectors.activation-clustering.enabled", "false",
          "detectors.label-disagreement.enabled", "false",
          "detectors.near-duplicates.enabled", "false",
          "detectors.campaign.enabled", "false",
          "detectors.trigger-tokens.enabled", "false",
          "detectors.knn-outliers.threshold-mode", "quantile",
          // The HTML report is a dozen Spark jobs that read the committed tables back.
          "report.enabled", "false",
          // One inference thread per one-core executor, as README advises; the same in both runs.
          "embed.threads-per-predictor", "1");

  private static final List<OutputTable> COMMIT_TABLES =
      List.of(
          OutputTable.FLAGS,
          OutputTable.VERDICTS,
          OutputTable.CURATED,
          OutputTable.LINEAGE,
          OutputTable.REJECTED);

  /** Delta rebuilds a table's state in 50 tasks by default, at each read and each commit. */
  private static final String DELTA_SNAPSHOT_PARTITIONS =
      "spark.databricks.delta.snapshotPartitions";

  /** A bucket no other test class uses: Hadoop caches one S3A file system per bucket per JVM. */
  private static final String BUCKET = "endpoint-faults";

  @TempDir static Path tmp;
  private static SparkSession local;
  private static S3ProxyServer s3;
  private static TcpForwarder endpoint;

  @AfterAll
  static void stopAll() {
    stopLocal();
    if (endpoint != null) {
      endpoint.close();
    }
    if (s3 != null) {
      s3.close();
    }
  }

  @Test
  void anExecutorKilledMidStageChangesNoOutputRow() throws Exception {
    String input = clusterCorpus();
    Path reference = tmp.resolve("cluster-reference");
    AuditFixture.auditWithModels(local(), input, reference, RUN, models());
    Map<String, List<String>> expected = tables(local(), reference);
    Assertions.assertTrue(
        expected.keySet().containsAll(List.of("flags", "verdicts", "embeddings", "curated")),
        "the reference run wrote its tables: " + expected.keySet());
    Assertions.assertTrue(
        expected.get("flags").stream().anyMatch(r -> r.contains("\"detector\":\"knn_outliers\"")),
        "KNN outliers flagged rows in the reference run");
    // One SparkContext per JVM: the cluster's driver takes the local session's place.
    stopLocal();

    try (StandaloneCluster cluster =
        StandaloneCluster.start(tmp.resolve("standalone"), 2, 1, "1g")) {
      SparkSession driver =
          session(
              cluster
                  .driverConf("768m")
                  // Both executors before the first job: the kill must leave one to carry on.
                  .set("spark.scheduler.minRegisteredResourcesRatio", "1.0")
                  .set("spark.scheduler.maxRegisteredResourcesWaitingTime", "120s"));
      ExecutorKiller killer = new ExecutorKiller(cluster);
      try {
        driver.sparkContext().addSparkListener(killer);
        Path out = tmp.resolve("cluster-out");
        AuditFixture.auditWithModels(driver, input, out, RUN, models());
        Assertions.assertNotNull(
            killer.killed,
            "an executor was killed in the embedding stage; stages seen: "
                + killer.stages
                + "\n"
                + cluster.log("master"));
        Assertions.assertTrue(
            killer.removed.contains(killer.killed),
            "the driver lost executor " + killer.killed + "; removed: " + killer.removed);
        Assertions.assertTrue(
            killer.lostTasks.contains(killer.stage + ":" + killer.killed),
            "a task of the embedding stage "
                + killer.stage
                + " failed with ExecutorLostFailure of executor "
                + killer.killed
                + ": "
                + killer.lostTasks);
        Map<String, List<String>> actual = tables(driver, out);
        Assertions.assertEquals(expected.keySet(), actual.keySet(), "the same tables");
        for (String t : expected.keySet()) {
          Assertions.assertEquals(expected.get(t), actual.get(t), t + ": the clean run's rows");
        }
      } finally {
        stop(driver);
      }
    }
  }

  /**
   * Stops the endpoint mid-commit: delta at the copy of run.json into place (the commit point;
   * every table still unpublished), parquet at the second table's move (the first one already whole
   * under the root, which README.md says a reader of that table sees until the next run).
   *
   * <p>The suite runs delta only, for time: to readers, parquet's outage leaves what a kill at
   * first-table leaves, which KilledCommitTest covers on S3, and its recovery is delta's. The
   * parquet row passes (about 100 s on a busy 2-core machine): add {@code "parquet, second table"}.
   */
  @ParameterizedTest(name = "{0}: S3 endpoint stopped at {1}")
  @CsvSource({"delta, run.json"})
  void anS3EndpointStoppedDuringTheCommitLeavesNothingCommitted(String format, String at)
      throws Exception {
    String input = commitCorpus();
    String root = "s3a://" + BUCKET + "/" + format;
    Map<String, String> settings = new LinkedHashMap<>(AuditFixture.ONLY_INTEGRITY);
    settings.put("output.format", format);
    settings.put("output.root", root);
    Map<OutputTable, List<String>> expected = new LinkedHashMap<>();
    Path reference = tmp.resolve("s3-reference-" + format);
    Map<String, String> referenceSettings = new LinkedHashMap<>(settings);
    referenceSettings.remove("output.root");
    AuditFixture.audit(local(), input, reference, RUN, referenceSettings);
    for (OutputTable t : COMMIT_TABLES) {
      expected.put(t, rows(reference.toUri().toString(), t, format, RUN));
      Assertions.assertFalse(expected.get(t).isEmpty(), "the reference run wrote " + t.dir());
    }

    TcpForwarder s3 = endpoint();
    // Request lines name keys (path-style: /bucket/key). The hidden name run.json is first copied
    // to marks the commit point. A table's move is a copy per file (PUT), its key's '=' percent-
    // encoded; the method keeps run.json's body, which names the tables' paths, from matching.
    String verdicts = "PUT /" + BUCKET + "/parquet/verdicts/run_id";
    int trips = s3.trips();
    if (format.equals("delta")) {
      s3.stopWhenClientSends("._run.json");
    } else {
      s3.stopWhenClientSends(verdicts + "%3D" + RUN + "/part-", verdicts + "=" + RUN + "/part-");
    }
    Path log = tmp.resolve("child-" + format + ".log");
    Process child = startChild(input, settings, log);
    try {
      // Only a guard against a hung child; a busy machine is slow, not wrong.
      Assertions.assertTrue(child.waitFor(10, TimeUnit.MINUTES), "the child finished");
    } finally {
      child.destroyForcibly();
    }
    String childLog = Files.readString(log);
    Assertions.assertEquals(
        trips + 1, s3.trips(), "the endpoint stopped during the commit:\n" + childLog);
    Assertions.assertEquals(1, child.exitValue(), "the audit failed:\n" + childLog);
    Assertions.assertTrue(
        childLog.contains("commit of run " + RUN + " failed and could not be rolled back"),
        "it failed in its commit, and says its rollback failed too:\n" + childLog);
    s3.restart();

    // What a reader sees once the endpoint is back: no run.json, no row of the failed run, except
    // parquet's first table, moved whole before the outage.
    Assertions.assertFalse(exists(root + "/runs/run_id=" + RUN + "/run.json"), "not committed");
    for (OutputTable t : COMMIT_TABLES) {
      boolean movedBefore = format.equals("parquet") && t == OutputTable.FLAGS;
      Assertions.assertEquals(
          movedBefore ? expected.get(t) : List.of(),
          rows(root, t, format, RUN),
          t.dir() + " after the outage");
    }

    // The next run, with another id, rolls the failed commit back.
    AuditFixture.audit(local(), input, null, "next", settings);
    Assertions.assertTrue(exists(root + "/runs/run_id=next/run.json"));
    for (OutputTable t : COMMIT_TABLES) {
      Assertions.assertEquals(List.of(), rows(root, t, format, RUN), t.dir() + " rolled back");
    }
    Assertions.assertFalse(exists(root + "/runs/run_id=" + RUN), "nothing of the run under runs/");
    String staging = "s3a://" + BUCKET + "/.antidote-staging/" + format;
    Assertions.assertFalse(exists(staging), "no staging left: " + staging);

    // A rerun of the failed id gives the uninterrupted run's rows.
    AuditFixture.audit(local(), input, null, RUN, settings);
    for (OutputTable t : COMMIT_TABLES) {
      Assertions.assertEquals(expected.get(t), rows(root, t, format, RUN), t.dir() + " rerun");
    }
    Assertions.assertFalse(exists(staging), "no staging left after the rerun");
  }

  /**
   * Kills the executor running the first task of the embedding stage as soon as the driver hears
   * the task started. An executor's first embedding task loads the model before any row, so the
   * kill lands mid-task; the test asserts that task was lost with its executor.
   */
  private static final class ExecutorKiller extends SparkListener {
    private final StandaloneCluster cluster;
    final List<String> stages = new CopyOnWriteArrayList<>();
    final Set<String> removed = ConcurrentHashMap.newKeySet();
    final List<String> lostTasks = new CopyOnWriteArrayList<>();
    volatile Integer stage;
    volatile String killed;

    ExecutorKiller(StandaloneCluster cluster) {
      this.cluster = cluster;
    }

    @Override
    public void onStageSubmitted(SparkListenerStageSubmitted e) {
      StageInfo info = e.stageInfo();
      List<String> scopes = new ArrayList<>();
      for (RDDInfo r : JavaConverters.seqAsJavaList(info.rddInfos())) {
        if (r.scope().isDefined()) {
          scopes.add(r.scope().get().name());
        }
      }
      stages.add(info.stageId() + " " + info.name() + " " + scopes);
      // The model runs in the plan's MapPartitions node, in the job EmbeddingStage.embed starts.
      if (stage == null
          && info.details().contains("EmbeddingStage.embed")
          && scopes.contains("MapPartitions")) {
        stage = info.stageId();
      }
    }

    @Override
    public void onTaskStart(SparkListenerTaskStart e) {
      if (killed == null && stage != null && e.stageId() == stage) {
        String id = e.taskInfo().executorId();
        Optional<ProcessHandle> p = cluster.executor(id);
        if (p.isPresent()) {
          killed = id;
          p.get().destroyForcibly();
        }
      }
    }

    @Override
    public void onExecutorRemoved(SparkListenerExecutorRemoved e) {
      removed.add(e.executorId());
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd e) {
      if (e.reason() instanceof ExecutorLostFailure lost) {
        lostTasks.add(e.stageId() + ":" + lost.execId());
      }
    }
  }

  /** Every table under {@code root} but runs/, each as its rows in JSON, sorted. */
  private static Map<String, List<String>> tables(SparkSession spark, Path root)
      throws IOException {
    Map<String, List<String>> out = new TreeMap<>();
    try (var dirs = Files.list(root)) {
      for (Path d : dirs.filter(Files::isDirectory).toList()) {
        String name = d.getFileName().toString();
        if (name.equals(OutputTable.RUNS.dir())) {
          continue;
        }
        Dataset<Row> rows = spark.read().parquet(d.toUri().toString());
        out.put(name, rows.toJSON().collectAsList().stream().sorted().toList());
      }
    }
    return out;
  }

  /** The rows of run {@code runId} a reader of the whole table sees, sorted, as JSON. */
  private static List<String> rows(String root, OutputTable table, String format, String runId) {
    String path = root + "/" + table.dir();
    try {
      FileSystem fs = fs(path);
      org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(path);
      boolean delta = format.equals("delta");
      if (!fs.exists(delta ? new org.apache.hadoop.fs.Path(p, "_delta_log") : p)
          || !delta && !hasDataFile(fs, p)) {
        return List.of();
      }
      Dataset<Row> all =
          delta ? local().read().format("delta").load(path) : local().read().parquet(path);
      return all.where(all.col("run_id").equalTo(runId)).toJSON().collectAsList().stream()
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Parquet cannot read a table folder holding only S3A's directory markers. */
  private static boolean hasDataFile(FileSystem fs, org.apache.hadoop.fs.Path p)
      throws IOException {
    var files = fs.listFiles(p, true);
    while (files.hasNext()) {
      if (files.next().getPath().getName().endsWith(".parquet")) {
        return true;
      }
    }
    return false;
  }

  private static boolean exists(String path) throws IOException {
    return fs(path).exists(new org.apache.hadoop.fs.Path(path));
  }

  private static FileSystem fs(String path) throws IOException {
    return new org.apache.hadoop.fs.Path(path)
        .getFileSystem(local().sparkContext().hadoopConfiguration());
  }

  private static Map<String, String> models() {
    Map<String, String> m = new LinkedHashMap<>(WITH_EMBEDDINGS);
    m.put("embed.cache-dir", tmp.resolve("models").toString());
    return m;
  }

  /**
   * 200 clean captions (real sentences, three labels), a caption whose recorded hash does not match
   * and an exact duplicate, in two files.
   */
  private static String clusterCorpus() {
    LaionRows rows = new LaionRows().clean(200).hashMismatch();
    Row first = rows.rows().get(0);
    rows.text(
        "copy-of-clean-000",
        "https://mirror.example.net/0",
        first.getString(2),
        "topic1",
        "2023-02-01T00:00:00Z");
    return rows.write(local(), tmp.resolve("cluster-corpus"), 2);
  }

  /** As KilledCommitTest's: clean rows, one hash mismatch (a flag, a verdict), one rejected row. */
  private static String commitCorpus() {
    Path dir = tmp.resolve("commit-corpus");
    if (Files.isDirectory(dir)) {
      return dir.toUri().toString();
    }
    return AuditFixture.commitCorpus(local(), dir);
  }

  /** S3Proxy behind the forwarder; this JVM's S3A goes through the forwarder too. */
  private static TcpForwarder endpoint() throws Exception {
    if (endpoint == null) {
      s3 = S3ProxyServer.start(Files.createDirectories(tmp.resolve("s3")), List.of(BUCKET));
      endpoint = TcpForwarder.start(Integer.parseInt(s3.endpoint().replaceAll(".*:", "")));
      s3Settings().forEach(local().sparkContext().hadoopConfiguration()::set);
    }
    return endpoint;
  }

  /** S3A through the forwarder, failing within seconds when it is stopped. */
  private static Map<String, String> s3Settings() {
    Map<String, String> m = new TreeMap<>(s3.settings());
    m.put("fs.s3a.endpoint", "http://127.0.0.1:" + endpoint.port());
    m.put("fs.s3a.attempts.maximum", "1");
    m.put("fs.s3a.retry.limit", "1");
    m.put("fs.s3a.retry.interval", "100ms");
    m.put("fs.s3a.retry.throttle.limit", "1");
    m.put("fs.s3a.connection.establish.timeout", "2000");
    m.put("fs.s3a.connection.timeout", "10000");
    return m;
  }

  private static Process startChild(String in, Map<String, String> settings, Path log)
      throws IOException {
    Map<String, String> child = new LinkedHashMap<>(settings);
    child.put(DELTA_SNAPSHOT_PARTITIONS, "2");
    s3Settings().forEach((k, v) -> child.put("spark.hadoop." + k, v));
    return AuditChild.start(ExitingAuditChild.class, List.of(), RUN, in, child, log);
  }

  /**
   * {@link AuditChild} exiting 1 when the audit fails, as a driver does: Spark's threads would
   * otherwise keep the JVM, and the lease it holds, alive.
   */
  public static final class ExitingAuditChild {
    private ExitingAuditChild() {}

    public static void main(String[] args) {
      int status = 0;
      try {
        AuditChild.main(args);
      } catch (Throwable t) {
        t.printStackTrace();
        status = 1;
      }
      System.exit(status);
    }
  }

  private static SparkSession local() {
    if (local == null) {
      local =
          session(
              new SparkConf()
                  .setMaster("local[2]")
                  .set("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
                  .set(
                      "spark.sql.catalog.spark_catalog",
                      "org.apache.spark.sql.delta.catalog.DeltaCatalog")
                  .set(DELTA_SNAPSHOT_PARTITIONS, "2"));
      if (endpoint != null) {
        s3Settings().forEach(local.sparkContext().hadoopConfiguration()::set);
      }
    }
    return local;
  }

  /** The settings both the local and the cluster sessions share, so their outputs can be equal. */
  private static SparkSession session(SparkConf conf) {
    conf.setAppName(StandaloneClusterFaultTest.class.getSimpleName())
        .set("spark.ui.enabled", "false")
        .set("spark.sql.shuffle.partitions", "2")
        .set("spark.default.parallelism", "2")
        .setIfMissing("spark.driver.host", "127.0.0.1")
        .setIfMissing("spark.driver.bindAddress", "127.0.0.1");
    return SparkSession.builder().config(SparkTestBase.withJobDefaults(conf)).getOrCreate();
  }

  private static void stopLocal() {
    if (local != null) {
      stop(local);
      local = null;
    }
  }

  private static void stop(SparkSession spark) {
    spark.stop();
    SparkSession.clearActiveSession();
    SparkSession.clearDefaultSession();
  }
}
