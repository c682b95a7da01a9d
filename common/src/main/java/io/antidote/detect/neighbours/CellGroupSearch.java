package io.antidote.detect.neighbours;

/**
 * The kernel run once per cell group: exact top-k of the group's queries against the group's
 * candidates by blocked sgemm. Queries are the first {@code nQueries} candidates (a cell's members
 * are candidates for each other), so query i is never reported as its own neighbour.
 */
public final class CellGroupSearch {
  private CellGroupSearch() {}

  /**
   * @param vectors nCandidates unit rows, the group's queries first
   * @return heaps of candidate indices (local to the group) for queries 0..nQueries-1
   */
  public static TopKHeaps search(float[] vectors, int nQueries, int nCandidates, int dim, int k) {
    int[] ids = new int[nCandidates];
    for (int i = 0; i < nCandidates; i++) {
      ids[i] = i;
    }
    TopKHeaps heaps = new TopKHeaps(nQueries, k);
    BlockedSimilarity.scoreAll(vectors, ids, nQueries, vectors, ids, nCandidates, dim, heaps, 0);
    return heaps;
  }
}
