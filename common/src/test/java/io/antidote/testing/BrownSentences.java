package io.antidote.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * The real-text fixture: Brown corpus sentences (genre, file, sentence); see make-brown-sample.sh.
 */
public final class BrownSentences {
  public final List<String> genre = new ArrayList<>();
  public final List<String> file = new ArrayList<>();
  public final List<String> text = new ArrayList<>();

  public static BrownSentences load() {
    BrownSentences b = new BrownSentences();
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(
                new GZIPInputStream(
                    BrownSentences.class.getResourceAsStream("/text/brown-sentences.tsv.gz")),
                StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        String[] f = line.split("\t", 3);
        b.genre.add(f[0]);
        b.file.add(f[1]);
        b.text.add(f[2]);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return b;
  }

  public int size() {
    return text.size();
  }
}
