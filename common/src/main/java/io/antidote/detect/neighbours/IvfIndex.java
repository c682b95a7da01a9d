package io.antidote.detect.neighbours;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * An inverted-file index over spherical k-means cells (the IVF of Jégou et al. 2011 / FAISS), with
 * multi-probe decided per cell: the queries homed in cell c are scored exactly against every member
 * of c's {@code nprobe} probe cells (c included). Probing per cell rather than per query lets one
 * cell group hold all candidates of its queries, so a distributed self-join needs a single shuffle
 * and no merge of partial top-k lists.
 *
 * <p>A cell's probe list is learned from the training sample: every sample row votes for its own
 * {@code nprobe} nearest cells, and cell c probes the cells its members voted for most.
 * Centroid-to- centroid nearness alone was not enough: when a cell is a union of many unrelated
 * small clusters its centroid says little about where the neighbours of its edge rows live
 * (measured: recall@10 0.82 with centroid-nearest probe lists vs exact search on 20k rows of 1000
 * clusters, see BENCHMARKS.md).
 */
public final class IvfIndex implements Serializable {
  private static final long serialVersionUID = 1L;

  public final int dim;
  public final int cells;
  public final float[] centroids;

  /** probes[c]: the cells whose members are candidates for queries homed in c, c first. */
  public final int[][] probes;

  /** targets[h]: the cell groups that need the members of cell h (inverse of probes). */
  public final int[][] targets;

  public IvfIndex(int dim, float[] centroids, int nprobe) {
    this(
        dim, centroids, SphericalKMeans.probeLists(centroids, centroids.length / dim, dim, nprobe));
  }

  /** Probe lists voted by the rows of {@code sample} (m unit rows); see the class comment. */
  public IvfIndex(int dim, float[] centroids, int nprobe, float[] sample, int m) {
    this(dim, centroids, votedProbes(dim, centroids, nprobe, sample, m));
  }

  private IvfIndex(int dim, float[] centroids, int[][] probes) {
    this.dim = dim;
    this.cells = centroids.length / dim;
    this.centroids = centroids;
    this.probes = probes;
    List<List<Integer>> inv = new ArrayList<>();
    for (int c = 0; c < cells; c++) {
      inv.add(new ArrayList<>());
    }
    for (int c = 0; c < cells; c++) {
      for (int h : probes[c]) {
        inv.get(h).add(c);
      }
    }
    this.targets = new int[cells][];
    for (int h = 0; h < cells; h++) {
      targets[h] = inv.get(h).stream().mapToInt(Integer::intValue).toArray();
    }
  }

  /**
   * Trains the quantiser on (a seeded sample of at most settings.trainSample() of) the n unit rows
   * of x.
   */
  public static IvfIndex train(float[] x, int n, int dim, long corpusRows, KnnSettings settings) {
    int cells = Math.min(settings.cellsFor(corpusRows), n);
    float[] sample = x;
    int m = n;
    if (n > settings.trainSample()) {
      m = settings.trainSample();
      sample = new float[m * dim];
      // Seeded reservoir-free draw: a partial Fisher-Yates shuffle of row indices.
      int[] idx = new int[n];
      for (int i = 0; i < n; i++) {
        idx[i] = i;
      }
      SplittableRandom rnd = new SplittableRandom(settings.seed() ^ 0x5DEECE66DL);
      for (int i = 0; i < m; i++) {
        int j = i + rnd.nextInt(n - i);
        int t = idx[i];
        idx[i] = idx[j];
        idx[j] = t;
        System.arraycopy(x, idx[i] * dim, sample, i * dim, dim);
      }
    }
    float[] centroids =
        SphericalKMeans.train(sample, m, dim, cells, settings.kmeansIterations(), settings.seed());
    return new IvfIndex(dim, centroids, settings.nprobe(), sample, m);
  }

  static int[][] votedProbes(int dim, float[] centroids, int nprobe, float[] sample, int m) {
    int cells = centroids.length / dim;
    int p = Math.min(nprobe, cells);
    int[][] nearest = SphericalKMeans.probeLists(centroids, cells, dim, p);
    TopKHeaps top = new TopKHeaps(m, p);
    int[] cellIds = new int[cells];
    for (int c = 0; c < cells; c++) {
      cellIds[c] = c;
    }
    int[] none = new int[m];
    java.util.Arrays.fill(none, -1);
    BlockedSimilarity.scoreAll(sample, none, m, centroids, cellIds, cells, dim, top, 0);
    java.util.List<java.util.Map<Integer, Integer>> votes = new ArrayList<>();
    for (int c = 0; c < cells; c++) {
      votes.add(new java.util.HashMap<>());
    }
    for (int i = 0; i < m; i++) {
      int[] mine = top.sorted(i, null);
      int home = mine[0];
      for (int j = 1; j < mine.length; j++) {
        votes.get(home).merge(mine[j], 1, Integer::sum);
      }
    }
    int[][] probes = new int[cells][];
    for (int c = 0; c < cells; c++) {
      java.util.Map<Integer, Integer> v = votes.get(c);
      // Most voted first; cells nobody voted for follow in centroid-nearness order.
      java.util.Map<Integer, Integer> rank = new java.util.HashMap<>();
      for (int j = 0; j < nearest[c].length; j++) {
        rank.put(nearest[c][j], j);
      }
      java.util.List<Integer> order = new ArrayList<>(v.keySet());
      for (int h : nearest[c]) {
        if (!v.containsKey(h)) {
          order.add(h);
        }
      }
      order.remove(Integer.valueOf(c));
      order.sort(
          (a, b) -> {
            int va = v.getOrDefault(a, 0);
            int vb = v.getOrDefault(b, 0);
            if (va != vb) {
              return Integer.compare(vb, va);
            }
            int ra = rank.getOrDefault(a, Integer.MAX_VALUE);
            int rb = rank.getOrDefault(b, Integer.MAX_VALUE);
            return ra != rb ? Integer.compare(ra, rb) : Integer.compare(a, b);
          });
      int[] list = new int[Math.min(p, order.size() + 1)];
      list[0] = c;
      for (int j = 1; j < list.length; j++) {
        list[j] = order.get(j - 1);
      }
      probes[c] = list;
    }
    return probes;
  }

  /** Home cell (nearest centroid) of each of n unit rows (on the driver: on every core). */
  public int[] assign(float[] x, int n) {
    int[] home = new int[n];
    SphericalKMeans.nearestOnAllCores(x, n, centroids, cells, dim, home);
    return home;
  }

  /**
   * Groups cells into {@code parts} partitions of about equal weight (expected members), each a set
   * of mutually near cells, so that a row needed by several neighbouring cell groups is shipped to
   * one partition once instead of to every group. Greedy graph growing over the probe lists (cell c
   * is linked to the cells its members voted for, and to the cells that voted for c): the first
   * unassigned cell seeds a partition, which then takes the unassigned cell with the most links
   * into it (ties and link-less cells: the most similar to the seed) until it holds its share of
   * the weight. Growing by similarity to the seed alone scattered each topic's cells over many
   * partitions once the seed's own topic was used up (rows shipped per row 4.3 at 8 partitions on
   * the KNN benchmark's data; BENCHMARKS.md).
   */
  public int[] partitionCells(double[] weights, int parts) {
    int[] partOf = new int[cells];
    java.util.Arrays.fill(partOf, -1);
    double total = 0;
    for (double w : weights) {
      total += w;
    }
    double share = total / parts;
    int[] links = new int[cells];
    float[] sims = new float[cells];
    int assigned = 0;
    for (int p = 0; p < parts && assigned < cells; p++) {
      int seed = 0;
      while (partOf[seed] >= 0) {
        seed++;
      }
      if (p == parts - 1) {
        for (int c = 0; c < cells; c++) {
          if (partOf[c] < 0) {
            partOf[c] = p;
            assigned++;
          }
        }
        break;
      }
      BlockedSimilarity.dot(centroids, seed, 1, centroids, 0, cells, dim, sims);
      java.util.Arrays.fill(links, 0);
      double w = 0;
      int next = seed;
      while (next >= 0) {
        partOf[next] = p;
        assigned++;
        w += weights[next];
        if (w >= share) {
          break;
        }
        for (int c : probes[next]) {
          links[c]++;
        }
        for (int c : targets[next]) {
          links[c]++;
        }
        next = -1;
        for (int c = 0; c < cells; c++) {
          if (partOf[c] >= 0) {
            continue;
          }
          if (next < 0
              || links[c] > links[next]
              || (links[c] == links[next] && sims[c] > sims[next])) {
            next = c;
          }
        }
      }
    }
    return partOf;
  }
}
