package io.antidote.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.antidote.demo.DemoCorpus;
import io.antidote.testing.SparkTestBase;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The atomic-commit rule under a real kill: an audit in a child JVM is killed with SIGKILL once it
 * has staged data; nothing appears under the output root, and a rerun of the same run id succeeds.
 */
class KilledRunTest extends SparkTestBase {
  @TempDir Path tmp;

  @Test
  void aKilledAuditLeavesNothingUnderTheOutputRoot() throws Exception {
    DemoCorpus demo = DemoCorpus.extract(tmp.resolve("demo"));
    Path root = tmp.resolve("out");
    Path staging = tmp.resolve(".antidote-staging").resolve("out");
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(
        Files.readAllLines(Path.of("../conf/jvm-options")).stream()
            .filter(l -> !l.startsWith("#") && !l.isBlank())
            .toList());
    cmd.addAll(
        List.of(
            "-Xmx1g",
            "-cp",
            System.getProperty("java.class.path"),
            Antidote.class.getName(),
            "audit",
            "--input",
            demo.corpusDir().toString(),
            "--output",
            root.toString(),
            "--run-id",
            "killed",
            "--conf",
            "spark.master=local[1]",
            "--conf",
            "embed.enabled=false"));
    Process child =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(tmp.resolve("child.log").toFile())
            .start();
    long deadline = System.currentTimeMillis() + 180_000;
    boolean staged = false;
    while (System.currentTimeMillis() < deadline && child.isAlive() && !staged) {
      staged = hasStagedFlags(staging);
      Thread.sleep(20);
    }
    Assertions.assertTrue(
        staged,
        "the child staged the flag table before it was killed; log:\n"
            + Files.readString(tmp.resolve("child.log")));
    child.destroyForcibly().waitFor();
    assertFalse(Files.exists(root), "nothing under the output root after SIGKILL");

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ExitCode code =
        Antidote.run(
            new String[] {
              "audit",
              "--input",
              demo.corpusDir().toString(),
              "--output",
              root.toString(),
              "--run-id",
              "killed"
            },
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    assertEquals(ExitCode.OK, code);
    Assertions.assertTrue(Files.exists(root.resolve("runs/run_id=killed/run.json")));
    assertFalse(Files.exists(staging), "the killed attempt's staging folder was removed");
  }

  private static boolean hasStagedFlags(Path staging) throws Exception {
    if (!Files.isDirectory(staging)) {
      return false;
    }
    try (Stream<Path> runs = Files.list(staging)) {
      return runs.anyMatch(r -> Files.isDirectory(r.resolve("flags")));
    }
  }
}
