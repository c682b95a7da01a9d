package io.antidote.detect.neighbours;

import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import scala.Tuple2;

/**
 * The rows one search partition received from the shuffle, column by column (vectors in flat
 * chunks, gathered per cell into one array for the sgemm kernel). A partition has to hold them all:
 * its cells are scored only once every member has arrived; the plan bounds how many rows that is
 * ({@code rows-per-partition} homed rows and the neighbouring cells' rows shipped to them).
 */
final class ReceivedRows {
  private final int dim;
  private final List<String> ids = new ArrayList<>();
  private final List<String> labels = new ArrayList<>();
  // The same as sent, so that a row named in many partial lists is not encoded again each time.
  private final List<byte[]> idBytes = new ArrayList<>();
  private final List<byte[]> labelBytes = new ArrayList<>();
  private final List<int[]> probes = new ArrayList<>();
  private int[] homes = new int[1024];
  // Vectors in fixed chunks of CHUNK rows: a partition's hundreds of MB are never copied to grow.
  private static final int CHUNK = 4096;
  private final List<float[]> vectors = new ArrayList<>();

  private ReceivedRows(int dim) {
    this.dim = dim;
  }

  /** Decodes every shipped record of this partition. */
  static ReceivedRows read(Iterator<Tuple2<Integer, byte[]>> shipped, int dim) {
    ReceivedRows rows = new ReceivedRows(dim);
    while (shipped.hasNext()) {
      RowWire.decode(shipped.next()._2(), rows);
    }
    return rows;
  }

  /** One row; its sample_id and label as UTF-8 bytes (label null when absent). */
  void add(byte[] id, byte[] label, int home, int[] probeCells, FloatBuffer vector) {
    int row = ids.size();
    if (row % CHUNK == 0) {
      vectors.add(new float[CHUNK * dim]);
    }
    if (row == homes.length) {
      homes = Arrays.copyOf(homes, homes.length * 2);
    }
    vector.get(vectors.get(row / CHUNK), (row % CHUNK) * dim, dim);
    idBytes.add(id);
    labelBytes.add(label);
    ids.add(new String(id, StandardCharsets.UTF_8));
    labels.add(label == null ? null : new String(label, StandardCharsets.UTF_8));
    homes[row] = home;
    probes.add(probeCells);
  }

  int size() {
    return ids.size();
  }

  String id(int row) {
    return ids.get(row);
  }

  byte[] idBytes(int row) {
    return idBytes.get(row);
  }

  /** The label's UTF-8 bytes, null when the row has none. */
  byte[] labelBytes(int row) {
    return labelBytes.get(row);
  }

  String label(int row) {
    return labels.get(row);
  }

  int home(int row) {
    return homes[row];
  }

  /** The cells the row probes (per-query probing only; empty otherwise). */
  int[] probes(int row) {
    return probes.get(row);
  }

  /** Copies the vectors of {@code rows} into one row-major array. */
  float[] gather(List<Integer> rows) {
    float[] out = new float[rows.size() * dim];
    for (int i = 0; i < rows.size(); i++) {
      int r = rows.get(i);
      System.arraycopy(vectors.get(r / CHUNK), (r % CHUNK) * dim, out, i * dim, dim);
    }
    return out;
  }
}
