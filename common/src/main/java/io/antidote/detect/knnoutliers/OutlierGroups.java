package io.antidote.detect.knnoutliers;

import io.antidote.detect.evidence.FalseDiscoveryRate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Out-of-distribution groups, Spark-free: candidate rows (those whose neighbourhood gap is unusual
 * at some size) are joined by mutual-neighbour edges into connected components; each component of
 * at least {@code minSize} members is tested as a group. Its statistic at size {@code m} is the
 * median over its members of their gap at {@code m} ({@link NeighbourGaps}), compared with the
 * corpus's null of single rows' gaps at {@code m} ({@link TailModel}); the group's size is the one
 * where that p-value is smallest. Comparing a median of members with the single-row null is
 * conservative (a median of several is less extreme than one draw). The family is every (size,
 * disjoint group) pair, {@code sum over m of floor(n / m)} hypotheses, so Benjamini-Hochberg at
 * {@code fdr} over it covers the choice of size.
 */
public final class OutlierGroups {
  private OutlierGroups() {}

  /**
   * A candidate row as collected from Spark.
   *
   * @param nearest its first edge-k neighbours' ids, most similar first
   * @param sims its neighbour similarities, most similar first (at least maxSize when the corpus
   *     has them)
   */
  public record Candidate(String id, List<String> nearest, float[] sims) {}

  /**
   * One group tested.
   *
   * @param id the smallest member id prefixed "g-": stable across runs of the same data
   * @param members member ids, sorted
   * @param scale the size m the group was tested at
   * @param statistic the members' median gap at that size
   * @param pValue its tail probability under the null at that size
   * @param spread median cosine distance of a member to its min(m, members) - 1 nearest (inside)
   * @param separation median cosine distance of a member to its m-th nearest (the nearest outside)
   */
  public record Group(
      String id,
      List<String> members,
      int scale,
      double statistic,
      double pValue,
      double spread,
      double separation)
      implements java.io.Serializable {}

  /**
   * The groups tested and the BH cut over them.
   *
   * @param hypotheses the size of the family BH ran over
   * @param pCut the BH cut (-1: nothing rejected)
   */
  public record Result(List<Group> tested, long hypotheses, double pCut) {
    public List<Group> flagged() {
      return tested.stream().filter(g -> pCut >= 0 && g.pValue() <= pCut).toList();
    }
  }

  /**
   * @param nulls the null at each size {@code minSize..maxSize}
   * @param n rows in the corpus
   */
  public static Result find(
      List<Candidate> candidates,
      TailModel[] nulls,
      int minSize,
      int maxSize,
      int edgeK,
      long n,
      double fdr) {
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < candidates.size(); i++) {
      index.put(candidates.get(i).id(), i);
    }
    int[] parent = new int[candidates.size()];
    Arrays.setAll(parent, i -> i);
    for (int i = 0; i < candidates.size(); i++) {
      List<String> near = candidates.get(i).nearest();
      for (String other : near.subList(0, Math.min(edgeK, near.size()))) {
        Integer j = index.get(other);
        if (j != null && mutual(candidates.get(j), candidates.get(i).id(), edgeK)) {
          parent[root(parent, i)] = root(parent, j);
        }
      }
    }
    Map<Integer, List<Candidate>> components = new HashMap<>();
    for (int i = 0; i < candidates.size(); i++) {
      components.computeIfAbsent(root(parent, i), r -> new ArrayList<>()).add(candidates.get(i));
    }
    List<Group> tested = new ArrayList<>();
    for (List<Candidate> members : components.values()) {
      if (members.size() >= minSize) {
        tested.add(test(members, nulls, minSize, maxSize));
      }
    }
    tested.sort(Comparator.comparingDouble(Group::pValue).thenComparing(Group::id));
    long hypotheses = hypotheses(n, minSize, maxSize);
    double[] p = tested.stream().mapToDouble(Group::pValue).toArray();
    double cut = FalseDiscoveryRate.cut(p, Math.max(1, hypotheses), fdr);
    return new Result(List.copyOf(tested), hypotheses, cut);
  }

  /** {@code sum over m in minSize..maxSize of floor(n / m)}: disjoint groups of every size. */
  public static long hypotheses(long n, int minSize, int maxSize) {
    long h = 0;
    for (int m = minSize; m <= maxSize; m++) {
      h += n / m;
    }
    return h;
  }

  private static boolean mutual(Candidate c, String id, int edgeK) {
    List<String> near = c.nearest();
    return near.subList(0, Math.min(edgeK, near.size())).contains(id);
  }

  private static int root(int[] parent, int i) {
    while (parent[i] != i) {
      parent[i] = parent[parent[i]];
      i = parent[i];
    }
    return i;
  }

  static Group test(List<Candidate> members, TailModel[] nulls, int minSize, int maxSize) {
    int sizes = maxSize - minSize + 1;
    double[][] gaps = new double[members.size()][];
    for (int i = 0; i < members.size(); i++) {
      gaps[i] = NeighbourGaps.gaps(members.get(i).sims(), minSize, maxSize);
    }
    int best = 0;
    double bestP = Double.POSITIVE_INFINITY;
    double bestStat = Double.NaN;
    for (int s = 0; s < sizes; s++) {
      double med = median(gaps, s);
      double p = Double.isNaN(med) ? 1.0 : nulls[s].sf(med);
      if (p < bestP) {
        bestP = p;
        best = s;
        bestStat = med;
      }
    }
    int scale = minSize + best;
    double[] inside = new double[members.size()];
    double[] outside = new double[members.size()];
    for (int i = 0; i < members.size(); i++) {
      float[] sims = members.get(i).sims();
      inside[i] = 1 - NeighbourGaps.inside(sims, Math.min(scale, members.size()));
      outside[i] = scale <= sims.length ? 1 - sims[scale - 1] : Double.NaN;
    }
    List<String> ids = members.stream().map(Candidate::id).sorted().toList();
    return new Group(
        "g-" + ids.get(0), ids, scale, bestStat, bestP, median(inside), median(outside));
  }

  private static double median(double[][] rows, int col) {
    double[] v =
        Arrays.stream(rows).mapToDouble(r -> r[col]).filter(x -> !Double.isNaN(x)).toArray();
    return median(v);
  }

  static double median(double[] v) {
    double[] s = Arrays.stream(v).filter(x -> !Double.isNaN(x)).sorted().toArray();
    if (s.length == 0) {
      return Double.NaN;
    }
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }
}
