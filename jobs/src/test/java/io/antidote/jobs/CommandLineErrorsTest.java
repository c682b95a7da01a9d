package io.antidote.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.antidote.testing.LaionRows;
import io.antidote.testing.SparkTestBase;
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
  private final CommandRun cli = new CommandRun();

  @Test
  void usageAndConfigurationErrorsExitTwoAndNameTheKey() {
    assertEquals(ExitCode.USAGE, cli.run());
    assertEquals(ExitCode.USAGE, cli.run("audit", "--frobnicate"));
    Assertions.assertTrue(cli.stderr().contains("unknown option '--frobnicate'"), cli.stderr());
    assertEquals(
        ExitCode.USAGE,
        cli.run("audit", "--input", "x", "--conf", "detectors.integrity.enable=false"));
    Assertions.assertTrue(
        cli.stderr().contains("'antidote.detectors.integrity.enable': unknown key"), cli.stderr());
    Assertions.assertTrue(
        cli.stderr().contains("detectors.integrity.enabled"),
        "suggests the right key: " + cli.stderr());
    assertEquals(
        ExitCode.USAGE,
        cli.run("audit", "--input", "x", "--conf", "detectors.integrity.action=delete"));
    Assertions.assertTrue(
        cli.stderr().contains("'delete' is not one of drop, review"), cli.stderr());
  }

  @Test
  void aMissingInputOrAnUnwritableOutputStopsBeforeAnyWork() throws Exception {
    assertEquals(ExitCode.USAGE, cli.run("audit", "--output", tmp.resolve("o").toString()));
    Assertions.assertTrue(cli.stderr().contains("antidote.input.paths"), cli.stderr());
    Path in = tmp.resolve("in");
    new LaionRows().clean(10).write(spark(), in, 1);
    Path file = tmp.resolve("a-file");
    Files.writeString(file, "not a folder");
    assertEquals(
        ExitCode.USAGE,
        cli.run("audit", "--input", in.toString(), "--output", file.resolve("out").toString()));
    Assertions.assertTrue(cli.stderr().contains("antidote.output.root"), cli.stderr());
    Path readOnly = tmp.resolve("read-only");
    Files.createDirectories(readOnly);
    Assertions.assertTrue(readOnly.toFile().setWritable(false, false));
    try {
      if (!Files.isWritable(readOnly)) { // root ignores permissions; the file case above still ran
        assertEquals(
            ExitCode.USAGE,
            cli.run(
                "audit",
                "--input",
                in.toString(),
                "--output",
                readOnly.resolve("out").toString(),
                "--conf",
                "output.staging=" + tmp.resolve("staging")));
        Assertions.assertTrue(cli.stderr().contains("cannot write under"), cli.stderr());
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
        ExitCode.BAD_INPUT,
        cli.run("audit", "--input", in.toString(), "--output", root.toString()));
    Assertions.assertTrue(cli.stderr().contains("column 'caption' (read as text)"), cli.stderr());
    Assertions.assertTrue(cli.stderr().contains("has type bigint; expected string"), cli.stderr());
    Assertions.assertTrue(cli.stderr().contains("nothing was written"), cli.stderr());
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
    assertEquals(ExitCode.OK, cli.run(audit));
    Assertions.assertTrue(cli.stdout().contains("curated rows"), cli.stdout());
    assertEquals(ExitCode.RUN_EXISTS, cli.run(audit));
    Assertions.assertTrue(cli.stderr().contains("--overwrite"), cli.stderr());
    String[] again = java.util.Arrays.copyOf(audit, audit.length + 1);
    again[audit.length] = "--overwrite";
    assertEquals(ExitCode.OK, cli.run(again));
  }
}
