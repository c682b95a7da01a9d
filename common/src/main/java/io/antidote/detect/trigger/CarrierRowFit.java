package io.antidote.detect.trigger;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One row of a candidate's label, in one pass over its words: its scores with all its words (the
 * reference), and for each candidate term it carries, its scores from its other words (the term's
 * own words and its context left out), both with the row held out of its label.
 *
 * <p>Why one pass: a row's scores are sums over its words ({@link NaiveBayesLabelFit#wordScores}),
 * so the scores without a term's words are the full sums minus those few words' summands. Scoring
 * the other words once per carried term cost (terms carried) x (words): a row of a few MB of
 * dictionary words carries many candidate terms and took minutes. Here a row costs its words once,
 * plus the left-out words of each term.
 */
final class CarrierRowFit {
  /** The scores of one row; {@code carriers} has no entry for a term that is all of the row. */
  record Scores(double[] reference, Map<String, double[]> carriers, long wordScoreCalls) {}

  private CarrierRowFit() {}

  /**
   * @param words the row's distinct words
   * @param counts per word, its row counts per label
   * @param own the row's label
   * @param carried the candidate terms the row carries
   * @param context per term, its context words ({@link TermContext})
   */
  static Scores scores(
      List<String> words,
      List<long[]> counts,
      int own,
      List<String> carried,
      Map<String, Set<String>> context,
      NaiveBayesLabelFit model) {
    // The words some carried term leaves out: their summands are kept for the subtraction.
    Map<String, Set<String>> leftOut = new LinkedHashMap<>();
    Set<String> anyLeftOut = new HashSet<>();
    for (String term : carried) {
      Set<String> skip = new HashSet<>(Arrays.asList(term.split(" ")));
      skip.addAll(context.getOrDefault(term, Set.of()));
      leftOut.put(term, skip);
      anyLeftOut.addAll(skip);
    }
    int k = model.labels();
    double[] sums = new double[k];
    Map<String, double[]> kept = new HashMap<>();
    long calls = 0;
    for (int w = 0; w < words.size(); w++) {
      double[] s = model.wordScores(counts.get(w), own, 1);
      calls++;
      for (int c = 0; c < k; c++) {
        sums[c] += s[c];
      }
      if (anyLeftOut.contains(words.get(w))) {
        kept.put(words.get(w), s);
      }
    }
    int n = words.size();
    Map<String, double[]> carriers = new LinkedHashMap<>();
    for (Map.Entry<String, Set<String>> e : leftOut.entrySet()) {
      List<String> termWords = Arrays.asList(e.getKey().split(" "));
      int termWordsInRow = 0;
      int leftOutInRow = 0;
      double[] s = sums.clone();
      for (String w : e.getValue()) {
        double[] x = kept.get(w);
        if (x != null) {
          leftOutInRow++;
          if (termWords.contains(w)) {
            termWordsInRow++;
          }
          for (int c = 0; c < k; c++) {
            s[c] -= x[c];
          }
        }
      }
      // A carrier with no word besides the term's own has nothing to read: no score.
      if (termWordsInRow < n) {
        // Every word of the carrier stays counted in its label's totals, the term's and context's.
        carriers.put(e.getKey(), model.scores(s, n - leftOutInRow, own, n));
      }
    }
    return new Scores(model.scores(sums, n, own, n), carriers, calls);
  }

  /**
   * The (term, word) pairs of a carrier that may make the word the term's context: a word is
   * context only when at least {@code minCarrierShare} of the term's carriers contain it, so never
   * when fewer rows of the target contain it at all. Visits each word once plus each pair emitted.
   *
   * @param targetRows per word, rows of the row's label containing it
   * @param carriers per carried term, its carriers
   * @return pairs as {term, word}
   */
  static List<String[]> contextPairs(
      List<String> words,
      long[] targetRows,
      List<String> carried,
      Map<String, Long> carriers,
      double minCarrierShare) {
    List<String> byNeed = new ArrayList<>(carried);
    byNeed.sort(Comparator.comparingDouble(t -> minCarrierShare * carriers.getOrDefault(t, 0L)));
    double[] need = new double[byNeed.size()];
    for (int i = 0; i < need.length; i++) {
      need[i] = minCarrierShare * carriers.getOrDefault(byNeed.get(i), 0L);
    }
    List<String[]> out = new ArrayList<>();
    for (int w = 0; w < words.size(); w++) {
      for (int i = 0; i < need.length && targetRows[w] >= need[i]; i++) {
        out.add(new String[] {byNeed.get(i), words.get(w)});
      }
    }
    return out;
  }
}
