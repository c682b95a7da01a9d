package io.antidote.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.antidote.testing.LaionRows;
import io.antidote.testing.SparkTestBase;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code embed} command on its own, and an audit after it reusing its vectors. */
class EmbedCommandTest extends SparkTestBase {
  @TempDir Path tmp;

  private ExitCode run(String... args) {
    return Antidote.run(
        args,
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
  }

  /** run.json's embed section is keyed by model id; the bundled model's is its file name. */
  private static final String MODEL = "all-minilm-l6-v2";

  @Test
  void embedsOnceThenReusesAcrossRunsAndTheAudit() throws Exception {
    Path in = tmp.resolve("in");
    new LaionRows().clean(12).write(spark(), in, 1);
    Path root = tmp.resolve("out");
    assertEquals(
        ExitCode.OK,
        run("embed", "--input", in.toString(), "--output", root.toString(), "--run-id", "e1"));
    JsonNode first = new ObjectMapper().readTree(root.resolve("runs/run_id=e1/run.json").toFile());
    assertEquals(12, first.get("embed").get(MODEL).get("embedded").asLong());
    assertEquals(12, spark().read().parquet(root.resolve("embeddings").toString()).count());

    assertEquals(
        ExitCode.OK,
        run("embed", "--input", in.toString(), "--output", root.toString(), "--run-id", "e2"));
    JsonNode second = new ObjectMapper().readTree(root.resolve("runs/run_id=e2/run.json").toFile());
    assertEquals(
        0,
        second.get("embed").get(MODEL).get("embedded").asLong(),
        "unchanged input embeds nothing");
    assertEquals(12, second.get("embed").get(MODEL).get("unchanged").asLong());

    // The audit reuses the committed vectors and still runs the embedding detectors on all rows.
    assertEquals(
        ExitCode.OK,
        run(
            "audit",
            "--input",
            in.toString(),
            "--output",
            root.toString(),
            "--run-id",
            "a1",
            "--conf",
            "detectors.spectral-signatures.min-group-size=3"));
    JsonNode audit = new ObjectMapper().readTree(root.resolve("runs/run_id=a1/run.json").toFile());
    assertEquals(0, audit.get("embed").get(MODEL).get("embedded").asLong());
    Assertions.assertTrue(
        audit.get("detector_reports").has("spectral_signatures"),
        audit.get("detector_reports").toString());
  }
}
