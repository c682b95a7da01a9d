package io.antidote.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.antidote.flags.FlagSchema;
import io.antidote.output.RunOutputExistsException;
import io.antidote.testing.AuditFixture;
import io.antidote.testing.LaionRows;
import io.antidote.testing.SparkTestBase;
import io.antidote.udfs.ContentHash;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The model-free audit end to end on a corpus with planted poison of every kind it detects: each
 * detector finds all of its planted rows and flags no clean row; outputs are complete and committed
 * atomically.
 */
class AuditPipelineTest extends SparkTestBase {
  @TempDir Path tmp;
  private String input;
  private Map<String, String> lists;
  private final Set<String> integrityPoison = new TreeSet<>();
  private final Set<String> provenancePoison = new TreeSet<>();
  private final Set<String> duplicatePoison = new TreeSet<>();

  @BeforeEach
  void plantPoison() throws Exception {
    LaionRows rows = new LaionRows().clean(120);
    // Split view: recorded hash of the original, content swapped since (text and image).
    for (int i = 0; i < 4; i++) {
      String id = "swap-" + i;
      rows.row(
          id,
          "https://www.example-news.com/s/" + i,
          "buy cheap watches now " + i,
          null,
          "topic1",
          LaionRows.sha("the original caption " + i),
          "shard-0",
          "2023-02-01T00:00:00Z");
      integrityPoison.add(id);
    }
    byte[] original = {1, 2, 3, 4};
    rows.row(
        "swap-img",
        "https://photos.birds.org/x.png",
        "a bird",
        new byte[] {9, 9, 9},
        "img",
        ContentHash.sha256Hex(original),
        "shard-1",
        "2023-02-01T00:00:00Z");
    integrityPoison.add("swap-img");
    rows.image(
        "img-ok", "https://photos.birds.org/y.png", "a bird", original, "2023-02-01T00:00:00Z");
    // Deny-listed domain, via a subdomain.
    for (int i = 0; i < 3; i++) {
      rows.text(
          "deny-" + i,
          "https://cdn.cheap-pills.biz/p/" + i,
          "pills caption " + i,
          "topic2",
          "2023-03-01T00:00:00Z");
      provenancePoison.add("deny-" + i);
    }
    // Re-registered domain: before the change of hands is poison, after is not.
    for (int i = 0; i < 3; i++) {
      rows.text(
          "rereg-" + i,
          "https://old-news.com/a/" + i,
          "old news " + i,
          "topic0",
          "2023-05-0" + (i + 1) + "T00:00:00Z");
      provenancePoison.add("rereg-" + i);
      rows.text(
          "fresh-" + i,
          "https://old-news.com/b/" + i,
          "fresh news " + i,
          "topic0",
          "2023-07-0" + (i + 1) + "T00:00:00Z");
    }
    // A duplicate campaign of 8 rows (threshold: more than 5), and a harmless pair.
    for (int i = 0; i < 8; i++) {
      rows.text(
          "dup-" + i,
          "https://spam" + (i % 2) + ".example.org/" + i,
          "visit the best casino online today",
          "topic1",
          "2023-04-01T00:00:00Z");
      duplicatePoison.add("dup-" + i);
    }
    rows.text(
        "pair-a",
        "https://www.example-news.com/pa",
        "a caption seen twice",
        "topic0",
        "2023-04-01T00:00:00Z");
    rows.text(
        "pair-b",
        "https://www.example-news.com/pb",
        "a caption seen twice",
        "topic0",
        "2023-04-01T00:00:00Z");
    input = rows.write(spark(), tmp.resolve("corpus"), 3);
    Path deny = tmp.resolve("deny.txt");
    Files.writeString(deny, "# deny\ncheap-pills.biz\n");
    Path rereg = tmp.resolve("rereg.csv");
    Files.writeString(rereg, "domain,reregistered_at\nold-news.com,2023-06-01\n");
    lists =
        Map.of(
            "detectors.provenance.deny-list",
            deny.toString(),
            "detectors.provenance.reregistered-domains",
            rereg.toString(),
            // The planted rows here are templates ("pills caption i", "old news i"), near
            // duplicates
            // of each other by construction; near_duplicates and campaign are audited end to end in
            // NearDuplicateAuditTest.
            "detectors.near-duplicates.enabled",
            "false",
            "detectors.campaign.enabled",
            "false");
  }

  private Map<String, Set<String>> flaggedByDetector(Path out) {
    Map<String, Set<String>> m = new java.util.TreeMap<>();
    for (Row r :
        spark()
            .read()
            .parquet(out.resolve("flags").toString())
            .select("detector", "sample_id")
            .collectAsList()) {
      m.computeIfAbsent(r.getString(0), k -> new TreeSet<>()).add(r.getString(1));
    }
    return m;
  }

  @Test
  void everyDetectorFindsItsPlantedRowsAndNoCleanRow() {
    Path out = tmp.resolve("out");
    AuditResult r = AuditFixture.audit(spark(), input, out, "run-1", lists);
    Map<String, Set<String>> flagged = flaggedByDetector(out);
    assertEquals(
        integrityPoison, flagged.get("integrity"), "integrity: recall 1.0 and precision 1.0");
    assertEquals(
        provenancePoison, flagged.get("provenance"), "provenance: recall 1.0 and precision 1.0");
    assertEquals(
        duplicatePoison,
        flagged.get("exact_duplicates"),
        "duplicates: recall 1.0 and precision 1.0");

    assertEquals(145, r.counts().inputRows());
    assertEquals(
        Map.of("exact_duplicates", 8L, "integrity", 5L, "provenance", 6L, "trigger_tokens", 0L),
        r.counts().flagsByDetector(),
        "detectors that ran and flagged nothing are listed with 0");
    assertEquals(11, r.counts().dropSamples(), "integrity and provenance drop");
    assertEquals(8, r.counts().reviewSamples(), "duplicates are for review");
    assertEquals(145 - 11, r.counts().curatedRows());
  }

  @Test
  void outputsHaveTheDocumentedSchemasReasonsAndEvidence() throws Exception {
    Path out = tmp.resolve("out");
    AuditResult r = AuditFixture.audit(spark(), input, out, "run-1", lists);
    Dataset<Row> flags = spark().read().parquet(out.resolve("flags").toString());
    assertEquals(
        List.of(FlagSchema.SCHEMA.fieldNames()).stream()
            .filter(c -> !c.equals("run_id") && !c.equals("detector"))
            .toList(),
        List.of(flags.schema().fieldNames()).subList(0, 8),
        "data columns in order; partitions last");
    Assertions.assertTrue(Files.isDirectory(out.resolve("flags/run_id=run-1/detector=integrity")));
    Row swap = flags.where("sample_id = 'swap-img'").first();
    Map<String, String> evidence = swap.getJavaMap(swap.fieldIndex("evidence"));
    assertEquals(ContentHash.sha256Hex(new byte[] {1, 2, 3, 4}), evidence.get("recorded_sha256"));
    assertEquals(ContentHash.sha256Hex(new byte[] {9, 9, 9}), evidence.get("recomputed_sha256"));
    assertEquals("image", evidence.get("hashed"));
    Assertions.assertTrue(
        swap.<String>getAs("reason").contains("split-view"), swap.<String>getAs("reason"));
    assertEquals("https://photos.birds.org/x.png", swap.getAs("url"));
    assertEquals("shard-1", swap.getAs("source"));

    Row dup = flags.where("sample_id = 'dup-3' and detector = 'exact_duplicates'").first();
    Map<String, String> dupEvidence = dup.getJavaMap(dup.fieldIndex("evidence"));
    assertEquals("8", dupEvidence.get("group_size"));
    assertEquals(
        "1",
        dupEvidence.get("distinct_domains"),
        "spam0.example.org and spam1.example.org are one domain");
    assertEquals(8.0, dup.<Double>getAs("score"));
    assertEquals(5.0, dup.<Double>getAs("threshold"));

    Row rereg = flags.where("sample_id = 'rereg-1'").first();
    Assertions.assertTrue(
        rereg.<String>getAs("reason").contains("re-registered on 2023-06-01"),
        rereg.<String>getAs("reason"));

    Dataset<Row> verdicts = spark().read().parquet(out.resolve("verdicts").toString());
    assertEquals(19, verdicts.count());
    Row v = verdicts.where("sample_id = 'deny-0'").first();
    assertEquals("drop", v.getAs("action"));
    assertEquals(List.of("provenance"), v.getList(v.fieldIndex("detectors")));

    // The curated corpus keeps the input's own schema (LAION names, extra columns) minus dropped
    // rows.
    Dataset<Row> curated = spark().read().parquet(out.resolve("curated").toString());
    assertEquals(
        List.of(
            "key",
            "url",
            "caption",
            "jpg",
            "label",
            "sha256",
            "source",
            "crawl_time",
            "width",
            "run_id"),
        List.of(curated.schema().fieldNames()));
    Set<String> kept =
        curated.select("key").collectAsList().stream()
            .map(x -> x.getString(0))
            .collect(Collectors.toSet());
    Assertions.assertTrue(
        kept.contains("dup-0") && kept.contains("fresh-0") && kept.contains("img-ok"));
    Assertions.assertFalse(
        kept.contains("swap-0") || kept.contains("deny-1") || kept.contains("rereg-2"));

    Dataset<Row> lineage = spark().read().parquet(out.resolve("lineage").toString());
    assertEquals(145, lineage.count());
    assertEquals(3, lineage.select("input_file").distinct().count());
    assertEquals(
        List.of("sample_id", "input_file", "row_group", "row_index", "run_id"),
        List.of(lineage.schema().fieldNames()));
    assertEquals(
        145, lineage.where("row_group = 0").count(), "small files have one row group each");

    JsonNode runJson =
        new ObjectMapper().readTree(out.resolve("runs/run_id=run-1/run.json").toFile());
    assertEquals("run-1", runJson.get("run_id").asText());
    assertEquals(3, runJson.get("inputs").size());
    assertEquals(64, runJson.get("inputs").get(0).get("checksum").get("value").asText().length());
    assertEquals("caption", runJson.get("column_mapping").get("text").asText());
    assertEquals(145, runJson.get("counts").get("input_rows").asLong());
    Assertions.assertTrue(runJson.get("timings_ms").has("flag table"));
    assertEquals(
        5,
        runJson
            .get("config")
            .get("detectors")
            .get("exact-duplicates")
            .get("max-group-size")
            .asInt());
    assertEquals(
        r.runJson(),
        Files.readString(out.resolve("runs/run_id=run-1/run.json"), StandardCharsets.UTF_8));
  }

  @Test
  void aCommittedRunIsNeitherOverwrittenNorRepeatedUnlessAsked() throws Exception {
    Path out = tmp.resolve("out");
    AuditFixture.audit(spark(), input, out, "run-1", lists);
    List<String> before = AuditFixture.tree(out);
    RunOutputExistsException e =
        assertThrows(
            RunOutputExistsException.class,
            () -> AuditFixture.audit(spark(), input, out, "run-1", lists));
    Assertions.assertTrue(e.getMessage().contains("--overwrite"), e.getMessage());
    assertEquals(before, AuditFixture.tree(out), "untouched");

    Map<String, String> skip = new java.util.HashMap<>(lists);
    skip.put("output.if-exists", "skip");
    Assertions.assertTrue(AuditFixture.audit(spark(), input, out, "run-1", skip).skipped());

    Map<String, String> overwrite = new java.util.HashMap<>(lists);
    overwrite.put("output.if-exists", "overwrite");
    overwrite.put("detectors.exact-duplicates.enabled", "false");
    AuditResult again = AuditFixture.audit(spark(), input, out, "run-1", overwrite);
    assertFalse(again.skipped());
    assertEquals(
        Set.of("integrity", "provenance"),
        flaggedByDetector(out).keySet(),
        "the old run's flags are gone");

    AuditFixture.audit(spark(), input, out, "run-2", lists);
    assertEquals(
        2,
        spark()
            .read()
            .parquet(out.resolve("flags").toString())
            .select("run_id")
            .distinct()
            .count());
    assertEquals(List.of(), AuditFixture.tree(tmp.resolve(".antidote-staging")));
  }

  @Test
  void aRunFailingMidwayLeavesNothingUnderTheOutputRoot() throws Exception {
    Path out = tmp.resolve("out");
    io.antidote.detect.Detector failing =
        new io.antidote.detect.Detector() {
          @Override
          public String name() {
            return "a_detector_that_fails";
          }

          @Override
          public List<io.antidote.detect.DetectorInput> inputs() {
            return List.of(io.antidote.detect.DetectorInput.ROW_FACTS);
          }

          @Override
          public io.antidote.detect.DetectorResult flag(io.antidote.detect.DetectorInputs in) {
            // Fail inside a Spark job after the other detectors ran, with the run staged.
            in.rowFacts()
                .map(
                    (org.apache.spark.api.java.function.MapFunction<Row, Integer>)
                        row -> {
                          throw new IllegalStateException("executor lost its mind");
                        },
                    org.apache.spark.sql.Encoders.INT())
                .count();
            return io.antidote.detect.DetectorResult.notRun(name(), "unreachable");
          }
        };
    Exception e =
        assertThrows(
            Exception.class,
            () ->
                new AuditPipeline(
                        spark(),
                        AuditFixture.settings(input, out, withEmbedOff(lists)),
                        List.of(failing))
                    .run("run-1"));
    Assertions.assertTrue(
        String.valueOf(e.getMessage()).contains("executor lost its mind")
            || String.valueOf(e.getCause()).contains("executor lost its mind"),
        String.valueOf(e));
    assertFalse(Files.exists(out), "no output root: " + AuditFixture.tree(out));
    assertEquals(List.of(), AuditFixture.tree(tmp.resolve(".antidote-staging")));

    // An earlier run of this id killed mid-commit left a partition but no run.json: it is cleared.
    Files.createDirectories(out.resolve("flags/run_id=run-1/detector=integrity"));
    Files.writeString(out.resolve("flags/run_id=run-1/detector=integrity/part-0.parquet"), "junk");
    AuditFixture.audit(spark(), input, out, "run-1", lists);
    Assertions.assertFalse(
        Files.exists(out.resolve("flags/run_id=run-1/detector=integrity/part-0.parquet")));
    assertEquals(
        5,
        spark()
            .read()
            .parquet(out.resolve("flags").toString())
            .where("detector = 'integrity'")
            .count());
  }

  @Test
  void derivedSampleIdsWhenTheCorpusHasNone() {
    Dataset<Row> noIds = new LaionRows().clean(20).frame(spark()).drop("key");
    String in = tmp.resolve("noids").toUri().toString();
    noIds.write().parquet(in);
    Path out = tmp.resolve("out");
    AuditResult r = AuditFixture.audit(spark(), in, out, "r", Map.of());
    assertEquals(20, r.counts().auditedRows());
    Set<String> ids = new HashSet<>();
    spark()
        .read()
        .parquet(out.resolve("lineage").toString())
        .select("sample_id")
        .collectAsList()
        .forEach(x -> ids.add(x.getString(0)));
    assertEquals(20, ids.size(), "distinct derived ids");
    Assertions.assertTrue(ids.stream().allMatch(ContentHash::isSha256Hex));
  }

  private static Map<String, String> withEmbedOff(Map<String, String> extra) {
    Map<String, String> o = new java.util.LinkedHashMap<>(extra);
    o.put("embed.enabled", "false");
    return o;
  }
}
