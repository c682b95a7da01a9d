package io.antidote.detect.neighbours;

/**
 * Exact k nearest neighbours (cosine) of every row against every other row in one JVM, by blocked
 * sgemm: the yardstick the inverted-file search is measured against, and the search used inside one
 * cell group.
 */
public final class ExactKnn {
  private ExactKnn() {}

  /** {@code x}: n unit rows, row-major. */
  public static KnnResult selfJoin(float[] x, int n, int dim, int k) {
    int[] ids = new int[n];
    for (int i = 0; i < n; i++) {
      ids[i] = i;
    }
    TopKHeaps heaps = new TopKHeaps(n, k);
    BlockedSimilarity.scoreAll(x, ids, n, x, ids, n, dim, heaps, 0);
    KnnResult result = new KnnResult(n, k);
    for (int i = 0; i < n; i++) {
      result.fill(i, heaps, i);
    }
    return result;
  }
}
