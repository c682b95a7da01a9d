package io.antidote.bench.neardup;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A text corpus of a given size made of real sentences and lightly edited copies of them in groups,
 * as web text is duplicated: each original heads a group, alone with probability {@link
 * #SINGLETON_SHARE}, else with {@code ceil(40^U)} copies ({@code U} uniform: 1 to 40 copies,
 * log-uniform, so most groups are small and a few are large). Each copy has 5-15 % of its words
 * replaced by words drawn from the corpus's own running text. The group size distribution does not
 * depend on the size, so every size has the same share of copies and the same pairs per row; a size
 * needs about {@code size / 9} originals.
 *
 * <p>Rows are shuffled, so a group is spread over partitions as crawled duplicates are.
 */
final class CopyGroupCorpus {
  static final double SINGLETON_SHARE = 0.3;
  static final double MAX_COPIES = 40;
  static final double MIN_EDIT = 0.05;
  static final double MAX_EDIT = 0.15;

  /** Row texts, row i's group (the index of its original in the pool), originals used. */
  record Built(List<String> texts, int[] group, int originals) {
    int size() {
      return texts.size();
    }
  }

  private CopyGroupCorpus() {}

  /**
   * {@code rows} rows from {@code pool} (distinct texts, used in order from the first); fails when
   * the pool is too small for the size.
   */
  static Built build(List<String> pool, int rows, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<String> words = new ArrayList<>();
    for (String s : pool) {
      Collections.addAll(words, s.split(" "));
    }
    List<String> texts = new ArrayList<>(rows);
    List<Integer> groups = new ArrayList<>(rows);
    int next = 0;
    while (texts.size() < rows) {
      if (next == pool.size()) {
        throw new IllegalArgumentException(
            "copy-group corpus: " + pool.size() + " originals are too few for " + rows + " rows");
      }
      String original = pool.get(next);
      int copies =
          random.nextDouble() < SINGLETON_SHARE
              ? 0
              : (int) Math.ceil(Math.pow(MAX_COPIES, random.nextDouble()));
      texts.add(original);
      groups.add(next);
      for (int c = 0; c < copies && texts.size() < rows; c++) {
        double rate = MIN_EDIT + (MAX_EDIT - MIN_EDIT) * random.nextDouble();
        texts.add(edit(original, rate, words, random));
        groups.add(next);
      }
      next++;
    }
    int[] order = new int[rows];
    for (int i = 0; i < rows; i++) {
      order[i] = i;
    }
    for (int i = rows - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    List<String> shuffled = new ArrayList<>(rows);
    int[] group = new int[rows];
    for (int i = 0; i < rows; i++) {
      shuffled.add(texts.get(order[i]));
      group[i] = groups.get(order[i]);
    }
    return new Built(shuffled, group, next);
  }

  /**
   * {@code text} with {@code max(1, round(rate * words))} distinct word positions replaced by words
   * of {@code words} (drawn by frequency, as a rewording uses common words).
   */
  static String edit(String text, double rate, List<String> words, SplittableRandom random) {
    String[] w = text.split(" ");
    int edits = Math.min(w.length, Math.max(1, (int) Math.round(rate * w.length)));
    int[] positions = new int[w.length];
    for (int i = 0; i < w.length; i++) {
      positions[i] = i;
    }
    // Partial Fisher-Yates: the first `edits` positions picked are distinct.
    for (int e = 0; e < edits; e++) {
      int j = e + random.nextInt(w.length - e);
      int t = positions[e];
      positions[e] = positions[j];
      positions[j] = t;
      w[positions[e]] = words.get(random.nextInt(words.size()));
    }
    return String.join(" ", w);
  }
}
