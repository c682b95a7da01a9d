package io.antidote.testing;

import io.antidote.audit.AuditPipeline;
import io.antidote.config.AntidoteConfig;
import io.antidote.config.AuditSettings;
import io.antidote.config.SparkSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * An audit in a JVM of its own, for tests that kill it: {@code AuditChild RUN_ID KEY=VALUE...},
 * each pair an antidote setting ({@code output.root=...}) or, prefixed {@code spark.}, a Spark one.
 * The session is built as the audit job builds it (Delta's extension and catalog only for the delta
 * format); exits 0 once the run is committed.
 */
public final class AuditChild {
  private AuditChild() {}

  /**
   * Starts {@code main} (this class, or a main that calls it) in a JVM of its own with this JVM's
   * classpath and module openings: {@code main RUN_ID input.paths=[INPUT] KEY=VALUE...}, its output
   * to {@code log}. {@code jvmOptions} go ahead of the classpath ({@code -Dkey=value}).
   */
  public static Process start(
      Class<?> main,
      List<String> jvmOptions,
      String runId,
      String input,
      Map<String, String> settings,
      Path log)
      throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(StandaloneCluster.moduleOpenings());
    cmd.add("-Xmx768m");
    // A driver that lives seconds on a tiny corpus: the client compiler alone and a serial
    // collector start it faster on a busy machine than the optimizing compiler pays back.
    cmd.add("-XX:TieredStopAtLevel=1");
    cmd.add("-XX:+UseSerialGC");
    cmd.addAll(jvmOptions);
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(main.getName());
    cmd.add(runId);
    cmd.add("input.paths=[\"" + input + "\"]");
    settings.forEach((k, v) -> cmd.add(k + "=" + v));
    return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  public static void main(String[] args) {
    Map<String, String> settings = new LinkedHashMap<>();
    SparkSession.Builder builder =
        SparkSession.builder()
            .master("local[1]")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.shuffle.partitions", "2")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.driver.bindAddress", "127.0.0.1");
    SparkSettings.defaults().conf().forEach(builder::config);
    for (String a : List.of(args).subList(1, args.length)) {
      int eq = a.indexOf('=');
      String key = a.substring(0, eq);
      if (key.startsWith("spark.")) {
        builder.config(key, a.substring(eq + 1));
      } else {
        settings.put(key, a.substring(eq + 1));
      }
    }
    AuditSettings parsed = AuditSettings.fromConfig(AntidoteConfig.load(List.of(), settings));
    if (parsed.output().format() == io.antidote.config.OutputSettings.Format.DELTA) {
      builder
          .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
          .config(
              "spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog");
    }
    SparkSession spark = builder.getOrCreate();
    new AuditPipeline(spark, parsed).run(args[0]);
    spark.stop();
  }
}
