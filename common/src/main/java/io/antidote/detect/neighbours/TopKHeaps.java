package io.antidote.detect.neighbours;

import java.util.Arrays;

/**
 * The k most similar candidates for each of many queries, as one flat min-heap per query (the root
 * is the weakest kept neighbour, so a candidate is rejected with one comparison). Ties are broken
 * by the smaller candidate index, so results do not depend on the order candidates arrive in.
 */
public final class TopKHeaps {
  private final int k;
  private final float[] sims;
  private final int[] ids;
  private final int[] sizes;

  public TopKHeaps(int queries, int k) {
    if (k < 1) {
      throw new IllegalArgumentException("k must be >= 1, was " + k);
    }
    this.k = k;
    this.sims = new float[queries * k];
    this.ids = new int[queries * k];
    this.sizes = new int[queries];
  }

  public int k() {
    return k;
  }

  public int queries() {
    return sizes.length;
  }

  /** Keeps {@code id} for query {@code q} if it is among the k most similar seen so far. */
  public void offer(int q, float sim, int id) {
    int base = q * k;
    int size = sizes[q];
    if (size < k) {
      int i = size;
      sizes[q] = size + 1;
      // sift up
      while (i > 0) {
        int parent = (i - 1) >>> 1;
        if (!weaker(sim, id, sims[base + parent], ids[base + parent])) {
          break;
        }
        sims[base + i] = sims[base + parent];
        ids[base + i] = ids[base + parent];
        i = parent;
      }
      sims[base + i] = sim;
      ids[base + i] = id;
      return;
    }
    if (!weaker(sims[base], ids[base], sim, id)) {
      return;
    }
    // replace root, sift down
    int i = 0;
    while (true) {
      int left = 2 * i + 1;
      if (left >= k) {
        break;
      }
      int right = left + 1;
      int child = left;
      if (right < k
          && weaker(sims[base + right], ids[base + right], sims[base + left], ids[base + left])) {
        child = right;
      }
      if (!weaker(sims[base + child], ids[base + child], sim, id)) {
        break;
      }
      sims[base + i] = sims[base + child];
      ids[base + i] = ids[base + child];
      i = child;
    }
    sims[base + i] = sim;
    ids[base + i] = id;
  }

  /** The weakest similarity kept for {@code q}, or -infinity while fewer than k are kept. */
  public float floor(int q) {
    return sizes[q] < k ? Float.NEGATIVE_INFINITY : sims[q * k];
  }

  public int size(int q) {
    return sizes[q];
  }

  /**
   * Neighbour indices of {@code q}, most similar first; {@code outSims} (may be null) gets their
   * similarities.
   */
  public int[] sorted(int q, float[] outSims) {
    int base = q * k;
    int n = sizes[q];
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Arrays.sort(
        order,
        (a, b) -> {
          int c = Float.compare(sims[base + b], sims[base + a]);
          return c != 0 ? c : Integer.compare(ids[base + a], ids[base + b]);
        });
    int[] out = new int[n];
    for (int i = 0; i < n; i++) {
      out[i] = ids[base + order[i]];
      if (outSims != null) {
        outSims[i] = sims[base + order[i]];
      }
    }
    return out;
  }

  /** a ranks below b: smaller similarity, or equal similarity and larger index. */
  private static boolean weaker(float simA, int idA, float simB, int idB) {
    return simA < simB || (simA == simB && idA > idB);
  }
}
