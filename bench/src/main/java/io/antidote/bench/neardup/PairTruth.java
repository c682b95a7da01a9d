package io.antidote.bench.neardup;

import io.antidote.detect.neardup.Shingling;
import java.util.Arrays;

/**
 * The true near-duplicate pairs of a corpus and the recall and precision of a method's pairs
 * against them. A pair of rows {@code i < j} is one long, {@code i << 32 | j}. True pairs are the
 * candidates with an exact Jaccard similarity of their full shingle sets at or above the threshold,
 * the candidates being every pair inside a copy group and every pair that any compared method
 * returned: a pair no method finds and no group plants is not counted (measured at 50k: see
 * BENCHMARKS.md).
 */
final class PairTruth {
  private final long[][] shingles;
  private final double threshold;
  private long[] truth = new long[0];

  PairTruth(long[][] shingles, double threshold) {
    this.shingles = shingles;
    this.threshold = threshold;
  }

  static long key(int a, int b) {
    return a < b ? ((long) a << 32) | b : ((long) b << 32) | a;
  }

  static int left(long key) {
    return (int) (key >>> 32);
  }

  static int right(long key) {
    return (int) key;
  }

  /** Every pair of rows in the same group, as sorted distinct keys. */
  static long[] groupPairs(int[] group) {
    Integer[] order = new Integer[group.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (x, y) -> Integer.compare(group[x], group[y]));
    long count = 0;
    for (int s = 0; s < order.length; ) {
      int e = s;
      while (e < order.length && group[order[e]] == group[order[s]]) {
        e++;
      }
      count += (long) (e - s) * (e - s - 1) / 2;
      s = e;
    }
    long[] out = new long[Math.toIntExact(count)];
    int k = 0;
    for (int s = 0; s < order.length; ) {
      int e = s;
      while (e < order.length && group[order[e]] == group[order[s]]) {
        e++;
      }
      for (int i = s; i < e; i++) {
        for (int j = i + 1; j < e; j++) {
          out[k++] = key(order[i], order[j]);
        }
      }
      s = e;
    }
    return sortedDistinct(out);
  }

  static long[] sortedDistinct(long[] keys) {
    long[] s = keys.clone();
    Arrays.sort(s);
    int k = 0;
    for (int i = 0; i < s.length; i++) {
      if (i == 0 || s[i] != s[i - 1]) {
        s[k++] = s[i];
      }
    }
    return Arrays.copyOf(s, k);
  }

  double jaccard(long key) {
    return Shingling.jaccard(shingles[left(key)], shingles[right(key)]);
  }

  /** Adds the candidates (sorted distinct keys) whose exact Jaccard reaches the threshold. */
  void addCandidates(long[] candidates) {
    long[] fresh =
        Arrays.stream(candidates)
            .filter(c -> Arrays.binarySearch(truth, c) < 0)
            .filter(c -> jaccard(c) >= threshold)
            .toArray();
    long[] merged = Arrays.copyOf(truth, truth.length + fresh.length);
    System.arraycopy(fresh, 0, merged, truth.length, fresh.length);
    truth = sortedDistinct(merged);
  }

  long size() {
    return truth.length;
  }

  /** Share of the true pairs among {@code found} (sorted distinct keys). */
  double recall(long[] found) {
    return truth.length == 0 ? Double.NaN : (double) hits(found) / truth.length;
  }

  /** Share of {@code found} that are true pairs. */
  double precision(long[] found) {
    return found.length == 0 ? Double.NaN : (double) hits(found) / found.length;
  }

  private long hits(long[] found) {
    return Arrays.stream(found).filter(f -> Arrays.binarySearch(truth, f) >= 0).count();
  }
}
