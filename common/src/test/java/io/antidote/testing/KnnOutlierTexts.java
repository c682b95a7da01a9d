package io.antidote.testing;

import java.util.ArrayList;
import java.util.List;

/**
 * Short texts unlike the Brown sentences (source, category, text): emoji names with their
 * categories (caption-like, with tight families such as flags) and fortunes quotes by file; see
 * make-knn-outlier-sample.sh.
 */
public final class KnnOutlierTexts {
  public final List<String> source = new ArrayList<>();
  public final List<String> category = new ArrayList<>();
  public final List<String> text = new ArrayList<>();

  public static KnnOutlierTexts load() {
    KnnOutlierTexts t = new KnnOutlierTexts();
    for (String[] f : TsvFixture.read("/text/knn-outlier-texts.tsv.gz")) {
      t.source.add(f[0]);
      t.category.add(f[1]);
      t.text.add(f[2]);
    }
    return t;
  }

  public int size() {
    return text.size();
  }
}
