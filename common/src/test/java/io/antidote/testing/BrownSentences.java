package io.antidote.testing;

import java.util.ArrayList;
import java.util.List;

/**
 * The real-text fixture: Brown corpus sentences (genre, file, sentence); see make-brown-sample.sh.
 */
public final class BrownSentences {
  public final List<String> genre = new ArrayList<>();
  public final List<String> file = new ArrayList<>();
  public final List<String> text = new ArrayList<>();

  public static BrownSentences load() {
    BrownSentences b = new BrownSentences();
    for (String[] f : TsvFixture.read("/text/brown-sentences.tsv.gz")) {
      b.genre.add(f[0]);
      b.file.add(f[1]);
      b.text.add(f[2]);
    }
    return b;
  }

  public int size() {
    return text.size();
  }
}
