package io.antidote.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.antidote.demo.DemoCorpus;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a user sees on stderr at the shipped log configuration ({@code conf/log4j2.properties}): an
 * audit that embeds with DJL on a CPU-only machine and runs the BLAS-backed KNN join prints
 * Antidote's progress and no hardware-probing warnings (DJL's CUDA probes, ONNX Runtime's CUDA
 * provider, netlib's per-implementation load failures), but does say once which device and which
 * BLAS it uses. Runs in a child JVM so the shipped configuration, not the test one, is in force.
 */
class QuietLogTest {
  @TempDir Path tmp;

  private static final Pattern NOISE =
      Pattern.compile(
          "CudaUtils|OrtEngine|CUDA|JNIBLAS|JNILAPACK|InstanceBuilder|SimpleRepository|SparkUI");

  @Test
  void anAuditThatEmbedsPrintsNoHardwareProbingNoise() throws Exception {
    DemoCorpus demo = DemoCorpus.extract(tmp.resolve("demo"));
    URL log4j = QuietLogTest.class.getResource("/conf/log4j2.properties");
    assertNotNull(log4j, "conf/log4j2.properties is on the test classpath");
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(shippedJvmOptions());
    cmd.addAll(
        List.of(
            "-Xmx1g",
            "-Dlog4j.configurationFile=" + Path.of(log4j.toURI()),
            "-cp",
            System.getProperty("java.class.path"),
            Antidote.class.getName(),
            "audit",
            "--input",
            demo.corpusDir().toString(),
            "--output",
            tmp.resolve("out").toString(),
            "--conf",
            "spark.master=local[1]"));
    for (String off :
        List.of(
            "integrity",
            "provenance",
            "exact-duplicates",
            "spectral-signatures",
            "activation-clustering",
            "label-disagreement",
            "trigger-tokens")) {
      cmd.addAll(List.of("--conf", "detectors." + off + ".enabled=false"));
    }
    Path stderr = tmp.resolve("stderr.log");
    Path stdout = tmp.resolve("stdout.log");
    Process child =
        new ProcessBuilder(cmd)
            .redirectOutput(stdout.toFile())
            .redirectError(stderr.toFile())
            .start();
    // Only a guard against a hung child; a slow machine still passes.
    assertTrue(child.waitFor(15, TimeUnit.MINUTES), "the audit finished");
    String err = Files.readString(stderr, StandardCharsets.UTF_8);
    assertEquals(0, child.exitValue(), "the audit succeeded; stderr:\n" + err);
    assertTrue(Files.readString(stdout).contains("knn_outliers"), "knn_outliers ran: " + stdout);

    // Antidote's own INFO lines name the BLAS (JNIBLAS) and device; anything else naming them is
    // a library's warning.
    List<String> noisy =
        err.lines().filter(l -> NOISE.matcher(l).find() && !l.contains(" INFO  ")).toList();
    assertEquals(List.of(), noisy, "hardware-probing noise on stderr");
    assertEquals(
        1,
        err.lines().filter(l -> l.contains("linear algebra on the driver: BLAS")).count(),
        "the BLAS in use is named once:\n" + err);
    assertTrue(
        err.lines().anyMatch(l -> l.contains("text embedding model loaded on device cpu()")),
        "the embedding device is named:\n" + err);
  }

  /** conf/jvm-options, from the test classpath (the pom copies the repository's conf/ there). */
  private static List<String> shippedJvmOptions() throws Exception {
    try (InputStream in = QuietLogTest.class.getResourceAsStream("/conf/jvm-options")) {
      assertNotNull(in, "conf/jvm-options is on the test classpath");
      return new String(in.readAllBytes(), StandardCharsets.UTF_8)
          .lines()
          .filter(l -> !l.startsWith("#") && !l.isBlank())
          .toList();
    }
  }
}
