package io.antidote.embed;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;

/**
 * Pooling and normalisation on plain arrays. Done in Java rather than with NDArray operators
 * because the ONNX Runtime engine implements few NDArray operators itself; this keeps the
 * translators engine-neutral.
 */
final class Vectors {
  private Vectors() {}

  /** The output to embed: a named token/sentence output if the model has one, else the first. */
  static NDArray pickOutput(NDList outputs) {
    for (String preferred :
        new String[] {
          "sentence_embedding",
          "text_embeds",
          "image_embeds",
          "last_hidden_state",
          "token_embeddings"
        }) {
      NDArray a = outputs.get(preferred);
      if (a != null) {
        return a;
      }
    }
    return outputs.get(0);
  }

  /**
   * Rows of {@code out}: a [B, L, H] token output is pooled (mean over unmasked tokens, or the
   * first token); a [B, D] output is taken as it is; any other [B, ...] is flattened per row.
   */
  static float[][] rows(
      NDArray out, long[][] attentionMask, EmbeddingSettings.Pooling pooling, boolean normalize) {
    Shape shape = out.getShape();
    int b = (int) shape.get(0);
    float[] flat = out.toType(ai.djl.ndarray.types.DataType.FLOAT32, false).toFloatArray();
    float[][] rows = new float[b][];
    if (shape.dimension() == 3 && attentionMask != null) {
      int len = (int) shape.get(1);
      int h = (int) shape.get(2);
      for (int i = 0; i < b; i++) {
        float[] v = new float[h];
        if (pooling == EmbeddingSettings.Pooling.CLS) {
          System.arraycopy(flat, i * len * h, v, 0, h);
        } else {
          double count = 0;
          for (int t = 0; t < len; t++) {
            if (attentionMask[i][t] == 0) {
              continue;
            }
            count++;
            int base = (i * len + t) * h;
            for (int k = 0; k < h; k++) {
              v[k] += flat[base + k];
            }
          }
          float inv = (float) (1.0 / Math.max(count, 1e-9));
          for (int k = 0; k < h; k++) {
            v[k] *= inv;
          }
        }
        rows[i] = v;
      }
    } else {
      int d = flat.length / Math.max(b, 1);
      for (int i = 0; i < b; i++) {
        rows[i] = new float[d];
        System.arraycopy(flat, i * d, rows[i], 0, d);
      }
    }
    if (normalize) {
      for (float[] v : rows) {
        l2Normalize(v);
      }
    }
    return rows;
  }

  static void l2Normalize(float[] v) {
    double ss = 0;
    for (float x : v) {
      ss += (double) x * x;
    }
    double n = Math.max(Math.sqrt(ss), 1e-12);
    for (int k = 0; k < v.length; k++) {
      v[k] = (float) (v[k] / n);
    }
  }

  static double cosine(float[] a, float[] b) {
    double dot = 0, na = 0, nb = 0;
    for (int i = 0; i < a.length; i++) {
      dot += (double) a[i] * b[i];
      na += (double) a[i] * a[i];
      nb += (double) b[i] * b[i];
    }
    return dot / Math.max(Math.sqrt(na * nb), 1e-24);
  }
}
