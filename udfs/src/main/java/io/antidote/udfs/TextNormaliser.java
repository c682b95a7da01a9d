package io.antidote.udfs;

import java.text.Normalizer;
import java.util.Locale;

/**
 * Canonical form of a caption or document for near-duplicate and token statistics: Unicode NFKC,
 * lower case, whitespace runs collapsed. Keeps punctuation: triggers are often punctuation-like
 * tokens.
 */
public final class TextNormaliser {
  private TextNormaliser() {}

  public static String normalise(String text) {
    if (text == null) {
      return null;
    }
    String n = Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
    return n.trim().replaceAll("\\s+", " ");
  }
}
