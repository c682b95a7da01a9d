package io.antidote.detect.neighbours;

import java.util.Arrays;

/**
 * The inverted-file KNN self-join in one JVM: the same cells, probes and group kernel as the
 * distributed {@link KnnSelfJoin}, on arrays. Used to measure recall against {@link ExactKnn} in
 * milliseconds-to-seconds tests, and by the benchmark.
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

  /**
   * The textbook IVF variant, for comparison (KnnRecallSweep): each query probes its own {@code
   * nprobe} nearest cells. Better recall when cells mix unrelated clusters, but distributed it
   * needs the queries shipped to every probed cell and a second shuffle to merge their partial
   * top-k lists, which the one-shuffle {@link KnnSelfJoin} avoids.
   */
  public static KnnResult selfJoinPerQueryProbe(
      float[] x, int n, int dim, int k, IvfIndex index, int nprobe) {
    int cells = index.cells;
    int p = Math.min(nprobe, cells);
    TopKHeaps probes = new TopKHeaps(n, p);
    int[] cellIds = new int[cells];
    for (int c = 0; c < cells; c++) {
      cellIds[c] = c;
    }
    int[] none = new int[n];
    Arrays.fill(none, -1);
    BlockedSimilarity.scoreAll(x, none, n, index.centroids, cellIds, cells, dim, probes, 0);
    int[] home = index.assign(x, n);
    java.util.List<java.util.List<Integer>> members = new java.util.ArrayList<>();
    java.util.List<java.util.List<Integer>> queries = new java.util.ArrayList<>();
    for (int c = 0; c < cells; c++) {
      members.add(new java.util.ArrayList<>());
      queries.add(new java.util.ArrayList<>());
    }
    for (int i = 0; i < n; i++) {
      members.get(home[i]).add(i);
      for (int c : probes.sorted(i, null)) {
        queries.get(c).add(i);
      }
    }
    TopKHeaps heaps = new TopKHeaps(n, k);
    float[] sims = new float[k];
    for (int c = 0; c < cells; c++) {
      java.util.List<Integer> mem = members.get(c);
      java.util.List<Integer> qs = queries.get(c);
      if (mem.isEmpty() || qs.isEmpty()) {
        continue;
      }
      float[] cv = gather(x, mem, dim);
      float[] qv = gather(x, qs, dim);
      int[] ids = mem.stream().mapToInt(Integer::intValue).toArray();
      int[] qids = qs.stream().mapToInt(Integer::intValue).toArray();
      TopKHeaps local = new TopKHeaps(qs.size(), k);
      BlockedSimilarity.scoreAll(qv, qids, qids.length, cv, ids, ids.length, dim, local, 0);
      for (int j = 0; j < qids.length; j++) {
        int[] nb = local.sorted(j, sims);
        for (int t = 0; t < nb.length; t++) {
          heaps.offer(qids[j], sims[t], nb[t]);
        }
      }
    }
    KnnResult result = new KnnResult(n, k);
    for (int i = 0; i < n; i++) {
      result.fill(i, heaps, i);
    }
    return result;
  }

  private static float[] gather(float[] x, java.util.List<Integer> rows, int dim) {
    float[] out = new float[rows.size() * dim];
    for (int j = 0; j < rows.size(); j++) {
      System.arraycopy(x, rows.get(j) * dim, out, j * dim, dim);
    }
    return out;
  }
}
