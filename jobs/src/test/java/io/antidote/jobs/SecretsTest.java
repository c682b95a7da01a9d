package io.antidote.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.antidote.testing.LaionRows;
import io.antidote.testing.SparkTestBase;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Credentials given in a config file or on the command line appear in no output file and no log.
 */
class SecretsTest extends SparkTestBase {
  private static final String FILE_SECRET = "wJalrXUtnFEMI-file-secret-7f3a";
  private static final String FILE_ACCESS = "AKIAFILEACCESS0001";
  private static final String CLI_TOKEN = "IQoJb3JpZ2luX2VjEcli-token-9c2e";
  private static final String CLI_PASSWORD = "hunter2-cli-password-51aa";

  @TempDir Path tmp;

  @Test
  void noCredentialInAnyOutputOrLog() throws Exception {
    Path in = tmp.resolve("in");
    new LaionRows().clean(20).write(spark(), in, 1);
    Path conf = tmp.resolve("s3.conf");
    Files.writeString(
        conf,
        "antidote.spark.conf {\n"
            + "  \"spark.hadoop.fs.s3a.secret.key\" = \""
            + FILE_SECRET
            + "\"\n"
            + "  \"spark.hadoop.fs.s3a.access.key\" = \""
            + FILE_ACCESS
            + "\"\n}\n");
    Path root = tmp.resolve("out");
    StringWriter logs = new StringWriter();
    LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
    Configuration cfg = ctx.getConfiguration();
    WriterAppender appender =
        WriterAppender.createAppender(
            PatternLayout.newBuilder().withPattern("%m%n").build(),
            null,
            logs,
            "secrets",
            false,
            true);
    appender.start();
    cfg.getRootLogger().addAppender(appender, Level.ALL, null);
    ctx.updateLoggers();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    ExitCode code;
    try {
      code =
          Antidote.run(
              new String[] {
                "audit",
                "--input",
                in.toString(),
                "--output",
                root.toString(),
                "--config",
                conf.toString(),
                "--conf",
                "spark.conf.\"spark.hadoop.fs.s3a.session.token\"=" + CLI_TOKEN,
                "--conf",
                "spark.conf.\"spark.hadoop.javax.jdo.option.ConnectionPassword\"=" + CLI_PASSWORD,
                "--conf",
                "embed.enabled=false"
              },
              new PrintStream(out, true, StandardCharsets.UTF_8),
              new PrintStream(err, true, StandardCharsets.UTF_8));
    } finally {
      cfg.getRootLogger().removeAppender("secrets");
      ctx.updateLoggers();
      appender.stop();
    }
    assertEquals(ExitCode.OK, code, err.toString(StandardCharsets.UTF_8));
    List<String> texts = new ArrayList<>();
    texts.add(out.toString(StandardCharsets.UTF_8));
    texts.add(err.toString(StandardCharsets.UTF_8));
    texts.add(logs.toString());
    List<Path> files;
    try (Stream<Path> s = Files.walk(root)) {
      files = s.filter(Files::isRegularFile).toList();
    }
    assertFalse(files.isEmpty());
    for (Path f : files) {
      texts.add(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1));
    }
    for (String secret : List.of(FILE_SECRET, FILE_ACCESS, CLI_TOKEN, CLI_PASSWORD)) {
      for (int i = 0; i < texts.size(); i++) {
        String where =
            i < 3 ? List.of("stdout", "stderr", "logs").get(i) : files.get(i - 3).toString();
        assertFalse(texts.get(i).contains(secret), secret + " appears in " + where);
      }
    }
    String runJson =
        Files.readString(root.resolve("runs").resolve("run_id=" + runId(root)).resolve("run.json"));
    org.junit.jupiter.api.Assertions.assertTrue(
        runJson.contains("redacted"), "the keys stay, their values are redacted");
  }

  private static String runId(Path root) throws Exception {
    try (Stream<Path> s = Files.list(root.resolve("runs"))) {
      return s.findFirst().orElseThrow().getFileName().toString().substring("run_id=".length());
    }
  }
}
