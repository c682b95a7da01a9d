package io.antidote.detect.neighbours;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import scala.Tuple2;

/**
 * The partial top-k lists of per-query probing: what one search partition found for a row among the
 * cells it holds, as bytes, and their merge into the row's final list. Why bytes, and a sort rather
 * than a grouping on Spark rows: the merge used to decode three arrays per partial into external
 * Rows, which cost more than the search; sorted by sample_id, a task merges one row's partials at a
 * time and holds nothing else.
 *
 * <p>Layout (big-endian): home cell, the row's label (length, -1 = null, UTF-8), the number of
 * neighbours, then per neighbour its similarity, sample_id and label.
 */
final class PartialLists {
  private PartialLists() {}

  /** Row {@code self}'s neighbours {@code nb} (rows here) with similarities {@code sims}. */
  static byte[] encode(ReceivedRows rows, int self, int[] nb, float[] sims) {
    byte[] label = rows.labelBytes(self);
    int size = 4 + 4 + (label == null ? 0 : label.length) + 4;
    for (int j = 0; j < nb.length; j++) {
      byte[] l = rows.labelBytes(nb[j]);
      size += 4 + 4 + rows.idBytes(nb[j]).length + 4 + (l == null ? 0 : l.length);
    }
    ByteBuffer buf = ByteBuffer.allocate(size);
    buf.putInt(rows.home(self));
    put(buf, label);
    buf.putInt(nb.length);
    for (int j = 0; j < nb.length; j++) {
      buf.putFloat(sims[j]);
      put(buf, rows.idBytes(nb[j]));
      put(buf, rows.labelBytes(nb[j]));
    }
    return buf.array();
  }

  /**
   * Rows of {@link KnnSelfJoin#SCHEMA} from (sample_id, partial) pairs sorted by sample_id: each
   * row's partials merged, top {@code k} by similarity, ties by sample_id.
   */
  static Iterator<Row> merged(Iterator<Tuple2<String, byte[]>> sorted, int k) {
    return new Iterator<>() {
      private Tuple2<String, byte[]> next = sorted.hasNext() ? sorted.next() : null;

      @Override
      public boolean hasNext() {
        return next != null;
      }

      @Override
      public Row next() {
        if (next == null) {
          throw new NoSuchElementException();
        }
        String id = next._1();
        List<byte[]> partials = new ArrayList<>();
        while (next != null && next._1().equals(id)) {
          partials.add(next._2());
          next = sorted.hasNext() ? sorted.next() : null;
        }
        return merge(id, partials, k);
      }
    };
  }

  /**
   * One row's final list from its partials. Entries are compared where they lie in the buffers;
   * only the k kept become strings.
   */
  static Row merge(String id, List<byte[]> partials, int k) {
    int cell = 0;
    String label = null;
    int total = 0;
    for (byte[] p : partials) {
      total += ByteBuffer.wrap(p).getInt(8 + Math.max(0, ByteBuffer.wrap(p).getInt(4)));
    }
    float[] sims = new float[total];
    int[] from = new int[total];
    int[] idAt = new int[total];
    int[] idLength = new int[total];
    int e = 0;
    for (int p = 0; p < partials.size(); p++) {
      ByteBuffer buf = ByteBuffer.wrap(partials.get(p));
      int home = buf.getInt();
      String l = string(buf);
      if (p == 0) {
        cell = home;
        label = l;
      }
      int m = buf.getInt();
      for (int j = 0; j < m; j++, e++) {
        sims[e] = buf.getFloat();
        from[e] = p;
        idLength[e] = buf.getInt();
        idAt[e] = buf.position();
        buf.position(idAt[e] + idLength[e]);
        int labelLength = buf.getInt();
        buf.position(buf.position() + Math.max(0, labelLength));
      }
    }
    Integer[] order = new Integer[total];
    for (int j = 0; j < total; j++) {
      order[j] = j;
    }
    java.util.Arrays.sort(
        order,
        (a, b) -> {
          int c = Float.compare(sims[b], sims[a]);
          return c != 0
              ? c
              : java.util.Arrays.compareUnsigned(
                  partials.get(from[a]),
                  idAt[a],
                  idAt[a] + idLength[a],
                  partials.get(from[b]),
                  idAt[b],
                  idAt[b] + idLength[b]);
        });
    int m = Math.min(k, total);
    String[] ids = new String[m];
    String[] labels = new String[m];
    float[] kept = new float[m];
    for (int j = 0; j < m; j++) {
      int x = order[j];
      ByteBuffer buf = ByteBuffer.wrap(partials.get(from[x]));
      buf.position(idAt[x] - 4);
      ids[j] = string(buf);
      labels[j] = string(buf);
      kept[j] = sims[x];
    }
    return RowFactory.create(id, label, cell, ids, labels, kept);
  }

  private static void put(ByteBuffer buf, byte[] b) {
    buf.putInt(b == null ? -1 : b.length);
    if (b != null) {
      buf.put(b);
    }
  }

  private static String string(ByteBuffer buf) {
    int length = buf.getInt();
    if (length < 0) {
      return null;
    }
    String s = new String(buf.array(), buf.position(), length, StandardCharsets.UTF_8);
    buf.position(buf.position() + length);
    return s;
  }
}
