package io.antidote.detect.neighbours;

import dev.ludovic.netlib.blas.BLAS;

/**
 * Cosine similarities of unit vectors as blocked float matrix products (sgemm), the step where a
 * KNN self-join spends its time. Goes through Spark's own BLAS front end ({@code
 * dev.ludovic.netlib}), which calls the system's native BLAS (OpenBLAS: ~210 GFLOP/s on 2 cores
 * here) when one is installed, else the Java Vector API (~57), else plain Java. {@link
 * #implementation()} says which one is active.
 *
 * <p>Vectors are row-major {@code float[]} with {@code dim} floats per row.
 */
public final class BlockedSimilarity {
  /** Query rows per sgemm call. */
  public static final int QUERY_BLOCK = 1024;

  /** Candidate rows per sgemm call; QUERY_BLOCK x CANDIDATE_BLOCK floats of scratch (16 MB). */
  public static final int CANDIDATE_BLOCK = 4096;

  private static final BLAS BLAS_INSTANCE = BLAS.getInstance();

  private BlockedSimilarity() {}

  /** The class name of the BLAS implementation in use (native, Vector API or plain Java). */
  public static String implementation() {
    return BLAS_INSTANCE.getClass().getName();
  }

  /**
   * out[i * cRows + j] = dot(q row qOff + i, c row cOff + j) for i < qRows, j < cRows: a qRows x
   * cRows row-major block.
   */
  public static void dot(
      float[] q, int qOff, int qRows, float[] c, int cOff, int cRows, int dim, float[] out) {
    // Row-major Q (qRows x dim) is column-major Q^T; the row-major result is column-major (C Q^T).
    BLAS_INSTANCE.sgemm(
        "T",
        "N",
        cRows,
        qRows,
        dim,
        1.0f,
        c,
        cOff * dim,
        dim,
        q,
        qOff * dim,
        dim,
        0.0f,
        out,
        0,
        cRows);
  }

  /**
   * Offers every candidate to every query's heap. Query i has index {@code queryIds[i]} in the
   * candidates' index space (or -1 if it is not a candidate); a query is never its own neighbour.
   * Candidate j is reported to the heaps as {@code candidateIds[j]}.
   */
  public static void scoreAll(
      float[] queries,
      int[] queryIds,
      int nQueries,
      float[] candidates,
      int[] candidateIds,
      int nCandidates,
      int dim,
      TopKHeaps heaps,
      int heapOffset) {
    int[] heapOf = new int[nQueries];
    for (int q = 0; q < nQueries; q++) {
      heapOf[q] = heapOffset + q;
    }
    scoreAll(
        queries, queryIds, nQueries, candidates, candidateIds, nCandidates, dim, heaps, heapOf);
  }

  /**
   * As {@link #scoreAll}, but query i offers to heap {@code heapOf[i]}: a query's heap can then
   * collect candidates from several calls (cells), and the neighbours already kept reject most
   * later candidates with one comparison.
   */
  public static void scoreAll(
      float[] queries,
      int[] queryIds,
      int nQueries,
      float[] candidates,
      int[] candidateIds,
      int nCandidates,
      int dim,
      TopKHeaps heaps,
      int[] heapOf) {
    int qb = Math.min(QUERY_BLOCK, Math.max(1, nQueries));
    int cb = Math.min(CANDIDATE_BLOCK, Math.max(1, nCandidates));
    float[] block = new float[qb * cb];
    for (int q0 = 0; q0 < nQueries; q0 += qb) {
      int qRows = Math.min(qb, nQueries - q0);
      for (int c0 = 0; c0 < nCandidates; c0 += cb) {
        int cRows = Math.min(cb, nCandidates - c0);
        dot(queries, q0, qRows, candidates, c0, cRows, dim, block);
        for (int i = 0; i < qRows; i++) {
          int heap = heapOf[q0 + i];
          int self = queryIds[q0 + i];
          float floor = heaps.floor(heap);
          int rowBase = i * cRows;
          for (int j = 0; j < cRows; j++) {
            float s = block[rowBase + j];
            if (s >= floor) {
              int id = candidateIds[c0 + j];
              if (id != self) {
                heaps.offer(heap, s, id);
                floor = heaps.floor(heap);
              }
            }
          }
        }
      }
    }
  }

  /**
   * Scales every row to unit length in place; returns false for a row of zero length (left as is).
   */
  public static boolean[] normalizeRows(float[] v, int rows, int dim) {
    boolean[] ok = new boolean[rows];
    for (int r = 0; r < rows; r++) {
      ok[r] = normalize(v, r * dim, dim);
    }
    return ok;
  }

  public static boolean normalize(float[] v, int off, int dim) {
    double ss = 0;
    for (int i = 0; i < dim; i++) {
      ss += (double) v[off + i] * v[off + i];
    }
    if (!(ss > 0) || Double.isInfinite(ss)) {
      return false;
    }
    float inv = (float) (1.0 / Math.sqrt(ss));
    for (int i = 0; i < dim; i++) {
      v[off + i] *= inv;
    }
    return true;
  }
}
