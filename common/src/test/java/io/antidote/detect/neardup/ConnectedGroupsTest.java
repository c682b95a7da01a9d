package io.antidote.detect.neardup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.antidote.testing.SparkTestBase;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;

/** Connected components on Spark against components known by construction. */
class ConnectedGroupsTest extends SparkTestBase {
  private Dataset<Row> edges(List<String[]> pairs) {
    List<Row> rows = new ArrayList<>();
    for (String[] p : pairs) {
      String a = p[0].compareTo(p[1]) < 0 ? p[0] : p[1];
      String b = p[0].compareTo(p[1]) < 0 ? p[1] : p[0];
      rows.add(RowFactory.create(a, b, p.length > 2 ? p[2] : NearDuplicateEdges.KIND_TEXT, 0.9));
    }
    return spark().createDataFrame(rows, NearDuplicateEdges.SCHEMA);
  }

  @Test
  void chainsStarsAndMixedKindsSettleOnTheLeastId() {
    List<String[]> pairs = new ArrayList<>();
    // A chain of 64 nodes given in shuffled order: diameter 63.
    for (int i = 0; i < 63; i++) {
      pairs.add(
          new String[] {
            String.format("c%02d", (i * 37) % 63 + 1), String.format("c%02d", (i * 37) % 63)
          });
    }
    // A star around its largest id, and two image edges joining a text pair into a group.
    for (int i = 0; i < 5; i++) {
      pairs.add(new String[] {"s9", "s" + i});
    }
    pairs.add(new String[] {"t1", "t2"});
    pairs.add(new String[] {"t2", "u1", NearDuplicateEdges.KIND_IMAGE});
    pairs.add(new String[] {"u1", "u0", NearDuplicateEdges.KIND_IMAGE});
    ConnectedGroups.Components c = new ConnectedGroups(30).of(edges(pairs));
    Map<String, String> group = new TreeMap<>();
    for (Row r : c.members().collectAsList()) {
      group.put(r.getString(0), r.getString(1));
    }
    assertEquals(64 + 6 + 4, group.size());
    for (int i = 0; i < 64; i++) {
      assertEquals("c00", group.get(String.format("c%02d", i)));
    }
    for (int i = 0; i < 5; i++) {
      assertEquals("s0", group.get("s" + i));
    }
    assertEquals("s0", group.get("s9"));
    for (String t : List.of("t1", "t2", "u0", "u1")) {
      assertEquals("t1", group.get(t));
    }
    // Pointer jumping: far fewer rounds than the chain's diameter.
    System.out.println("chain of 64: " + c.rounds() + " rounds");
    org.junit.jupiter.api.Assertions.assertTrue(c.rounds() <= 15, "rounds " + c.rounds());

    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> new ConnectedGroups(2).of(edges(pairs)));
    org.junit.jupiter.api.Assertions.assertTrue(
        e.getMessage().contains("antidote.near-duplicates.max-iterations"), e.getMessage());
  }
}
