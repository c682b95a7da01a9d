package io.antidote.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.antidote.report.RunReport;
import io.antidote.testing.LaionRows;
import io.antidote.testing.SparkTestBase;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code antidote report RUN_DIR}: the audit's report is rebuilt byte for byte from the committed
 * run; a run without run.json is refused with exit 4, naming the folder; a missing RUN_DIR is a
 * usage error.
 */
class ReportCommandTest extends SparkTestBase {
  @TempDir Path tmp;
  private final CommandRun cli = new CommandRun();

  @Test
  void rebuildsTheAuditsReportAndRefusesAnUncommittedRun() throws Exception {
    Path in = tmp.resolve("in");
    new LaionRows().clean(30).write(spark(), in, 1);
    Path outRoot = tmp.resolve("out");
    assertEquals(
        ExitCode.OK,
        cli.run(
            "audit",
            "--input",
            in.toString(),
            "--output",
            outRoot.toString(),
            "--run-id",
            "r1",
            "--conf",
            "embed.enabled=false"));
    Path runDir = outRoot.resolve("runs/run_id=r1");
    Path page = runDir.resolve(RunReport.PATH);
    String written = Files.readString(page);
    Assertions.assertTrue(written.contains("data-figure=\"counts.input_rows\">30<"), written);
    Files.delete(page);

    assertEquals(ExitCode.OK, cli.run("report", runDir.toString()));
    assertEquals(written, Files.readString(page), "rebuilt byte for byte");
    Assertions.assertTrue(cli.stdout().contains("report written to "), cli.stdout());

    Path half = Files.createDirectories(outRoot.resolve("runs/run_id=half"));
    assertEquals(ExitCode.BAD_INPUT, cli.run("report", half.toString()));
    String stderr = cli.stderr();
    Assertions.assertTrue(stderr.contains(half + " is not a committed run"), stderr);
    assertFalse(Files.exists(half.resolve("report")), "nothing written");

    assertEquals(ExitCode.USAGE, cli.run("report"));
    Assertions.assertTrue(cli.stderr().contains("report expects one RUN_DIR"), cli.stderr());
    assertEquals(ExitCode.USAGE, cli.run("audit", "stray"));
  }
}
