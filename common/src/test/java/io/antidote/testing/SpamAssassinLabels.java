package io.antidote.testing;

import java.util.ArrayList;
import java.util.List;

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
    for (String[] f : TsvFixture.read("/text/spam-ham-labels.tsv.gz")) {
      s.label.add(f[0]);
      s.file.add(f[1]);
      s.text.add(f[2]);
    }
    return s;
  }

  public int size() {
    return text.size();
  }
}
