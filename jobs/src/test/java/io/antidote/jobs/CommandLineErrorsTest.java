package io.antidote.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.antidote.testing.LaionRows;
import io.antidote.testing.SparkTestBase;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a scheduler sees: exit codes and one-line errors that name the problem; no output on
 * failure.
 */
class CommandLineErrorsTest extends SparkTestBase {
  @TempDir Path tmp;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private ExitCode run(String... args) {
    out.reset();
    err.reset();
    return Antidote.run(
        args,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String stderr() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void usageAndConfigurationErrorsExitTwoAndNameTheKey() {
    assertEquals(ExitCode.USAGE, run());
    assertEquals(ExitCode.USAGE, run("audit", "--frobnicate"));
    Assertions.assertTrue(stderr().contains("unknown option '--frobnicate'"), stderr());
    assertEquals(
        ExitCode.USAGE, run("audit", "--input", "x", "--conf", "detectors.integrity.enable=false"));
    Assertions.assertTrue(
        stderr().contains("'antidote.detectors.integrity.enable': unknown key"), stderr());
    Assertions.assertTrue(
        stderr().contains("detectors.integrity.enabled"), "suggests the right key: " + stderr());
    assertEquals(
        ExitCode.USAGE,
        run("audit", "--input", "x", "--conf", "detectors.integrity.action=delete"));
    Assertions.assertTrue(stderr().contains("'delete' is not one of drop, review"), stderr());
  }

  @Test
  void aMissingInputOrAnUnwritableOutputStopsBeforeAnyWork() throws Exception {
    assertEquals(ExitCode.USAGE, run("audit", "--output", tmp.resolve("o").toString()));
    Assertions.assertTrue(stderr().contains("antidote.input.paths"), stderr());
    Path in = tmp.resolve("in");
    new LaionRows().clean(10).write(spark(), in, 1);
    Path file = tmp.resolve("a-file");
    Files.writeString(file, "not a folder");
    assertEquals(
        ExitCode.USAGE,
        run("audit", "--input", in.toString(), "--output", file.resolve("out").toString()));
    Assertions.assertTrue(stderr().contains("antidote.output.root"), stderr());
    Path readOnly = tmp.resolve("read-only");
    Files.createDirectories(readOnly);
    Assertions.assertTrue(readOnly.toFile().setWritable(false, false));
    try {
      if (!Files.isWritable(readOnly)) { // root ignores permissions; the file case above still ran
        assertEquals(
            ExitCode.USAGE,
            run(
                "audit",
                "--input",
                in.toString(),
                "--output",
                readOnly.resolve("out").toString(),
                "--conf",
                "output.staging=" + tmp.resolve("staging")));
        Assertions.assertTrue(stderr().contains("cannot write under"), stderr());
      }
    } finally {
      readOnly.toFile().setWritable(true, false);
    }
    Assertions.assertFalse(Files.exists(tmp.resolve("o")));
  }

  @Test
  void badInputExitsFourNamesTheColumnAndWritesNothing() throws Exception {
    Path in = tmp.resolve("in");
    spark()
        .createDataFrame(
            java.util.List.of(RowFactory.create("k", 3L)),
            new StructType().add("key", DataTypes.StringType).add("caption", DataTypes.LongType))
        .write()
        .parquet(in.toString());
    Path root = tmp.resolve("out");
    assertEquals(
        ExitCode.BAD_INPUT, run("audit", "--input", in.toString(), "--output", root.toString()));
    Assertions.assertTrue(stderr().contains("column 'caption' (read as text)"), stderr());
    Assertions.assertTrue(stderr().contains("has type bigint; expected string"), stderr());
    Assertions.assertTrue(stderr().contains("nothing was written"), stderr());
    assertFalse(Files.exists(root));
    assertFalse(Files.exists(tmp.resolve(".antidote-staging")));
  }

  @Test
  void anExistingRunExitsThreeUnlessOverwriteIsGiven() {
    Path in = tmp.resolve("in");
    new LaionRows().clean(10).write(spark(), in, 1);
    Path root = tmp.resolve("out");
    String[] audit = {
      "audit", "--input", in.toString(), "--output", root.toString(), "--run-id", "nightly"
    };
    assertEquals(ExitCode.OK, run(audit));
    Assertions.assertTrue(
        out.toString(StandardCharsets.UTF_8).contains("curated rows"),
        out.toString(StandardCharsets.UTF_8));
    assertEquals(ExitCode.RUN_EXISTS, run(audit));
    Assertions.assertTrue(stderr().contains("--overwrite"), stderr());
    String[] again = java.util.Arrays.copyOf(audit, audit.length + 1);
    again[audit.length] = "--overwrite";
    assertEquals(ExitCode.OK, run(again));
  }
}
