package io.antidote.detect.neighbours;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;
import scala.Tuple2;

/** The shuffle's record format: what is encoded is decoded, with and without probes and labels. */
class RowWireTest {
  @Test
  void roundTripsRowsWithAndWithoutProbeListsAndLabels() {
    float[] v = {9f, 0.5f, -0.25f, 1f, 9f};
    byte[] withProbes =
        RowWire.encode(new int[] {4, 1, 7}, 4, "s\u00e9000001", "c\u00e0t", v, 1, 3);
    byte[] bare = RowWire.encode(new int[0], 2, "s2", null, v, 2, 3);
    Iterator<Tuple2<Integer, byte[]>> shipped =
        List.of(new Tuple2<>(0, withProbes), new Tuple2<>(0, bare)).iterator();
    ReceivedRows rows = ReceivedRows.read(shipped, 3);
    assertEquals(2, rows.size());
    assertEquals("s\u00e9000001", rows.id(0));
    assertEquals("c\u00e0t", rows.label(0));
    assertEquals(4, rows.home(0));
    assertArrayEquals(new int[] {4, 1, 7}, rows.probes(0));
    assertArrayEquals(new float[] {0.5f, -0.25f, 1f}, rows.gather(List.of(0)));
    assertEquals("s2", rows.id(1));
    assertNull(rows.label(1));
    assertEquals(2, rows.home(1));
    assertEquals(0, rows.probes(1).length);
    assertArrayEquals(new float[] {-0.25f, 1f, 9f}, rows.gather(List.of(1)));
  }
}
