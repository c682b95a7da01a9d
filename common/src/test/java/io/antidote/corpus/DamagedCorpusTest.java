package io.antidote.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.antidote.audit.AuditResult;
import io.antidote.testing.AuditFixture;
import io.antidote.testing.SparkTestBase;
import io.antidote.udfs.ContentHash;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 100,000-row LAION-style corpus in five Parquet files with six kinds of damage planted at known
 * rows (nulls, corrupt image bytes, text that is not UTF-8, multi-megabyte rows, duplicate ids, bad
 * URLs), audited for real: every row read is kept, dropped or rejected with its reason, and each
 * kind is counted where README's bad-input table says. The seventh kind, a file whose column has
 * another type than in the other files, stops the run before any work (exit 4): its own tests.
 */
class DamagedCorpusTest extends SparkTestBase {
  private static final int FILES = 5;
  private static final int ROWS_PER_FILE = 20_000;
  private static final int ROWS = FILES * ROWS_PER_FILE;
  private static final int HUGE_TEXT_CHARS = 3 * 1024 * 1024;
  private static final List<String> BAD_URLS =
      List.of(
          "htp:/broken url",
          "not a url",
          "https://",
          "http:///no-host",
          "javascript:alert(1)",
          "ftp://files.example.com/a");

  /**
   * Invalid UTF-8: a lone continuation byte, a cut 2-byte sequence, overlong, a surrogate, 0xFF.
   */
  private static final List<byte[]> NOT_UTF8 =
      List.of(
          new byte[] {(byte) 0x80},
          new byte[] {(byte) 0xC3},
          new byte[] {(byte) 0xC0, (byte) 0xAF},
          new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
          new byte[] {(byte) 0xFF});

  /** The corpus as written, with the columns' types as Spark writes them. */
  private static final StructType WRITTEN =
      new StructType()
          .add("key", DataTypes.StringType)
          .add("url", DataTypes.StringType)
          .add(
              "caption",
              DataTypes.BinaryType) // cast to string when written: bytes kept as they are
          .add("jpg", DataTypes.BinaryType)
          .add("label", DataTypes.StringType)
          .add("sha256", DataTypes.StringType)
          .add("source", DataTypes.StringType)
          .add("crawl_time", DataTypes.TimestampType)
          .add("width", DataTypes.IntegerType);

  @TempDir Path tmp;

  /** Where each kind of damage was planted: global row numbers (file = row / ROWS_PER_FILE). */
  private static final class Plan {
    final Set<Integer> nullKey = new HashSet<>();
    final Set<Integer> noContent = new HashSet<>();
    final Set<Integer> notUtf8 = new HashSet<>();
    final Set<Integer> huge = new HashSet<>();
    final Set<Integer> badUrl = new HashSet<>();
    final Set<Integer> nullUrl = new HashSet<>();
    final Set<Integer> nullSha = new HashSet<>();
    final Set<Integer> nullCrawlTime = new HashSet<>();
    final Set<Integer> image = new HashSet<>();
    final Set<Integer> truncatedImage = new HashSet<>(); // recorded hash of the intact image
    final Set<Integer> garbageImage = new HashSet<>(); // recorded hash of the garbage itself
    final Map<Integer, Integer> duplicateOf = new TreeMap<>(); // row in the last file -> original

    Plan(long seed) {
      // Damage goes to the first four files; the last one holds the later copies of ids.
      List<Integer> rows = new ArrayList<>();
      for (int i = 0; i < (FILES - 1) * ROWS_PER_FILE; i++) {
        rows.add(i);
      }
      Collections.shuffle(rows, new Random(seed));
      int next = 0;
      List<Map.Entry<Set<Integer>, Integer>> sizes =
          List.of(
              Map.entry(nullKey, 30),
              Map.entry(noContent, 20),
              Map.entry(notUtf8, 40),
              Map.entry(huge, 2),
              Map.entry(badUrl, 60),
              Map.entry(nullUrl, 10),
              Map.entry(nullSha, 25),
              Map.entry(nullCrawlTime, 15));
      for (Map.Entry<Set<Integer>, Integer> kind : sizes) {
        kind.getKey().addAll(rows.subList(next, next + kind.getValue()));
        next += kind.getValue();
      }
      image.addAll(rows.subList(next, next + 180));
      next += 180;
      truncatedImage.addAll(rows.subList(next, next + 10));
      next += 10;
      garbageImage.addAll(rows.subList(next, next + 10));
      next += 10;
      // 50 later copies in the last file: 49 ids, one of them copied twice.
      List<Integer> originals = rows.subList(next, next + 49);
      Random r = new Random(seed + 1);
      Set<Integer> copies = new HashSet<>();
      while (copies.size() < 50) {
        copies.add((FILES - 1) * ROWS_PER_FILE + r.nextInt(ROWS_PER_FILE));
      }
      int j = 0;
      for (int copy : new java.util.TreeSet<>(copies)) {
        duplicateOf.put(copy, originals.get(Math.min(j++, originals.size() - 1)));
      }
    }

    int rejected() {
      return nullKey.size() + noContent.size() + notUtf8.size() + duplicateOf.size();
    }
  }

  private static String key(int i) {
    return String.format("s-%06d", i);
  }

  private static String caption(int i, Random words) {
    String[] vocabulary = {
      "red",
      "car",
      "on",
      "a",
      "street",
      "blue",
      "sky",
      "over",
      "the",
      "hills",
      "cat",
      "sleeping",
      "sofa",
      "vintage",
      "poster",
      "of",
      "city",
      "bridge",
      "at",
      "night",
      "bowl",
      "fresh",
      "fruit"
    };
    StringBuilder b = new StringBuilder();
    for (int w = 0; w < 8; w++) {
      b.append(vocabulary[words.nextInt(vocabulary.length)]).append(' ');
    }
    return b.append('#').append(i).toString();
  }

  private static String hugeText(int i) {
    Random r = new Random(i);
    StringBuilder b = new StringBuilder(HUGE_TEXT_CHARS);
    while (b.length() < HUGE_TEXT_CHARS) {
      b.append((char) ('a' + r.nextInt(26)));
      if (r.nextInt(7) == 0) {
        b.append(' ');
      }
    }
    b.setLength(HUGE_TEXT_CHARS);
    return b.toString();
  }

  /** A 32x32 PNG of 4x4-pixel random blocks: images whose perceptual hashes are far apart. */
  private static byte[] png(int seed) throws Exception {
    Random r = new Random(seed);
    BufferedImage img = new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB);
    for (int by = 0; by < 8; by++) {
      for (int bx = 0; bx < 8; bx++) {
        int rgb = r.nextInt(0x1000000);
        for (int y = 0; y < 4; y++) {
          for (int x = 0; x < 4; x++) {
            img.setRGB(bx * 4 + x, by * 4 + y, rgb);
          }
        }
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(img, "png", out);
    return out.toByteArray();
  }

  private static String sha(byte[] bytes) {
    return ContentHash.sha256Hex(bytes);
  }

  private Row row(int i, Plan plan, Random words) throws Exception {
    String key = plan.nullKey.contains(i) ? null : key(i);
    if (plan.duplicateOf.containsKey(i)) {
      key = key(plan.duplicateOf.get(i));
    }
    String url =
        plan.nullUrl.contains(i)
            ? null
            : plan.badUrl.contains(i)
                ? BAD_URLS.get(i % BAD_URLS.size())
                : "https://shop" + (i % 500) + ".example-" + (i % 7) + ".com/item/" + i;
    byte[] text = caption(i, words).getBytes(StandardCharsets.UTF_8);
    if (plan.huge.contains(i)) {
      text = hugeText(i).getBytes(StandardCharsets.UTF_8);
    }
    if (plan.notUtf8.contains(i)) {
      byte[] bad = NOT_UTF8.get(i % NOT_UTF8.size());
      byte[] t = Arrays.copyOf(text, text.length + bad.length);
      System.arraycopy(bad, 0, t, text.length, bad.length);
      text = t;
    }
    byte[] jpg = null;
    String recorded = sha(text);
    if (plan.image.contains(i) || plan.truncatedImage.contains(i)) {
      jpg = png(i);
      recorded = sha(jpg);
      if (plan.truncatedImage.contains(i)) {
        jpg = Arrays.copyOf(jpg, jpg.length / 2); // damaged after the corpus recorded its hash
      }
    }
    if (plan.garbageImage.contains(i)) {
      jpg = new byte[300];
      new Random(i).nextBytes(jpg);
      recorded = sha(jpg);
    }
    if (plan.noContent.contains(i)) {
      text = null;
      jpg = null;
    }
    return RowFactory.create(
        key,
        url,
        text,
        jpg,
        "topic" + (i % 3),
        plan.nullSha.contains(i) ? null : recorded,
        "shard-" + (i / ROWS_PER_FILE),
        plan.nullCrawlTime.contains(i)
            ? null
            : Timestamp.from(Instant.parse("2023-01-01T00:00:00Z").plusSeconds(i)),
        32);
  }

  /** Writes {@code frame} as the single file {@code target} (Spark writes a folder of parts). */
  private void writeFile(Dataset<Row> frame, Path target) throws Exception {
    Path scratch = tmp.resolve("written").resolve(target.getFileName() + "-" + System.nanoTime());
    frame.coalesce(1).write().parquet(scratch.toUri().toString());
    try (var parts = Files.list(scratch)) {
      Path part =
          parts
              .filter(p -> p.getFileName().toString().endsWith(".parquet"))
              .findFirst()
              .orElseThrow();
      Files.createDirectories(target.getParent());
      Files.move(part, target);
    }
  }

  private Dataset<Row> frame(List<Row> rows) {
    return spark()
        .createDataFrame(rows, WRITTEN)
        .withColumn("caption", functions.col("caption").cast(DataTypes.StringType));
  }

  /**
   * CPU seconds this JVM has used: the time test takes on an idle machine is about this / cores.
   */
  private static double cpuSeconds() {
    return ((com.sun.management.OperatingSystemMXBean)
                java.lang.management.ManagementFactory.getOperatingSystemMXBean())
            .getProcessCpuTime()
        / 1e9;
  }

  @Test
  void everyRowOfADamagedCorpusIsKeptDroppedOrRejectedAndCounted() throws Exception {
    long start = System.nanoTime();
    double cpuStart = cpuSeconds();
    Plan plan = new Plan(18);
    Path in = tmp.resolve("in");
    Random words = new Random(7);
    for (int f = 0; f < FILES; f++) {
      List<Row> rows = new ArrayList<>(ROWS_PER_FILE);
      for (int i = f * ROWS_PER_FILE; i < (f + 1) * ROWS_PER_FILE; i++) {
        rows.add(row(i, plan, words));
      }
      writeFile(frame(rows), in.resolve(String.format("part-%05d.parquet", f)));
    }
    long written = System.nanoTime();
    double cpuWritten = cpuSeconds();

    Path out = tmp.resolve("out");
    AuditResult r =
        AuditFixture.audit(
            spark(),
            in.toUri().toString(),
            out,
            "damaged",
            Map.of(
                "input.duplicate-sample-ids", "keep-first",
                // Captions are too short to shingle-compare (cheap); the huge rows are not.
                "near-duplicates.min-shingles", "1000",
                // Its token table over the huge rows' random words dominated the run (minutes).
                "detectors.trigger-tokens.enabled", "false",
                "report.enabled", "false"));
    long audited = System.nanoTime();
    double cpuAudited = cpuSeconds();
    System.out.println("DamagedCorpusTest stage times (ms): " + r.stageMillis());

    // run.json: rows read (from the footers) = audited + rejected; audited = kept + dropped.
    JsonNode counts = new ObjectMapper().readTree(r.runJson()).get("counts");
    assertEquals(ROWS, counts.get("input_rows").asLong());
    assertEquals(plan.rejected(), counts.get("rejected_rows").asLong());
    Map<String, Long> expectedReasons = new TreeMap<>();
    expectedReasons.put(RejectedSchema.NULL_SAMPLE_ID, (long) plan.nullKey.size());
    expectedReasons.put(RejectedSchema.NO_CONTENT, (long) plan.noContent.size());
    expectedReasons.put(RejectedSchema.INVALID_UTF8_TEXT, (long) plan.notUtf8.size());
    expectedReasons.put(RejectedSchema.DUPLICATE_SAMPLE_ID, (long) plan.duplicateOf.size());
    assertEquals(expectedReasons, new TreeMap<>(r.counts().rejectedByReason()));
    assertEquals(ROWS - plan.rejected(), r.counts().auditedRows());
    assertEquals(plan.badUrl.size(), r.counts().malformedUrls());
    assertEquals(plan.nullUrl.size(), r.counts().rowsWithoutUrl());
    assertEquals(plan.nullSha.size(), r.counts().rowsWithoutSha256());
    assertEquals(plan.nullCrawlTime.size(), r.counts().rowsWithoutCrawlTime());
    int images = plan.image.size() + plan.truncatedImage.size() + plan.garbageImage.size();
    assertEquals(images, r.counts().imageRows());
    JsonNode imageReport =
        new ObjectMapper()
            .readTree(r.runJson())
            .get("detector_reports")
            .get("near_duplicate_groups")
            .get("image");
    assertEquals(images, imageReport.get("images").asLong());
    assertEquals(
        plan.truncatedImage.size() + plan.garbageImage.size(),
        imageReport.get("undecodable_images").asLong(),
        "corrupt image bytes are counted without the embedder");

    // The tables agree with run.json, row by row.
    Dataset<Row> rejected = spark().read().parquet(out.resolve("rejected").toString());
    Map<String, Long> tableReasons =
        rejected.groupBy("reason").count().collectAsList().stream()
            .collect(
                Collectors.toMap(
                    x -> x.getString(0), x -> x.getLong(1), (a, b) -> a, TreeMap::new));
    assertEquals(expectedReasons, tableReasons);
    assertEquals(
        ids(plan.notUtf8),
        strings(
            rejected.where("reason = '" + RejectedSchema.INVALID_UTF8_TEXT + "'"), "sample_id"));
    assertEquals(
        ids(plan.noContent),
        strings(rejected.where("reason = '" + RejectedSchema.NO_CONTENT + "'"), "sample_id"));
    Set<String> copiedIds = new HashSet<>();
    plan.duplicateOf.values().forEach(o -> copiedIds.add(key(o)));
    assertEquals(
        copiedIds,
        strings(
            rejected.where("reason = '" + RejectedSchema.DUPLICATE_SAMPLE_ID + "'"), "sample_id"));
    Set<String> filesOfCopies =
        strings(
            rejected.where("reason = '" + RejectedSchema.DUPLICATE_SAMPLE_ID + "'"), "input_file");
    assertEquals(1, filesOfCopies.size(), "the later copies are rejected: " + filesOfCopies);
    Assertions.assertTrue(
        filesOfCopies.iterator().next().endsWith("/part-00004.parquet"), filesOfCopies.toString());

    Dataset<Row> verdicts = spark().read().parquet(out.resolve("verdicts").toString());
    Set<String> droppedIds = strings(verdicts.where("action = 'drop'"), "sample_id");
    assertEquals(ids(plan.truncatedImage), droppedIds, "integrity drops the damaged images");
    assertEquals(droppedIds.size(), r.counts().dropSamples());

    Dataset<Row> curated = spark().read().parquet(out.resolve("curated").toString());
    long kept = curated.count();
    assertEquals(
        ROWS, kept + droppedIds.size() + rejected.count(), "input = kept + dropped + rejected");
    assertEquals(counts.get("curated_rows").asLong(), kept);
    assertEquals(
        counts.get("input_rows").asLong(),
        counts.get("curated_rows").asLong()
            + counts.get("drop_samples").asLong()
            + counts.get("rejected_rows").asLong());

    // No row lost unseen: every (file, row) of the input is in lineage (audited) or rejected, once.
    Dataset<Row> lineage = spark().read().parquet(out.resolve("lineage").toString());
    Dataset<Row> seen =
        lineage.select("input_file", "row_index").union(rejected.select("input_file", "row_index"));
    assertEquals(ROWS, seen.count());
    assertEquals(ROWS, seen.distinct().count());

    // The huge rows are audited and kept whole; the bad URLs and null columns are kept as they
    // were.
    Map<String, Integer> hugeLengths = new HashMap<>();
    for (Row h :
        curated
            .where(functions.col("key").isin(ids(plan.huge).toArray()))
            .select(functions.col("key"), functions.length(functions.col("caption")))
            .collectAsList()) {
      hugeLengths.put(h.getString(0), h.getInt(1));
    }
    Map<String, Integer> expectedHuge = new HashMap<>();
    ids(plan.huge).forEach(id -> expectedHuge.put(id, HUGE_TEXT_CHARS));
    assertEquals(expectedHuge, hugeLengths);
    assertEquals(
        plan.badUrl.size(), curated.where(functions.col("url").isin(BAD_URLS.toArray())).count());
    assertEquals(
        plan.garbageImage.size(),
        curated.where(functions.col("key").isin(ids(plan.garbageImage).toArray())).count(),
        "an undecodable image whose hash matches is counted, not dropped");

    System.out.printf(
        "DamagedCorpusTest: wrote %,d rows in %.1f s (%.1f CPU s), audited in %.1f s (%.1f CPU s),"
            + " asserted in %.1f s (%.1f CPU s)%n",
        ROWS,
        (written - start) / 1e9,
        cpuWritten - cpuStart,
        (audited - written) / 1e9,
        cpuAudited - cpuWritten,
        (System.nanoTime() - audited) / 1e9,
        cpuSeconds() - cpuAudited);
  }

  private static Set<String> ids(Set<Integer> rows) {
    return rows.stream().map(DamagedCorpusTest::key).collect(Collectors.toSet());
  }

  private static Set<String> strings(Dataset<Row> frame, String column) {
    return frame.select(column).collectAsList().stream()
        .map(x -> x.getString(0))
        .collect(Collectors.toSet());
  }

  // ---- A file whose column has another type than in the other files: exit 4 before any work.

  private static final StructType CLEAN =
      new StructType()
          .add("key", DataTypes.StringType)
          .add("caption", DataTypes.StringType)
          .add("crawl_time", DataTypes.TimestampType)
          .add("width", DataTypes.IntegerType);

  private Path cleanFiles(int files, int rowsPerFile) throws Exception {
    Path in = tmp.resolve("in");
    for (int f = 0; f < files; f++) {
      List<Row> rows = new ArrayList<>();
      for (int i = 0; i < rowsPerFile; i++) {
        int n = f * rowsPerFile + i;
        rows.add(
            RowFactory.create(
                key(n),
                "a clean caption number " + n,
                Timestamp.from(Instant.parse("2023-01-01T00:00:00Z").plusSeconds(n)),
                n));
      }
      writeFile(
          spark().createDataFrame(rows, CLEAN), in.resolve(String.format("part-%05d.parquet", f)));
    }
    return in;
  }

  private static final java.util.concurrent.atomic.AtomicInteger JOBS =
      new java.util.concurrent.atomic.AtomicInteger();

  private InputException failsBeforeAnyWork(Path in) throws Exception {
    Path out = tmp.resolve("out");
    spark()
        .sparkContext()
        .addSparkListener(
            new org.apache.spark.scheduler.SparkListener() {
              @Override
              public void onJobStart(org.apache.spark.scheduler.SparkListenerJobStart job) {
                JOBS.incrementAndGet();
              }
            });
    spark().sparkContext().listenerBus().waitUntilEmpty();
    int jobsBefore = JOBS.get();
    InputException e =
        assertThrows(
            InputException.class,
            () -> AuditFixture.audit(spark(), in.toUri().toString(), out, "r1", Map.of()));
    assertFalse(Files.exists(out), "no output root after a failed run: " + AuditFixture.tree(out));
    assertEquals(List.of(), AuditFixture.tree(tmp.resolve(".antidote-staging")), "no staging left");
    spark().sparkContext().listenerBus().waitUntilEmpty();
    assertEquals(jobsBefore, JOBS.get(), "no Spark job ran: the footers alone decided");
    return e;
  }

  @Test
  void textStoredAsInt64InOneFileStopsTheRunNamingFileColumnAndTypes() throws Exception {
    Path in = cleanFiles(3, 20);
    Path odd = in.resolve("part-00003.parquet");
    writeFile(
        spark()
            .createDataFrame(
                List.of(
                    RowFactory.create(
                        "s-999", 42L, Timestamp.from(Instant.parse("2023-01-01T00:00:00Z")), 1)),
                new StructType()
                    .add("key", DataTypes.StringType)
                    .add("caption", DataTypes.LongType)
                    .add("crawl_time", DataTypes.TimestampType)
                    .add("width", DataTypes.IntegerType)),
        odd);
    InputException e = failsBeforeAnyWork(in);
    assertEquals(
        "column 'caption' (read as text) in input file "
            + odd.toUri().toString().replace("file:///", "file:/")
            + " has type bigint; expected string (the file stores it as Parquet INT64)",
        e.getMessage());
  }

  @Test
  void crawlTimeAsStringInOneFileStopsTheRunNamingTheOthersType() throws Exception {
    Path in = cleanFiles(3, 20);
    Path odd = in.resolve("part-00001.parquet");
    Files.delete(odd);
    writeFile(
        spark()
            .createDataFrame(
                List.of(RowFactory.create("s-999", "a caption", "2023-01-01T00:00:00Z", 1)),
                new StructType()
                    .add("key", DataTypes.StringType)
                    .add("caption", DataTypes.StringType)
                    .add("crawl_time", DataTypes.StringType)
                    .add("width", DataTypes.IntegerType)),
        odd);
    String m = failsBeforeAnyWork(in).getMessage();
    Assertions.assertTrue(
        m.startsWith(
            "input file "
                + odd.toUri().toString().replace("file:///", "file:/")
                + " has column 'crawl_time' of type string (Parquet BINARY (STRING)), but 2 of the"
                + " 3 input files have it as timestamp (Parquet INT"),
        m);
    Assertions.assertTrue(m.contains("(1 file(s) differ, the first is named)"), m);
  }

  @Test
  void filesTakingTextFromDifferentColumnsStopTheRun() throws Exception {
    Path in = cleanFiles(2, 20);
    Path odd = in.resolve("part-00002.parquet");
    writeFile(
        spark()
            .createDataFrame(
                List.of(RowFactory.create("s-999", "a text")),
                new StructType()
                    .add("key", DataTypes.StringType)
                    .add("text", DataTypes.StringType)),
        odd);
    String m = failsBeforeAnyWork(in).getMessage();
    Assertions.assertTrue(
        m.contains(
            "part-00000.parquet takes text from column 'caption', but "
                + odd.toUri().toString().replace("file:///", "file:/")
                + " from column 'text'"),
        m);
  }

  @Test
  void aColumnMissingFromOneFileIsReadAsNullThereAndKeptForTheOthers() throws Exception {
    Path in = cleanFiles(2, 20);
    // First by name: were its schema taken for all files, width would be lost for every row.
    writeFile(
        spark()
            .createDataFrame(
                List.of(RowFactory.create("s-999", "a caption without width")),
                new StructType()
                    .add("key", DataTypes.StringType)
                    .add("caption", DataTypes.StringType)),
        in.resolve("part-00000-a.parquet"));
    Path out = tmp.resolve("out");
    AuditResult r =
        AuditFixture.audit(
            spark(),
            in.toUri().toString(),
            out,
            "r1",
            // Template captions are one near-duplicate group: grouping them is beside the point.
            Map.of(
                "detectors.near-duplicates.enabled", "false",
                "detectors.campaign.enabled", "false",
                "detectors.trigger-tokens.enabled", "false",
                "report.enabled", "false"));
    assertEquals(41, r.counts().inputRows());
    Dataset<Row> curated = spark().read().parquet(out.resolve("curated").toString());
    assertEquals(41, curated.count());
    assertEquals(1, curated.where("width is null").count());
    assertEquals(40, curated.where("width is not null").count());
  }
}
