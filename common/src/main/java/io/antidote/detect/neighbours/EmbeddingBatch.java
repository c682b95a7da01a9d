package io.antidote.detect.neighbours;

import java.util.Iterator;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.util.ArrayData;

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
   * Reads the next rows of {@code rows} (Spark's internal rows of sample_id, label,
   * array&lt;float&gt; embedding); returns how many. Internal rows, not external Rows: a Row boxes
   * every element of the vector, which cost the join more than its arithmetic. A zero or non-finite
   * vector fails the job with its sample id: cosine is undefined for it.
   */
  int read(Iterator<InternalRow> rows) {
    int b = 0;
    while (b < SIZE && rows.hasNext()) {
      InternalRow r = rows.next();
      ids[b] = r.getUTF8String(0).toString();
      labels[b] = r.isNullAt(1) ? null : r.getUTF8String(1).toString();
      ArrayData v = r.getArray(2);
      if (v.numElements() != dim) {
        throw new IllegalArgumentException(
            "embedding of sample_id '"
                + ids[b]
                + "' has "
                + v.numElements()
                + " dimensions, expected "
                + dim);
      }
      for (int i = 0; i < dim; i++) {
        if (v.isNullAt(i)) {
          throw new IllegalArgumentException(
              "embedding of sample_id '" + ids[b] + "' has a null at " + i);
        }
        vectors[b * dim + i] = v.getFloat(i);
      }
      if (!BlockedSimilarity.normalize(vectors, b * dim, dim)) {
        throw new IllegalArgumentException(
            "embedding of sample_id '" + ids[b] + "' has zero or non-finite length");
      }
      b++;
    }
    return b;
  }
}
