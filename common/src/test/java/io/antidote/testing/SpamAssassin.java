package io.antidote.testing;

import java.util.ArrayList;
import java.util.List;

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
    for (String[] f : TsvFixture.read("/text/spam-assassin.tsv.gz")) {
      s.label.add(f[0]);
      s.folder.add(f[1]);
      s.text.add(f[2]);
    }
    return s;
  }

  public int size() {
    return text.size();
  }
}
