package io.antidote.detect.neighbours;

/**
 * Exact k nearest neighbours (cosine) of every row against every other row in one JVM, by blocked
 * sgemm: the yardstick the inverted-file search is measured against, and the search used inside one
 * cell group.
 */
public final class ExactKnn {
  private ExactKnn() {}

  /**
   * As {@link #selfJoin(float[], int, int, int)} on {@code threads} threads, each scoring a
   * contiguous share of the queries against all rows: exact search on every core when the BLAS
   * itself runs one thread per call (OPENBLAS_NUM_THREADS=1, as Spark's executors want it).
   */
  public static KnnResult selfJoin(float[] x, int n, int dim, int k, int threads) {
    int[] ids = new int[n];
    for (int i = 0; i < n; i++) {
      ids[i] = i;
    }
    KnnResult result = new KnnResult(n, k);
    java.util.List<Thread> running = new java.util.ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int from = (int) ((long) n * t / threads);
      int to = (int) ((long) n * (t + 1) / threads);
      Thread th =
          new Thread(
              () -> {
                float[] q = java.util.Arrays.copyOfRange(x, from * dim, to * dim);
                int[] qIds = java.util.Arrays.copyOfRange(ids, from, to);
                TopKHeaps heaps = new TopKHeaps(Math.max(1, to - from), k);
                BlockedSimilarity.scoreAll(q, qIds, to - from, x, ids, n, dim, heaps, 0);
                for (int i = from; i < to; i++) {
                  result.fill(i, heaps, i - from);
                }
              },
              "exact-knn-" + t);
      th.start();
      running.add(th);
    }
    for (Thread th : running) {
      try {
        th.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    return result;
  }

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
