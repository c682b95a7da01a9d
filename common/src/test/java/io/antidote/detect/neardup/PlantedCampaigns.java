package io.antidote.detect.neardup;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Lightly edited copies of real text, as a campaign plants them: a share of the words substituted
 * by other words of the corpus, deleted, or preceded by an inserted word.
 */
final class PlantedCampaigns {
  private PlantedCampaigns() {}

  /**
   * A copy of {@code text} with {@code round(rate * words)} (at least one) word positions edited:
   * 60 % substituted by a word of {@code vocabulary}, 20 % deleted, 20 % preceded by an inserted
   * word.
   */
  static String edit(String text, double rate, List<String> vocabulary, Random random) {
    String[] words = text.trim().split("\\s+");
    int edits = Math.max(1, (int) Math.round(rate * words.length));
    List<Integer> positions = new ArrayList<>();
    for (int i = 0; i < words.length; i++) {
      positions.add(i);
    }
    java.util.Collections.shuffle(positions, random);
    boolean[] edited = new boolean[words.length];
    for (int i = 0; i < Math.min(edits, words.length); i++) {
      edited[positions.get(i)] = true;
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < words.length; i++) {
      String w = words[i];
      if (edited[i]) {
        double u = random.nextDouble();
        String other = vocabulary.get(random.nextInt(vocabulary.size()));
        if (u < 0.6) {
          w = other;
        } else if (u < 0.8) {
          w = null;
        } else {
          w = other + " " + w;
        }
      }
      if (w != null) {
        if (out.length() > 0) {
          out.append(' ');
        }
        out.append(w);
      }
    }
    return out.toString();
  }

  /** Every word of the texts, in order of first appearance. */
  static List<String> vocabulary(List<String> texts) {
    java.util.LinkedHashSet<String> v = new java.util.LinkedHashSet<>();
    for (String t : texts) {
      for (String w : t.trim().split("\\s+")) {
        v.add(w);
      }
    }
    return new ArrayList<>(v);
  }
}
