package io.antidote.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.antidote.corpus.InputException;
import io.antidote.testing.AuditFixture;
import io.antidote.testing.LaionRows;
import io.antidote.testing.SparkTestBase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each kind of bad input from the foundation issue: a clear error naming what is wrong, or rows
 * counted and reported; and in every error case nothing under the output root nor in staging.
 */
class BadInputAuditTest extends SparkTestBase {
  @TempDir Path tmp;

  private InputException failsCleanly(String input, Map<String, String> extra) throws Exception {
    Path out = tmp.resolve("out");
    InputException e =
        assertThrows(
            InputException.class, () -> AuditFixture.audit(spark(), input, out, "r1", extra));
    assertFalse(Files.exists(out), "no output root after a failed run: " + AuditFixture.tree(out));
    assertEquals(List.of(), AuditFixture.tree(tmp.resolve(".antidote-staging")), "no staging left");
    return e;
  }

  @Test
  void missingContentColumn() throws Exception {
    Path in = tmp.resolve("in");
    spark()
        .createDataFrame(
            List.of(RowFactory.create("a", "b")),
            new StructType().add("key", DataTypes.StringType).add("body", DataTypes.StringType))
        .write()
        .parquet(in.toString());
    InputException e = failsCleanly(in.toUri().toString(), Map.of());
    Assertions.assertTrue(e.getMessage().contains("neither a text column"), e.getMessage());
  }

  @Test
  void inputColumnNamedRunId() throws Exception {
    Path in = tmp.resolve("in");
    spark()
        .createDataFrame(
            List.of(RowFactory.create("a", "hello", "batch-7")),
            new StructType()
                .add("key", DataTypes.StringType)
                .add("caption", DataTypes.StringType)
                .add("Run_ID", DataTypes.StringType))
        .write()
        .parquet(in.toString());
    InputException e = failsCleanly(in.toUri().toString(), Map.of());
    assertEquals(
        "input "
            + in.toUri()
            + " has a column named 'Run_ID', the partition column of every output table: the"
            + " curated corpus would replace its values with the run id. Rename it in the input"
            + " (e.g. to source_run_id); if it names the rows' origin, map the new name with"
            + " --conf input.columns.source=[source_run_id]",
        e.getMessage());
  }

  @Test
  void wrongColumnType() throws Exception {
    Path in = tmp.resolve("in");
    spark()
        .createDataFrame(
            List.of(RowFactory.create("a", 7)),
            new StructType().add("key", DataTypes.StringType).add("caption", DataTypes.IntegerType))
        .write()
        .parquet(in.toString());
    InputException e = failsCleanly(in.toUri().toString(), Map.of());
    Assertions.assertTrue(
        e.getMessage().contains("column 'caption' (read as text)"), e.getMessage());
    Assertions.assertTrue(e.getMessage().contains("has type int; expected string"), e.getMessage());
  }

  @Test
  void nonParquetFileInTheInputFolder() throws Exception {
    Path in = tmp.resolve("in");
    new LaionRows().clean(5).write(spark(), in, 1);
    Files.writeString(in.resolve("notes.csv"), "key,caption\n1,hello\n");
    InputException e = failsCleanly(in.toUri().toString(), Map.of());
    Assertions.assertTrue(
        e.getMessage().contains("notes.csv is not a Parquet file"), e.getMessage());
  }

  @Test
  void truncatedParquetFile() throws Exception {
    Path in = tmp.resolve("in");
    new LaionRows().clean(5).write(spark(), in, 1);
    Path part;
    try (var s = Files.list(in)) {
      part =
          s.filter(p -> p.getFileName().toString().endsWith(".parquet")).findFirst().orElseThrow();
    }
    byte[] bytes = Files.readAllBytes(part);
    Files.write(part, java.util.Arrays.copyOf(bytes, bytes.length / 2));
    dropChecksumFiles(in);
    InputException e = failsCleanly(in.toUri().toString(), Map.of());
    Assertions.assertTrue(e.getMessage().contains(part.getFileName().toString()), e.getMessage());
    Assertions.assertTrue(e.getMessage().contains("truncated or corrupt"), e.getMessage());
  }

  /** Keeps the magic bytes and destroys the footer: passes the magic check, not the footer read. */
  private Path brokenFooter(Path in) throws Exception {
    new LaionRows().clean(50).write(spark(), in, 2);
    Path part;
    try (var s = Files.list(in)) {
      part =
          s.filter(p -> p.getFileName().toString().endsWith(".parquet"))
              .sorted()
              .reduce((a, b) -> b)
              .orElseThrow();
    }
    byte[] bytes = Files.readAllBytes(part);
    for (int i = bytes.length - 40; i < bytes.length - 8; i++) {
      bytes[i] = (byte) 0x5A;
    }
    Files.write(part, bytes);
    dropChecksumFiles(in);
    return part;
  }

  @Test
  void brokenFooterIsNamedWithParquetsReasonBeforeSparkReads() throws Exception {
    Path in = tmp.resolve("in");
    Path part = brokenFooter(in);
    InputException e = failsCleanly(in.toUri().toString(), Map.of());
    String m = e.getMessage();
    Assertions.assertTrue(m.contains(part.getFileName().toString()), m);
    Assertions.assertTrue(m.contains("is a corrupt Parquet file: its footer cannot be read ("), m);
    String reason = m.substring(m.indexOf("cannot be read (") + 16);
    Assertions.assertFalse(reason.startsWith("null") || reason.startsWith(")"), m);
    Assertions.assertTrue(reason.length() > 10, m);
  }

  @Test
  void brokenFooterIsNamedWithAReasonWhenSparkReadsIt() throws Exception {
    Path in = tmp.resolve("in");
    Path part = brokenFooter(in);
    InputException e = failsCleanly(in.toUri().toString(), Map.of("input.verify-files", "false"));
    String m = e.getMessage();
    Assertions.assertTrue(m.contains(part.getFileName().toString()), m);
    Assertions.assertFalse(m.endsWith(": null"), m);
  }

  /** Hadoop's local .crc files would catch the damage first; uploaded corpora have none. */
  private static void dropChecksumFiles(Path dir) throws Exception {
    try (var s = Files.list(dir)) {
      for (Path p : s.filter(p -> p.getFileName().toString().endsWith(".crc")).toList()) {
        Files.delete(p);
      }
    }
  }

  @Test
  void missingPathAndEmptyInput() throws Exception {
    InputException missing = failsCleanly(tmp.resolve("nowhere").toUri().toString(), Map.of());
    Assertions.assertTrue(missing.getMessage().contains("does not exist"), missing.getMessage());
    Path in = tmp.resolve("empty");
    new LaionRows().frame(spark()).write().mode(SaveMode.Overwrite).parquet(in.toString());
    InputException empty = failsCleanly(in.toUri().toString(), Map.of());
    Assertions.assertTrue(empty.getMessage().contains("has no rows to audit"), empty.getMessage());
  }

  @Test
  void duplicateSampleIdsFailByDefaultNamingThem() throws Exception {
    Path in = tmp.resolve("in");
    new LaionRows()
        .clean(10)
        .text(
            "clean-003", "https://x.example.com/1", "another caption", "t", "2023-01-01T00:00:00Z")
        .text(
            "clean-003", "https://x.example.com/2", "a third caption", "t", "2023-01-01T00:00:00Z")
        .write(spark(), in, 2);
    InputException e = failsCleanly(in.toUri().toString(), Map.of());
    Assertions.assertTrue(
        e.getMessage().contains("1 sample_id value(s) occur more than once"), e.getMessage());
    Assertions.assertTrue(e.getMessage().contains("'clean-003' x3"), e.getMessage());
  }

  @Test
  void duplicateSampleIdsKeepFirstRejectsAndCountsTheRest() throws Exception {
    Path in = tmp.resolve("in");
    new LaionRows()
        .clean(10)
        .text(
            "clean-003", "https://x.example.com/1", "another caption", "t", "2023-01-01T00:00:00Z")
        .write(spark(), in, 1);
    Path out = tmp.resolve("out");
    AuditResult r =
        AuditFixture.audit(
            spark(),
            in.toUri().toString(),
            out,
            "r1",
            Map.of("input.duplicate-sample-ids", "keep-first"));
    assertEquals(11, r.counts().inputRows());
    assertEquals(1, r.counts().rejectedRows());
    assertEquals(10, r.counts().curatedRows());
    assertEquals(
        1L,
        spark()
            .read()
            .parquet(out.resolve("rejected").toString())
            .where("reason like 'duplicate sample_id%' and sample_id = 'clean-003'")
            .count());
    assertEquals(10, spark().read().parquet(out.resolve("curated").toString()).count());
  }

  @Test
  void nullHashesMalformedUrlsAndNullIdsAreCountedNotFatal() throws Exception {
    Path in = tmp.resolve("in");
    new LaionRows()
        .clean(10)
        .row(
            "no-hash",
            "https://a.example.com/x",
            "caption without hash",
            null,
            "t",
            null,
            "s",
            "2023-01-01T00:00:00Z")
        .row(
            "bad-url",
            "htp:/broken url",
            "caption with bad url",
            null,
            "t",
            LaionRows.sha("caption with bad url"),
            "s",
            null)
        .row(
            null,
            "https://a.example.com/y",
            "row without id",
            null,
            "t",
            LaionRows.sha("row without id"),
            "s",
            null)
        .row("no-content", "https://a.example.com/z", null, null, "t", null, "s", null)
        .write(spark(), in, 1);
    Path out = tmp.resolve("out");
    AuditResult r = AuditFixture.audit(spark(), in.toUri().toString(), out, "r1", Map.of());
    assertEquals(14, r.counts().inputRows());
    assertEquals(2, r.counts().rejectedRows());
    assertEquals(
        Map.of("null sample_id", 1L, "no content: text and image are both null", 1L),
        r.counts().rejectedByReason());
    assertEquals(1, r.counts().rowsWithoutSha256());
    assertEquals(1, r.counts().malformedUrls());
    assertEquals(
        1, r.counts().rowsWithoutCrawlTime(), "the two rejected rows are not counted here");
    assertEquals(0, r.counts().flaggedSamples(), "nothing here is poison");
    assertEquals(12, spark().read().parquet(out.resolve("curated").toString()).count());
  }
}
