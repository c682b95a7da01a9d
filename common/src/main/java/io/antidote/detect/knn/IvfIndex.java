package io.antidote.detect.knn;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * An inverted-file index over spherical k-means cells (the IVF of Jégou et al. 2011 / FAISS), with
 * multi-probe at cell level: the queries homed in cell c are scored exactly against every member of the
 * {@code nprobe} cells whose centroids are nearest to c's (c included). Probing per cell rather than per
 * query lets one cell group hold all candidates of its queries, so a distributed self-join needs a single
 * shuffle and no merge of partial top-k lists; the price is lower recall for queries on the far edge of
 * their cell, which the measured recall (tests, BENCHMARKS-knn.md) accounts for.
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
    this.dim = dim;
    this.cells = centroids.length / dim;
    this.centroids = centroids;
    this.probes = SphericalKMeans.probeLists(centroids, cells, dim, nprobe);
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

  /** Trains the quantiser on (a seeded sample of at most settings.trainSample of) the n unit rows of x. */
  public static IvfIndex train(float[] x, int n, int dim, long corpusRows, KnnSettings settings) {
    int cells = Math.min(settings.cellsFor(corpusRows), n);
    float[] sample = x;
    int m = n;
    if (n > settings.trainSample) {
      m = settings.trainSample;
      sample = new float[m * dim];
      // Seeded reservoir-free draw: a partial Fisher-Yates shuffle of row indices.
      int[] idx = new int[n];
      for (int i = 0; i < n; i++) {
        idx[i] = i;
      }
      SplittableRandom rnd = new SplittableRandom(settings.seed ^ 0x5DEECE66DL);
      for (int i = 0; i < m; i++) {
        int j = i + rnd.nextInt(n - i);
        int t = idx[i];
        idx[i] = idx[j];
        idx[j] = t;
        System.arraycopy(x, idx[i] * dim, sample, i * dim, dim);
      }
    }
    float[] centroids =
        SphericalKMeans.train(sample, m, dim, cells, settings.kmeansIterations, settings.seed);
    return new IvfIndex(dim, centroids, settings.nprobe);
  }

  /** Home cell (nearest centroid) of each of n unit rows. */
  public int[] assign(float[] x, int n) {
    int[] home = new int[n];
    SphericalKMeans.nearest(x, n, centroids, cells, dim, home);
    return home;
  }

  /**
   * Groups cells into {@code parts} partitions of about equal weight (expected members), each a set of
   * mutually near cells, so that a row needed by several neighbouring cell groups is shipped to one
   * partition once instead of to every group. Greedy: the first unassigned cell seeds a partition, which
   * takes the unassigned cells most similar to the seed until it holds its share of the weight.
   */
  public int[] partitionCells(double[] weights, int parts) {
    int[] partOf = new int[cells];
    java.util.Arrays.fill(partOf, -1);
    double total = 0;
    for (double w : weights) {
      total += w;
    }
    int p = 0;
    int assigned = 0;
    float[] sims = new float[cells];
    while (assigned < cells) {
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
      Integer[] order = new Integer[cells];
      for (int c = 0; c < cells; c++) {
        order[c] = c;
      }
      final float[] s = sims;
      final int sd = seed;
      java.util.Arrays.sort(
          order,
          (a, b) -> a == sd ? -1 : b == sd ? 1 : s[b] != s[a] ? Float.compare(s[b], s[a]) : Integer.compare(a, b));
      double share = total / parts;
      double w = 0;
      for (int c : order) {
        if (partOf[c] >= 0) {
          continue;
        }
        partOf[c] = p;
        assigned++;
        w += weights[c];
        if (w >= share) {
          break;
        }
      }
      p++;
    }
    return partOf;
  }
}
