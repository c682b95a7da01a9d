package io.antidote.curation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.antidote.flags.FlagSchema;
import io.antidote.testing.AuditFixture;
import io.antidote.testing.LaionRows;
import io.antidote.testing.SparkTestBase;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The curated corpus's partition_id through real audits: the same content lands in the same
 * partition whatever its id, row order or file, and with partitions off the schema is the input's.
 */
class CertifiedPartitionsAuditTest extends SparkTestBase {
  @TempDir Path tmp;

  @Test
  void sameContentSamePartitionAcrossRunsAndOrders() {
    byte[] png = {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3};
    LaionRows first = new LaionRows().clean(30);
    first.image("img-a", "http://photos.birds.org/i/a", "a bird", png, "2023-01-01T00:00:00Z");
    // The same content under other ids, in another order and another number of files.
    List<Row> shuffled = new ArrayList<>();
    for (Row r : first.rows()) {
      List<Object> v = new ArrayList<>();
      for (int i = 0; i < r.length(); i++) {
        v.add(r.get(i));
      }
      v.set(0, "other-" + r.getString(0));
      shuffled.add(org.apache.spark.sql.RowFactory.create(v.toArray()));
    }
    Collections.shuffle(shuffled, new Random(7));
    LaionRows second = new LaionRows();
    second.rows().addAll(shuffled);

    Map<String, String> on = new HashMap<>(Map.of("curation.partitions", "7"));
    String in1 = first.write(spark(), tmp.resolve("c1"), 1);
    String in2 = second.write(spark(), tmp.resolve("c2"), 3);
    Path out = tmp.resolve("out");
    AuditFixture.audit(spark(), in1, out, "p1", on);
    AuditFixture.audit(spark(), in2, out, "p2", on);
    Dataset<Row> curated = spark().read().parquet(out.resolve("curated").toString());
    Map<String, Integer> byContent1 = partitions(curated, "p1");
    Map<String, Integer> byContent2 = partitions(curated, "p2");
    assertEquals(31, byContent1.size());
    assertEquals(byContent1, byContent2);
    for (Map.Entry<String, Integer> e : byContent1.entrySet()) {
      String[] parts = e.getKey().split("\u0000", -1);
      byte[] image = parts[1].isEmpty() ? null : png;
      assertEquals(ContentPartition.of(image, parts[0], 7), e.getValue(), e.getKey());
    }
  }

  @Test
  void offByDefaultLeavesTheSchemaUnchanged() {
    String in = new LaionRows().clean(10).write(spark(), tmp.resolve("c"), 1);
    Path out = tmp.resolve("out");
    AuditFixture.audit(spark(), in, out, "off", Map.of());
    Dataset<Row> curated = spark().read().parquet(out.resolve("curated").toString());
    List<String> expected = new ArrayList<>(List.of(LaionRows.SCHEMA.fieldNames()));
    expected.add(FlagSchema.RUN_ID);
    assertEquals(expected, List.of(curated.columns()));
    Assertions.assertFalse(List.of(curated.columns()).contains(CertifiedPartitions.PARTITION_ID));
  }

  /** caption NUL has-image -> partition, for one run. */
  private static Map<String, Integer> partitions(Dataset<Row> curated, String runId) {
    Map<String, Integer> m = new HashMap<>();
    for (Row r :
        curated
            .where(curated.col(FlagSchema.RUN_ID).equalTo(runId))
            .select("caption", "jpg", CertifiedPartitions.PARTITION_ID)
            .collectAsList()) {
      String key = r.getString(0) + "\u0000" + (r.isNullAt(1) ? "" : "img");
      Integer previous = m.put(key, r.getInt(2));
      Assertions.assertNull(previous, "one row per content in " + runId + ": " + key);
    }
    return m;
  }
}
