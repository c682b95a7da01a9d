package io.antidote.detect.neighbours;

/**
 * The k nearest neighbours of n rows: row-major n x k neighbour indices (-1 where a row has fewer
 * than k neighbours) and their cosine similarities, most similar first.
 */
public final class KnnResult {
  public final int n;
  public final int k;
  public final int[] neighbours;
  public final float[] similarities;

  public KnnResult(int n, int k) {
    this.n = n;
    this.k = k;
    this.neighbours = new int[n * k];
    this.similarities = new float[n * k];
    java.util.Arrays.fill(neighbours, -1);
    java.util.Arrays.fill(similarities, Float.NaN);
  }

  /** Copies heap {@code heap} into row {@code row}. */
  void fill(int row, TopKHeaps heaps, int heap) {
    float[] sims = new float[heaps.k()];
    int[] ids = heaps.sorted(heap, sims);
    System.arraycopy(ids, 0, neighbours, row * k, ids.length);
    System.arraycopy(sims, 0, similarities, row * k, ids.length);
  }

  /** Share of the exact neighbour sets found here: |approx ∩ exact| / |exact|, over all rows. */
  public double recallAgainst(KnnResult exact) {
    if (exact.n != n || exact.k != k) {
      throw new IllegalArgumentException(
          "shapes differ: " + n + "x" + k + " vs " + exact.n + "x" + exact.k);
    }
    long hit = 0;
    long total = 0;
    for (int r = 0; r < n; r++) {
      java.util.Set<Integer> mine = new java.util.HashSet<>();
      for (int j = 0; j < k; j++) {
        mine.add(neighbours[r * k + j]);
      }
      for (int j = 0; j < k; j++) {
        int e = exact.neighbours[r * k + j];
        if (e < 0) {
          continue;
        }
        total++;
        if (mine.contains(e)) {
          hit++;
        }
      }
    }
    return total == 0 ? 1.0 : (double) hit / total;
  }
}
