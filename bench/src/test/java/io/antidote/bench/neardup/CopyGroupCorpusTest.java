package io.antidote.bench.neardup;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.antidote.detect.neardup.Shingling;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CopyGroupCorpusTest {
  private static List<String> pool(int n) {
    List<String> out = new ArrayList<>();
    SplittableRandom r = new SplittableRandom(1);
    for (int i = 0; i < n; i++) {
      StringBuilder s = new StringBuilder("sentence" + i);
      for (int w = 0; w < 20; w++) {
        s.append(" word").append(r.nextInt(5000));
      }
      out.add(s.toString());
    }
    return out;
  }

  @Test
  void copiesReplaceFiveToFifteenPercentOfWordsAndGroupsKeepTheirShape() {
    List<String> pool = pool(2000);
    CopyGroupCorpus.Built c = CopyGroupCorpus.build(pool, 10_000, 7);
    assertEquals(10_000, c.size());
    Map<Integer, Integer> sizes = new HashMap<>();
    for (int i = 0; i < c.size(); i++) {
      String original = pool.get(c.group()[i]);
      String[] a = original.split(" ");
      String[] b = c.texts().get(i).split(" ");
      assertEquals(a.length, b.length);
      int changed = 0;
      for (int w = 0; w < a.length; w++) {
        changed += a[w].equals(b[w]) ? 0 : 1;
      }
      // 21 words: round(0.05 * 21) = 1 to round(0.15 * 21) = 3 positions (a word may be replaced
      // by itself).
      assertTrue(changed <= 3, c.texts().get(i));
      sizes.merge(c.group()[i], 1, Integer::sum);
    }
    double mean = (double) c.size() / c.originals();
    // 0.3 * 1 + 0.7 * (1 + E ceil(40^U)) = 8.75.
    assertTrue(mean > 7.5 && mean < 10, "mean group size " + mean);
    assertTrue(sizes.values().stream().allMatch(s -> s <= 41));
  }

  @Test
  void truthKeepsCandidatesAtTheThresholdAndScoresRecall() {
    List<String> texts =
        List.of(
            "the quick brown fox jumps over the lazy dog",
            "the quick brown fox jumps over the lazy cat",
            "an entirely different sentence about rivers",
            "the quick brown fox jumps over the lazy dog");
    Shingling shingling = new Shingling(Shingling.Unit.CHARACTER, 5);
    long[][] shingles = texts.stream().map(shingling::shingles).toArray(long[][]::new);
    PairTruth truth = new PairTruth(shingles, 0.5);
    truth.addCandidates(PairTruth.groupPairs(new int[] {0, 0, 1, 0}));
    truth.addCandidates(PairTruth.sortedDistinct(new long[] {PairTruth.key(2, 1)}));
    assertEquals(3, truth.size());
    long[] found = {PairTruth.key(0, 3), PairTruth.key(1, 2)};
    assertEquals(1.0 / 3, truth.recall(PairTruth.sortedDistinct(found)), 1e-12);
    assertEquals(0.5, truth.precision(PairTruth.sortedDistinct(found)), 1e-12);
    assertArrayEquals(
        new long[] {PairTruth.key(0, 1), PairTruth.key(0, 3), PairTruth.key(1, 3)},
        PairTruth.groupPairs(new int[] {5, 5, 6, 5}));
  }

  @Test
  void growthExponentIsTheLogLogSlope() {
    List<double[]> points = List.of(new double[] {1e5, 10}, new double[] {4e5, 40});
    assertEquals(1.0, NearDuplicateJoinBench.growthExponent(points), 1e-12);
  }
}
