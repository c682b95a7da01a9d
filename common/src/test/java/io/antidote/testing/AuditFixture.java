package io.antidote.testing;

import io.antidote.audit.AuditPipeline;
import io.antidote.audit.AuditResult;
import io.antidote.config.AntidoteConfig;
import io.antidote.config.AuditSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;

/** Runs audits in tests with settings given as config overrides. */
public final class AuditFixture {
  private AuditFixture() {}

  /**
   * One cheap detector (integrity), no embeddings and no HTML report: for tests about the commit,
   * where each run costs seconds and the other detectors flag nothing in {@link #commitCorpus}.
   */
  public static final Map<String, String> ONLY_INTEGRITY =
      Map.of(
          "embed.enabled", "false",
          "detectors.exact-duplicates.enabled", "false",
          "detectors.near-duplicates.enabled", "false",
          "detectors.campaign.enabled", "false",
          "detectors.trigger-tokens.enabled", "false",
          "report.enabled", "false");

  /**
   * A tiny corpus for tests of the commit, in two files under {@code dir}: twelve clean rows, one
   * hash mismatch (a flag and a verdict) and one row without an id (rejected), so every table the
   * commit publishes gets rows. Returns the folder's URI.
   */
  public static String commitCorpus(SparkSession spark, Path dir) {
    return new LaionRows().clean(12).hashMismatch().withoutId().write(spark, dir, 2);
  }

  public static AuditSettings settings(String input, Path output, Map<String, String> extra) {
    Map<String, String> o = new LinkedHashMap<>();
    o.put("input.paths", "[\"" + input + "\"]");
    if (output != null) {
      o.put("output.root", output.toUri().toString());
    }
    o.putAll(extra);
    return AuditSettings.fromConfig(AntidoteConfig.load(List.of(), o));
  }

  /**
   * An audit with the model-free detectors only (embedding off unless {@code extra} sets {@code
   * embed.enabled}): most tests are about the run, not the models.
   */
  public static AuditResult audit(
      SparkSession spark, String input, Path output, String runId, Map<String, String> extra) {
    Map<String, String> o = new LinkedHashMap<>();
    o.put("embed.enabled", "false");
    o.putAll(extra);
    return new AuditPipeline(spark, settings(input, output, o)).run(runId);
  }

  /** An audit with every detector as reference.conf and {@code extra} configure them. */
  public static AuditResult auditWithModels(
      SparkSession spark, String input, Path output, String runId, Map<String, String> extra) {
    return new AuditPipeline(spark, settings(input, output, extra)).run(runId);
  }

  /**
   * Every file and folder under {@code dir}, relative, for assertions that nothing was left behind.
   */
  public static List<String> tree(Path dir) throws Exception {
    if (!Files.exists(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(p -> !p.equals(dir)).map(p -> dir.relativize(p).toString()).sorted().toList();
    }
  }
}
