package io.antidote.detect.trigger;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;

/**
 * A carrier's scores from its other words, in one pass over its words: the same scores as scoring
 * the kept words directly, and work that does not grow with the number of terms a row carries (a
 * row of a few MB of dictionary words carries many candidate terms; scoring its words once per term
 * took minutes, issue #18).
 */
class CarrierRowFitTest {
  private static final NaiveBayesLabelFit MODEL =
      new NaiveBayesLabelFit(new long[] {5000, 3000, 8000}, 4000, 1.0);

  /** {@code n} words w0.. with random counts per label (at least 1 in label 0, the row's own). */
  private static List<long[]> counts(int n, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    List<long[]> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(new long[] {1 + rnd.nextInt(40), rnd.nextInt(40), rnd.nextInt(40)});
    }
    return out;
  }

  private static List<String> words(int n) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add("w" + i);
    }
    return out;
  }

  /** The carrier's scores as the detector defines them: its kept words scored directly. */
  private static double[] direct(
      List<String> words, List<long[]> counts, String term, Set<String> context) {
    Set<String> skip = new HashSet<>(Arrays.asList(term.split(" ")));
    skip.addAll(context);
    List<long[]> kept = new ArrayList<>();
    for (int i = 0; i < words.size(); i++) {
      if (!skip.contains(words.get(i))) {
        kept.add(counts.get(i));
      }
    }
    long[] one = new long[kept.size()];
    Arrays.fill(one, 1);
    return MODEL.scores(kept.toArray(new long[0][]), 0, one, words.size());
  }

  @Test
  void carrierScoresAreTheKeptWordsScoredDirectly() {
    List<String> words = words(30);
    List<long[]> counts = counts(30, 1);
    List<String> carried = List.of("w3", "w4 w5", "w7", "absent");
    Map<String, Set<String>> context = Map.of("w7", Set.of("w8", "w9", "not-in-row"));
    CarrierRowFit.Scores s = CarrierRowFit.scores(words, counts, 0, carried, context, MODEL);

    long[] one = new long[30];
    Arrays.fill(one, 1);
    Assertions.assertArrayEquals(
        MODEL.scores(counts.toArray(new long[0][]), 0, one, 30), s.reference(), 1e-9);
    Assertions.assertEquals(carried.size(), s.carriers().size());
    for (String term : carried) {
      Assertions.assertArrayEquals(
          direct(words, counts, term, context.getOrDefault(term, Set.of())),
          s.carriers().get(term),
          1e-9,
          term);
    }
  }

  @Test
  void aCarrierThatIsAllItsTermHasNoScoreButContextOnlyStillScores() {
    List<String> words = List.of("red", "car");
    List<long[]> counts = counts(2, 2);
    CarrierRowFit.Scores s =
        CarrierRowFit.scores(
            words, counts, 0, List.of("red car", "red"), Map.of("red", Set.of("car")), MODEL);
    Assertions.assertFalse(s.carriers().containsKey("red car"), "nothing besides the term");
    // "car" is context of "red": no word kept, scored as before (the label totals only).
    Assertions.assertArrayEquals(
        direct(words, counts, "red", Set.of("car")), s.carriers().get("red"), 1e-12);
  }

  /**
   * The regression: each word's summand is computed once per row, whatever the number of terms the
   * row carries (was once per word and term).
   */
  @Test
  void aRowsWordsAreScoredOnceWhateverTheTermsItCarries() {
    int n = 20_000;
    List<String> words = words(n);
    List<long[]> counts = counts(n, 3);
    for (int terms : new int[] {1, 50, 400}) {
      List<String> carried = new ArrayList<>();
      for (int t = 0; t < terms; t++) {
        carried.add("w" + (t * 37 % n) + " w" + (t * 37 % n + 1));
      }
      CarrierRowFit.Scores s = CarrierRowFit.scores(words, counts, 0, carried, Map.of(), MODEL);
      Assertions.assertEquals(n, s.wordScoreCalls(), terms + " terms carried");
      Assertions.assertEquals(terms, s.carriers().size());
    }
  }

  /**
   * Only words that enough of the target's rows contain can be a term's context: a long row's rare
   * words make no (term, word) pairs, so its pairs do not grow with its length.
   */
  @Test
  void contextPairsOnlyForWordsInEnoughTargetRows() {
    List<String> words = List.of("common", "rare", "mid");
    long[] targetRows = {50, 1, 12};
    Map<String, Long> carriers = Map.of("a", 20L, "b", 40L, "c", 100L);
    List<String> pairs = new ArrayList<>();
    for (String[] p :
        CarrierRowFit.contextPairs(words, targetRows, List.of("c", "a", "b"), carriers, 0.5)) {
      pairs.add(p[0] + "/" + p[1]);
    }
    // Needs: a 10, b 20, c 50 rows of the target with the word.
    Assertions.assertEquals(
        new HashSet<>(List.of("a/common", "b/common", "c/common", "a/mid")), new HashSet<>(pairs));
    Assertions.assertEquals(4, pairs.size());

    // A long row of words each in one target row: no pairs at all, however many terms it carries.
    int n = 100_000;
    long[] once = new long[n];
    Arrays.fill(once, 1);
    Assertions.assertTrue(
        CarrierRowFit.contextPairs(words(n), once, List.of("c", "a", "b"), carriers, 0.5)
            .isEmpty());
  }
}
