package io.antidote.detect.trigger;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The terms of a text for trigger statistics: lower-cased runs of letters and digits, and their
 * n-grams up to {@code maxNgram} joined by one space, each counted once per row (support is in
 * rows, not occurrences, so a repeated word does not inflate it).
 */
public final class TriggerTokenizer {
  private static final Pattern SPLIT = Pattern.compile("[^\\p{L}\\p{N}]+");

  private TriggerTokenizer() {}

  public static List<String> words(String text) {
    List<String> out = new ArrayList<>();
    if (text == null) {
      return out;
    }
    for (String w : SPLIT.split(text.toLowerCase(Locale.ROOT))) {
      if (!w.isEmpty()) {
        out.add(w);
      }
    }
    return out;
  }

  /** Distinct terms (1..maxNgram words) of {@code text}, in first-seen order. */
  public static List<String> terms(String text, int maxNgram) {
    List<String> words = words(text);
    Set<String> terms = new LinkedHashSet<>();
    for (int i = 0; i < words.size(); i++) {
      StringBuilder sb = new StringBuilder();
      for (int n = 1; n <= maxNgram && i + n <= words.size(); n++) {
        if (n > 1) {
          sb.append(' ');
        }
        sb.append(words.get(i + n - 1));
        terms.add(sb.toString());
      }
    }
    return new ArrayList<>(terms);
  }
}
