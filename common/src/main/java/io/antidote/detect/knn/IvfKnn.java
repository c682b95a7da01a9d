package io.antidote.detect.knn;

import java.util.Arrays;

/**
 * The inverted-file KNN self-join in one JVM: the same cells, probes and group kernel as the distributed
 * {@link KnnSelfJoin}, on arrays. Used to measure recall against {@link ExactKnn} in milliseconds-to-seconds
 * tests, and by the benchmark.
 */
public final class IvfKnn {
  private IvfKnn() {}

  public static KnnResult selfJoin(float[] x, int n, int dim, int k, KnnSettings settings) {
    IvfIndex index = IvfIndex.train(x, n, dim, n, settings);
    return selfJoin(x, n, dim, k, index);
  }

  public static KnnResult selfJoin(float[] x, int n, int dim, int k, IvfIndex index) {
    int[] home = index.assign(x, n);
    int cells = index.cells;
    int[] count = new int[cells];
    for (int h : home) {
      count[h]++;
    }
    int[] start = new int[cells + 1];
    for (int c = 0; c < cells; c++) {
      start[c + 1] = start[c] + count[c];
    }
    int[] members = new int[n];
    int[] fill = Arrays.copyOf(start, cells);
    for (int i = 0; i < n; i++) {
      members[fill[home[i]]++] = i;
    }
    KnnResult result = new KnnResult(n, k);
    for (int c = 0; c < cells; c++) {
      if (count[c] == 0) {
        continue;
      }
      int total = 0;
      for (int h : index.probes[c]) {
        total += count[h];
      }
      float[] group = new float[total * dim];
      int[] global = new int[total];
      int w = 0;
      for (int h : index.probes[c]) {
        for (int m = start[h]; m < start[h + 1]; m++) {
          System.arraycopy(x, members[m] * dim, group, w * dim, dim);
          global[w++] = members[m];
        }
      }
      TopKHeaps heaps = CellGroupSearch.search(group, count[c], total, dim, k);
      float[] sims = new float[k];
      for (int q = 0; q < count[c]; q++) {
        int[] local = heaps.sorted(q, sims);
        int row = global[q];
        for (int j = 0; j < local.length; j++) {
          result.neighbours[row * k + j] = global[local[j]];
          result.similarities[row * k + j] = sims[j];
        }
      }
    }
    return result;
  }
}
