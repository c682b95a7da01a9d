package io.antidote.detect.neighbours;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import scala.Tuple2;

/**
 * The rows one search partition received from the shuffle, column by column (vectors in one flat
 * array for the sgemm kernel). A partition has to hold them all: its cell groups are scored only
 * once every member has arrived.
 */
final class ReceivedRows {
  private final int dim;
  private final List<String> ids = new ArrayList<>();
  private final List<String> labels = new ArrayList<>();
  private final List<int[]> probes = new ArrayList<>();
  private int[] homes = new int[1024];
  private float[] vectors;

  private ReceivedRows(int dim) {
    this.dim = dim;
    this.vectors = new float[1024 * dim];
  }

  /** Decodes every shipped record of this partition. */
  static ReceivedRows read(Iterator<Tuple2<Integer, byte[]>> shipped, int dim) {
    ReceivedRows rows = new ReceivedRows(dim);
    while (shipped.hasNext()) {
      RowWire.decode(shipped.next()._2(), rows);
    }
    return rows;
  }

  void add(String id, String label, int home, int[] probeCells, FloatBuffer vector) {
    int row = ids.size();
    if ((row + 1) * dim > vectors.length) {
      vectors = Arrays.copyOf(vectors, vectors.length * 2);
    }
    if (row == homes.length) {
      homes = Arrays.copyOf(homes, homes.length * 2);
    }
    vector.get(vectors, row * dim, dim);
    ids.add(id);
    labels.add(label);
    homes[row] = home;
    probes.add(probeCells);
  }

  int size() {
    return ids.size();
  }

  String id(int row) {
    return ids.get(row);
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
      System.arraycopy(vectors, rows.get(i) * dim, out, i * dim, dim);
    }
    return out;
  }
}
