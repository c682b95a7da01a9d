package io.antidote.bench.neardup;

import io.antidote.config.SettingsBlock;
import io.antidote.detect.neardup.NearDuplicateSettings;
import io.antidote.detect.neardup.Shingling;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How complete the benchmark's truth is: every pair of a copy-group corpus with exact Jaccard at or
 * above the threshold, by an exact all-pairs similarity join with prefix filtering (Bayardo, Ma,
 * Srikant, "Scaling up all pairs similarity search", WWW 2007): with tokens ordered rarest first,
 * two sets of Jaccard at least t share a token among the first {@code |x| - ceil(t|x|) + 1} of
 * each. Single-threaded, on the driver; reports how many exact pairs lie outside the copy groups
 * (the only ones the benchmark's truth can miss when neither method finds them).
 *
 * <p>Options: {@code --rows 50000}, {@code --brown}, {@code --seed} as in {@link
 * NearDuplicateJoinBench}.
 */
public final class ExactPairsCheck {
  private ExactPairsCheck() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> a = io.antidote.bench.BenchArgs.parse(args);
    int n = Integer.parseInt(a.getOrDefault("rows", "50000"));
    Path brown = Path.of(a.getOrDefault("brown", "/tmp/npm/brown/package"));
    long seed = Long.parseLong(a.getOrDefault("seed", "15"));
    NearDuplicateSettings settings =
        NearDuplicateSettings.fromConfig(SettingsBlock.defaults(NearDuplicateSettings.PATH));
    List<String> pool = NearDuplicateJoinBench.pool(brown, settings, seed);
    CopyGroupCorpus.Built corpus = CopyGroupCorpus.build(pool, n, seed);
    Shingling shingling = settings.shingling();
    long[][] shingles = new long[n][];
    for (int i = 0; i < n; i++) {
      shingles[i] = shingling.shingles(corpus.texts().get(i));
    }
    long t0 = System.nanoTime();
    long[] exact = allPairs(shingles, settings.threshold());
    double secs = (System.nanoTime() - t0) / 1e9;
    long[] groups = PairTruth.groupPairs(corpus.group());
    long inGroups = Arrays.stream(exact).filter(p -> Arrays.binarySearch(groups, p) >= 0).count();
    PairTruth groupTruth = new PairTruth(shingles, settings.threshold());
    groupTruth.addCandidates(groups);
    System.out.printf(
        Locale.ROOT,
        "RESULT exact n=%d: %d pairs at Jaccard >= %.2f (%.1f s); %d inside copy groups, %d outside;"
            + " group pairs at the threshold: %d%n",
        n,
        exact.length,
        settings.threshold(),
        secs,
        inGroups,
        exact.length - inGroups,
        groupTruth.size());
  }

  /** Every pair (sorted distinct keys) of sets whose exact Jaccard is at least {@code t}. */
  static long[] allPairs(long[][] sets, double t) {
    Map<Long, Integer> frequency = new HashMap<>();
    for (long[] s : sets) {
      for (long x : s) {
        frequency.merge(x, 1, Integer::sum);
      }
    }
    Long[] tokens = frequency.keySet().toArray(new Long[0]);
    Arrays.sort(tokens, (x, y) -> Integer.compare(frequency.get(x), frequency.get(y)));
    Map<Long, Integer> rank = new HashMap<>();
    for (int i = 0; i < tokens.length; i++) {
      rank.put(tokens[i], i);
    }
    int n = sets.length;
    int[][] ranked = new int[n][];
    for (int i = 0; i < n; i++) {
      ranked[i] = Arrays.stream(sets[i]).mapToInt(rank::get).sorted().toArray();
    }
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (x, y) -> Integer.compare(sets[x].length, sets[y].length));
    int[][] postings = new int[tokens.length][];
    int[] postingSize = new int[tokens.length];
    int[] overlap = new int[n];
    int[] touched = new int[n];
    long[] out = new long[1024];
    int found = 0;
    for (int x : order) {
      int size = ranked[x].length;
      int prefix = size - (int) Math.ceil(t * size) + 1;
      int candidates = 0;
      for (int p = 0; p < prefix && p < size; p++) {
        int token = ranked[x][p];
        for (int k = 0; k < postingSize[token]; k++) {
          int y = postings[token][k];
          if (sets[y].length >= t * size) {
            if (overlap[y]++ == 0) {
              touched[candidates++] = y;
            }
          }
        }
      }
      for (int c = 0; c < candidates; c++) {
        int y = touched[c];
        overlap[y] = 0;
        if (Shingling.jaccard(sets[x], sets[y]) >= t) {
          if (found == out.length) {
            out = Arrays.copyOf(out, out.length * 2);
          }
          out[found++] = PairTruth.key(x, y);
        }
      }
      for (int p = 0; p < prefix && p < size; p++) {
        int token = ranked[x][p];
        if (postings[token] == null) {
          postings[token] = new int[4];
        } else if (postingSize[token] == postings[token].length) {
          postings[token] = Arrays.copyOf(postings[token], postingSize[token] * 2);
        }
        postings[token][postingSize[token]++] = x;
      }
    }
    return PairTruth.sortedDistinct(Arrays.copyOf(out, found));
  }
}
