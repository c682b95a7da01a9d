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
 * A labelled real-text fixture: 1,000 spam and 1,000 ham e-mails of the SpamAssassin public corpus
 * (subject and start of the body; label, source file, text); see make-spam-ham-labels.sh.
 */
public final class SpamAssassinLabels {
  public final List<String> label = new ArrayList<>();
  public final List<String> file = new ArrayList<>();
  public final List<String> text = new ArrayList<>();

  public static SpamAssassinLabels load() {
    SpamAssassinLabels s = new SpamAssassinLabels();
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(
                new GZIPInputStream(
                    SpamAssassinLabels.class.getResourceAsStream("/text/spam-ham-labels.tsv.gz")),
                StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        String[] f = line.split("\t", 3);
        s.label.add(f[0]);
        s.file.add(f[1]);
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
