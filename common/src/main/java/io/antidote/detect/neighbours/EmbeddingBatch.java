package io.antidote.detect.neighbours;

import java.util.Iterator;
import java.util.List;
import org.apache.spark.sql.Row;

/**
 * Up to {@link #SIZE} input rows (sample_id, label, embedding) read into flat arrays, every vector
 * unit length: the map side scores a batch against the centroids with one sgemm instead of one row
 * at a time. The arrays are reused batch after batch.
 */
final class EmbeddingBatch {
  static final int SIZE = 2048;

  final int dim;
  final float[] vectors;
  final String[] ids = new String[SIZE];
  final String[] labels = new String[SIZE];

  EmbeddingBatch(int dim) {
    this.dim = dim;
    this.vectors = new float[SIZE * dim];
  }

  /**
   * Reads the next rows of {@code rows} (fields: sample_id, label, embedding); returns how many. A
   * zero or non-finite vector fails the job with its sample id: cosine is undefined for it.
   */
  int read(Iterator<Row> rows) {
    int b = 0;
    while (b < SIZE && rows.hasNext()) {
      Row r = rows.next();
      ids[b] = r.getString(0);
      labels[b] = r.isNullAt(1) ? null : r.getString(1);
      copy(r, 2, ids[b], dim, vectors, b * dim);
      if (!BlockedSimilarity.normalize(vectors, b * dim, dim)) {
        throw new IllegalArgumentException(
            "embedding of sample_id '" + ids[b] + "' has zero or non-finite length");
      }
      b++;
    }
    return b;
  }

  /** Copies the embedding in {@code row}'s field {@code field} to out[off .. off + dim). */
  static void copy(Row row, int field, String id, int dim, float[] out, int off) {
    List<Object> v = row.getList(field);
    if (v.size() != dim) {
      throw new IllegalArgumentException(
          "embedding of sample_id '" + id + "' has " + v.size() + " dimensions, expected " + dim);
    }
    for (int i = 0; i < dim; i++) {
      Object x = v.get(i);
      if (x == null) {
        throw new IllegalArgumentException(
            "embedding of sample_id '" + id + "' has a null at " + i);
      }
      out[off + i] = ((Number) x).floatValue();
    }
  }
}
