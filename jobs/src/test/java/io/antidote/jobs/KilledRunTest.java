package io.antidote.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.antidote.demo.DemoCorpus;
import io.antidote.testing.SparkTestBase;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The atomic-commit rule under a real kill: an audit in a child JVM is stopped at a known point,
 * with every table and run.json staged and the commit not yet begun ({@link
 * PauseBeforeRootFileSystem} blocks the first write under the output root), then killed with
 * SIGKILL; nothing appears under the output root, and a rerun of the same run id succeeds.
 */
class KilledRunTest extends SparkTestBase {
  @TempDir Path tmp;

  @Test
  void aKilledAuditLeavesNothingUnderTheOutputRoot() throws Exception {
    DemoCorpus demo = DemoCorpus.extract(tmp.resolve("demo"));
    Path root = tmp.resolve("out");
    Path staging = tmp.resolve(".antidote-staging").resolve("out");
    Path marker = tmp.resolve("paused");
    // A core-site.xml ahead of the test classpath: every Hadoop configuration in the child uses the
    // pausing file system for file: paths.
    Path childConf = Files.createDirectories(tmp.resolve("child-conf"));
    Configuration hadoop = new Configuration(false);
    hadoop.set("fs.file.impl", PauseBeforeRootFileSystem.class.getName());
    try (OutputStream out = Files.newOutputStream(childConf.resolve("core-site.xml"))) {
      hadoop.writeXml(out);
    }
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(
        shippedJvmOptions().stream().filter(l -> !l.startsWith("#") && !l.isBlank()).toList());
    cmd.addAll(
        List.of(
            "-Xmx1g",
            "-D" + PauseBeforeRootFileSystem.ROOT + "=" + root.toAbsolutePath(),
            "-D" + PauseBeforeRootFileSystem.MARKER + "=" + marker.toAbsolutePath(),
            "-cp",
            childConf + File.pathSeparator + System.getProperty("java.class.path"),
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
    Path log = tmp.resolve("child.log");
    Process child =
        new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try {
      // The child blocks for good once it has written the marker, so this state is stable: no race
      // between seeing it and the kill.
      // The deadline only guards against a hung child; a slow one (a busy machine) still passes.
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
      while (!Files.exists(marker) && child.isAlive() && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      Assertions.assertTrue(
          Files.exists(marker),
          "the child paused before its first write under the output root; log:\n"
              + Files.readString(log));
      Assertions.assertTrue(child.isAlive(), "the paused child is still running");
      // Paused at the start of the commit: everything staged, nothing under the root yet.
      Path attempt = stagedAttempt(staging);
      Assertions.assertTrue(
          Files.isDirectory(attempt.resolve("flags").resolve("run_id=killed")),
          "flags staged under " + attempt);
      Assertions.assertTrue(
          Files.isRegularFile(attempt.resolve("runs").resolve("run_id=killed").resolve("run.json")),
          "run.json staged under " + attempt);
      assertFalse(Files.exists(root), "nothing under the output root before the commit");
    } finally {
      child.destroyForcibly();
      Assertions.assertTrue(child.waitFor(1, TimeUnit.MINUTES), "the killed child exited");
    }
    assertEquals(128 + 9, child.exitValue(), "the child died of SIGKILL");
    // After the kill: the root still absent, the attempt's staging folder left behind.
    assertFalse(Files.exists(root), "nothing under the output root after SIGKILL");
    stagedAttempt(staging);

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    // The killed audit's settings again: a rerun of that run, not one that also loads and runs the
    // embedding model (a minute or more of this test, and nothing the commit depends on).
    ExitCode code =
        Antidote.run(
            new String[] {
              "audit",
              "--input",
              demo.corpusDir().toString(),
              "--output",
              root.toString(),
              "--run-id",
              "killed",
              "--conf",
              "embed.enabled=false"
            },
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    assertEquals(ExitCode.OK, code);
    Assertions.assertTrue(Files.exists(root.resolve("runs/run_id=killed/run.json")));
    assertFalse(Files.exists(staging), "the killed attempt's staging folder was removed");
  }

  /** conf/jvm-options, from the test classpath (the pom copies the repository's conf/ there). */
  private static List<String> shippedJvmOptions() throws Exception {
    try (InputStream in = KilledRunTest.class.getResourceAsStream("/conf/jvm-options")) {
      Assertions.assertNotNull(in, "conf/jvm-options is on the test classpath");
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    }
  }

  /** The one staging folder of the killed attempt. */
  private static Path stagedAttempt(Path staging) throws Exception {
    try (Stream<Path> runs = Files.list(staging)) {
      List<Path> attempts =
          runs.filter(r -> r.getFileName().toString().startsWith("run_id=killed-")).toList();
      assertEquals(1, attempts.size(), "one staged attempt under " + staging + ": " + attempts);
      return attempts.get(0);
    }
  }
}
