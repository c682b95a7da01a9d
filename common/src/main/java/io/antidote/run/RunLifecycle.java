package io.antidote.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.antidote.config.OutputSettings;
import io.antidote.corpus.CorpusReader;
import io.antidote.corpus.InputFile;
import io.antidote.manifest.RunFiles;
import io.antidote.manifest.ShardManifest;
import io.antidote.manifest.ShardManifests;
import io.antidote.output.InputChecksums;
import io.antidote.output.OutputTable;
import io.antidote.output.RunCommitter;
import java.security.PrivateKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.spark.SparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * One run of a command ({@code audit}, {@code embed}) from begin to commit or abort, shared by
 * every command (docs/architecture.md, "The run lifecycle"): begin (or skip a committed run),
 * stages logged with their wall time, tables staged under the run, one run.json shape, an atomic
 * commit, and on any failure an abort that leaves the output root as it was and a failure explained
 * in terms of the input files.
 */
public final class RunLifecycle {
  public static final String VERSION = "0.1.0";
  private static final String OUTPUT_TIMESTAMP_TYPE = "spark.sql.parquet.outputTimestampType";

  private final String command;
  private final SparkSession spark;
  private final OutputSettings output;
  private final RunCommitter committer;
  private final StageLog stages;
  private final Instant started = Instant.now();
  private final List<InputFile> inputs = new ArrayList<>();
  private final Map<String, String> knownSha256 = new HashMap<>();
  private PrivateKey outputsKey;
  private Map<String, String> committedOutputs;

  private RunLifecycle(
      String command,
      SparkSession spark,
      OutputSettings output,
      RunCommitter committer,
      List<String> plan) {
    this.command = command;
    this.spark = spark;
    this.output = output;
    this.committer = committer;
    this.stages = new StageLog(plan);
  }

  /**
   * Begins run {@code runId} of {@code command}, whose stages are {@code plan}; empty when the run
   * is already committed and {@code output.if-exists} is skip.
   */
  public static Optional<RunLifecycle> begin(
      String command, SparkSession spark, OutputSettings output, String runId, List<String> plan) {
    // Parquet files keep timestamps as the input had them (TIMESTAMP_MICROS), not Spark's legacy
    // INT96; a value set by spark-submit or the configuration wins.
    if (!spark.conf().contains(OUTPUT_TIMESTAMP_TYPE)) {
      spark.conf().set(OUTPUT_TIMESTAMP_TYPE, "TIMESTAMP_MICROS");
    }
    return RunCommitter.begin(spark, output, runId)
        .map(c -> new RunLifecycle(command, spark, output, c, plan));
  }

  public String runId() {
    return committer.runId();
  }

  /** Where tables are staged; commit moves them into place. */
  public RunCommitter committer() {
    return committer;
  }

  /** Runs one stage of the plan, logging its start, end and wall time. */
  public <T> T stage(String name, Supplier<T> body) {
    return stages.run(name, body);
  }

  /** Records the input files read, for run.json and for explaining a failure. */
  public void readFrom(List<InputFile> files) {
    inputs.addAll(files);
  }

  /**
   * SHA-256 digests of input files (by path) this run already computed, so run.json does not read
   * the files again for its checksums.
   */
  public void hashedInputs(Map<String, String> sha256ByPath) {
    knownSha256.putAll(sha256ByPath);
  }

  /**
   * Signs the run's outputs at commit: a shard manifest of every staged file (run.json included) is
   * written beside run.json as {@link RunFiles#MANIFEST}, so {@code antidote verify} can check the
   * committed run later.
   */
  public void signOutputsWith(PrivateKey key) {
    this.outputsKey = key;
  }

  /** Each stage's wall time so far, in milliseconds. */
  public Map<String, Long> timings() {
    return stages.millis();
  }

  /**
   * The committed path of every table this run staged (and runs/, which every run has); after the
   * commit, the tables it moved into place.
   */
  public Map<String, String> outputs() {
    if (committedOutputs != null) {
      return new LinkedHashMap<>(committedOutputs);
    }
    Map<String, String> paths = new LinkedHashMap<>();
    for (OutputTable t : OutputTable.values()) {
      if (t == OutputTable.RUNS || committer.isStaged(t)) {
        paths.put(t.dir(), committer.finalPath(t).toString());
      }
    }
    return paths;
  }

  /**
   * Writes run.json (one shape for every command: the run's identity, versions, inputs, then {@code
   * body}, timings, outputs and the effective configuration) and commits the run. Returns the
   * run.json text.
   */
  public String commit(Map<String, Object> body, String configJson) {
    return commit(body, configJson, json -> {});
  }

  /**
   * As {@link #commit(Map, String)}, calling {@code besideRunJson} with the run.json text once it
   * is staged and before the commit, to stage files made from it (the report) in the same commit.
   */
  public String commit(
      Map<String, Object> body, String configJson, Consumer<String> besideRunJson) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("run_id", committer.runId());
    doc.put("command", command);
    doc.put("status", "committed");
    doc.put("started_at", started.toString());
    doc.put("finished_at", Instant.now().toString());
    SparkContext sc = spark.sparkContext();
    doc.put(
        "versions",
        Map.of(
            "antidote", VERSION,
            "spark", spark.version(),
            "java", System.getProperty("java.version")));
    doc.put("spark", Map.of("master", sc.master(), "application_id", sc.applicationId()));
    doc.put("inputs", inputsDocument());
    doc.putAll(body);
    doc.put("timings_ms", timings());
    Map<String, String> outputs = outputs();
    doc.put("outputs", outputs);
    String json;
    try {
      // One naming for every key: records (the counts) in snake_case like the maps beside them.
      ObjectMapper mapper =
          new ObjectMapper()
              .enable(SerializationFeature.INDENT_OUTPUT)
              .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
      com.fasterxml.jackson.databind.JsonNode config = mapper.readTree(configJson);
      if (config.get("run") instanceof com.fasterxml.jackson.databind.node.ObjectNode run) {
        // A generated id is recorded as the id it became, not as the empty setting.
        run.put("id", committer.runId());
      }
      doc.put("config", config);
      json = mapper.writeValueAsString(doc);
    } catch (Exception e) {
      throw new IllegalStateException("cannot render run.json: " + e.getMessage(), e);
    }
    committer.stageRunFile(RunCommitter.RUN_JSON, json);
    besideRunJson.accept(json);
    // Signed last: the manifest covers every staged file, run.json and the report included.
    if (outputsKey != null) {
      ShardManifest staged =
          ShardManifests.ofRun(spark, committer.stagingRoot(), committer.runId());
      committer.stageRunFile(RunFiles.MANIFEST, ShardManifests.sign(staged, outputsKey));
    }
    committer.commit();
    committedOutputs = outputs;
    return json;
  }

  private List<Map<String, Object>> inputsDocument() {
    List<Map<String, Object>> list = new ArrayList<>();
    for (InputFile f : inputs) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("path", f.path());
      m.put("length", f.length());
      m.put("modification_time", Instant.ofEpochMilli(f.modificationTime()).toString());
      m.put(
          "checksum",
          InputChecksums.of(
              f,
              output,
              spark.sparkContext().hadoopConfiguration(),
              Optional.ofNullable(knownSha256.get(f.path()))));
      list.add(m);
    }
    return list;
  }

  /**
   * Aborts the run (its staged tables are removed; the output root is as it was) and returns the
   * failure explained in terms of the input files where it came from reading them.
   */
  public RuntimeException failed(Exception e) {
    committer.abort();
    return CorpusReader.explainReadFailure(e, inputs, spark.sparkContext().hadoopConfiguration());
  }
}
