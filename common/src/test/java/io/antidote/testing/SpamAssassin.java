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
 * A labelled real-text fixture with its own class vocabulary: SpamAssassin messages (label spam or
 * ham, the corpus folder, subject and first body words); see make-spam-sample.sh.
 */
public final class SpamAssassin {
  public final List<String> label = new ArrayList<>();
  public final List<String> folder = new ArrayList<>();
  public final List<String> text = new ArrayList<>();

  public static SpamAssassin load() {
    SpamAssassin s = new SpamAssassin();
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(
                new GZIPInputStream(
                    SpamAssassin.class.getResourceAsStream("/text/spam-assassin.tsv.gz")),
                StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        String[] f = line.split("\t", 3);
        s.label.add(f[0]);
        s.folder.add(f[1]);
        s.text.add(f[2]);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return s;
  }

  public int size() {
    return text.size();
  }
}
