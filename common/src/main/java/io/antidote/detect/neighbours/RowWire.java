package io.antidote.detect.neighbours;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The wire format of one row shipped by the self-join's shuffle, one encoder and one decoder for
 * both probing schemes. Why bytes and not a Row: a shuffled record is read once, by the partition
 * that searches it, and a flat buffer costs no Spark encoder per field.
 *
 * <p>Layout (big-endian): probe count, probe cells (per-query probing; none for per-cell probing,
 * where the index holds the probe lists), home cell, sample_id length and UTF-8 bytes, label length
 * (-1 = null) and UTF-8 bytes, then {@code dim} floats of the unit vector.
 */
final class RowWire {
  /** The probe list of a row shipped under per-cell probing. */
  static final int[] NO_PROBES = new int[0];

  private RowWire() {}

  /** Encodes one row; {@code probes} may be empty. */
  static byte[] encode(
      int[] probes, int home, String id, String label, float[] v, int off, int dim) {
    byte[] idb = id.getBytes(StandardCharsets.UTF_8);
    byte[] lb = label == null ? null : label.getBytes(StandardCharsets.UTF_8);
    ByteBuffer buf =
        ByteBuffer.allocate(
            4
                + 4 * probes.length
                + 4
                + 4
                + idb.length
                + 4
                + (lb == null ? 0 : lb.length)
                + 4 * dim);
    buf.putInt(probes.length);
    for (int c : probes) {
      buf.putInt(c);
    }
    buf.putInt(home).putInt(idb.length).put(idb).putInt(lb == null ? -1 : lb.length);
    if (lb != null) {
      buf.put(lb);
    }
    buf.asFloatBuffer().put(v, off, dim);
    return buf.array();
  }

  /**
   * Decodes {@code rec} (written by {@link #encode} with the same {@code dim}) into {@code out}.
   */
  static void decode(byte[] rec, ReceivedRows out) {
    ByteBuffer buf = ByteBuffer.wrap(rec);
    int np = buf.getInt();
    int[] probes = np == 0 ? NO_PROBES : new int[np];
    for (int j = 0; j < np; j++) {
      probes[j] = buf.getInt();
    }
    int home = buf.getInt();
    byte[] id = bytes(buf, buf.getInt());
    byte[] label = bytes(buf, buf.getInt());
    out.add(id, label, home, probes, buf.asFloatBuffer());
  }

  private static byte[] bytes(ByteBuffer buf, int length) {
    if (length < 0) {
      return null;
    }
    byte[] b = new byte[length];
    buf.get(b);
    return b;
  }
}
