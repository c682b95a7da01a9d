package io.antidote.rollup;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.antidote.audit.AuditResult;
import io.antidote.corpus.RowFacts;
import io.antidote.flags.FlagSchema;
import io.antidote.flags.VerdictSchema;
import io.antidote.testing.AuditFixture;
import io.antidote.testing.LaionUrlCorpus;
import io.antidote.testing.SparkTestBase;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The roll-up table of an audit on LAION-style URLs equals a count made here, row by row in plain
 * Java, from the run's flags and verdicts and each row's domain, source and file as written by hand
 * in the fixture.
 */
class RollupsTest extends SparkTestBase {
  @TempDir Path tmp;

  /** dimension, key (null as "null"), then rows, flagged, dropped and the per-detector map. */
  private record Line(long rows, long flagged, long dropped, Map<String, Long> byDetector) {}

  @Test
  void rollupsEqualAnIndependentCountPerDomainSourceAndFile() throws Exception {
    LaionUrlCorpus corpus = new LaionUrlCorpus("plain");
    Map<String, String> o = corpus.write(spark(), tmp.resolve("corpus"));
    Path out = tmp.resolve("out");
    AuditResult result = AuditFixture.audit(spark(), "unused", out, "r1", o);

    Map<String, Set<String>> flaggedBy = new TreeMap<>();
    for (Row r :
        spark()
            .read()
            .parquet(out.resolve("flags").toString())
            .select("sample_id", "detector")
            .collectAsList()) {
      flaggedBy.computeIfAbsent(r.getString(0), k -> new TreeSet<>()).add(r.getString(1));
    }
    Map<String, String> action = new TreeMap<>();
    for (Row r :
        spark()
            .read()
            .parquet(out.resolve("verdicts").toString())
            .select("sample_id", "action")
            .collectAsList()) {
      action.put(r.getString(0), r.getString(1));
    }
    // The planted poison was found, so the roll-ups have something to count.
    assertEquals(16, action.size(), "8 campaign, 5 deny-listed, 3 swapped rows");
    assertEquals(8, action.values().stream().filter("drop"::equals).count());

    Set<String> detectors = result.counts().flagsByDetector().keySet();
    Map<String, Line> expected = new TreeMap<>();
    for (var e : corpus.facts().entrySet()) {
      LaionUrlCorpus.Facts f = e.getValue();
      String id = e.getKey();
      for (String[] dk :
          List.of(
              new String[] {"domain", f.domain()},
              new String[] {"source", f.source()},
              new String[] {"input_file", f.file()})) {
        String k = dk[0] + "|" + dk[1];
        Line old = expected.getOrDefault(k, new Line(0, 0, 0, zeros(detectors)));
        Map<String, Long> by = new TreeMap<>(old.byDetector());
        flaggedBy.getOrDefault(id, Set.of()).forEach(d -> by.merge(d, 1L, Long::sum));
        expected.put(
            k,
            new Line(
                old.rows() + 1,
                old.flagged() + (action.containsKey(id) ? 1 : 0),
                old.dropped() + ("drop".equals(action.get(id)) ? 1 : 0),
                by));
      }
    }

    Map<String, Line> actual = new TreeMap<>();
    for (Row r : spark().read().parquet(out.resolve("rollups").toString()).collectAsList()) {
      String key = r.getAs("key");
      String dimension = r.getAs("dimension");
      if (dimension.equals("input_file")) {
        // The file's URI as Spark names it; the fixture knows only which folder it wrote.
        Assertions.assertTrue(
            key.contains("/corpus/a/part-") || key.contains("/corpus/b/part-"), key);
        key = key.contains("/corpus/a/") ? LaionUrlCorpus.FILE_A : LaionUrlCorpus.FILE_B;
      }
      assertEquals("r1", r.getAs("run_id"));
      long rows = r.getAs("rows");
      long flagged = r.getAs("flagged");
      assertEquals((double) flagged / rows, r.<Double>getAs("flagged_share"), 1e-12);
      actual.put(
          dimension + "|" + key,
          new Line(
              rows,
              flagged,
              r.getAs("dropped"),
              new TreeMap<>(r.<String, Long>getJavaMap(r.fieldIndex("flagged_by_detector")))));
    }
    assertEquals(expected, actual);
    assertEquals(
        new Line(5, 5, 5, Map.of("exact_duplicates", 0L, "integrity", 0L, "provenance", 5L)),
        new Line(
            actual.get("domain|cheap-pills.biz").rows(),
            actual.get("domain|cheap-pills.biz").flagged(),
            actual.get("domain|cheap-pills.biz").dropped(),
            Map.of(
                "exact_duplicates",
                actual.get("domain|cheap-pills.biz").byDetector().get("exact_duplicates"),
                "integrity",
                actual.get("domain|cheap-pills.biz").byDetector().get("integrity"),
                "provenance",
                actual.get("domain|cheap-pills.biz").byDetector().get("provenance"))),
        "the deny-listed domain is flagged and dropped whole, by provenance alone");
    assertEquals(2, actual.get("domain|null").rows(), "no URL and a junk URL");
  }

  @Test
  void aRunWhereNoDetectorRanHasEmptyDetectorMaps() {
    StructType facts =
        new StructType()
            .add(RowFacts.SAMPLE_ID, DataTypes.StringType)
            .add(RowFacts.SOURCE, DataTypes.StringType)
            .add(RowFacts.DOMAIN, DataTypes.StringType)
            .add(RowFacts.INPUT_FILE, DataTypes.StringType);
    StructType verdicts =
        new StructType()
            .add(VerdictSchema.SAMPLE_ID, DataTypes.StringType)
            .add(VerdictSchema.ACTION, DataTypes.StringType);
    StructType flags =
        new StructType()
            .add(FlagSchema.SAMPLE_ID, DataTypes.StringType)
            .add(FlagSchema.DETECTOR, DataTypes.StringType);
    List<Row> rows =
        Rollups.of(
                spark()
                    .createDataFrame(
                        List.of(
                            RowFactory.create("s1", "shard-0", "pinimg.com", "f1"),
                            RowFactory.create("s2", "shard-0", null, "f1")),
                        facts),
                spark().createDataFrame(List.of(), flags),
                spark().createDataFrame(List.of(), verdicts),
                List.of())
            .orderBy("dimension", "key")
            .collectAsList();
    assertEquals(
        List.of(
            "domain|null|1|0|0|{}",
            "domain|pinimg.com|1|0|0|{}",
            "input_file|f1|2|0|0|{}",
            "source|shard-0|2|0|0|{}"),
        rows.stream()
            .map(
                r ->
                    r.getAs("dimension")
                        + "|"
                        + r.getAs("key")
                        + "|"
                        + r.getAs("rows")
                        + "|"
                        + r.getAs("flagged")
                        + "|"
                        + r.getAs("dropped")
                        + "|"
                        + r.getJavaMap(r.fieldIndex("flagged_by_detector")))
            .toList());
  }

  private static Map<String, Long> zeros(Set<String> detectors) {
    Map<String, Long> m = new TreeMap<>();
    detectors.forEach(d -> m.put(d, 0L));
    return m;
  }
}
