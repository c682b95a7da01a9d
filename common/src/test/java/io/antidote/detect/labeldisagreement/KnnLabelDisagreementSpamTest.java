package io.antidote.detect.labeldisagreement;

import io.antidote.testing.SpamAssassinLabels;
import io.antidote.testing.SparkTestBase;
import java.util.Map;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Label disagreement on real labelled text: 1,000 spam and 1,000 ham e-mails of the SpamAssassin
 * corpus ({@link SpamAssassinLabels}; subject and start of the body), embedded with the bundled
 * MiniLM, the real self-join and the detector at reference.conf settings. Spam and ham have their
 * own vocabularies: kNN separates them (separability about 0.9 each). Beside the detector, the
 * plain kNN vote (at least 9 of the 10 nearest neighbours carry another label) on the same
 * neighbours.
 */
class KnnLabelDisagreementSpamTest extends SparkTestBase {
  static RealTextLabels corpus;
  static String[] labels;

  @BeforeAll
  static void embed() {
    SpamAssassinLabels s = SpamAssassinLabels.load();
    labels = s.label.toArray(new String[0]);
    corpus = new RealTextLabels("SpamAssassin", s.text);
  }

  @Test
  void fivePercentSpamHamFlipsAreFound() {
    RealTextLabels.Flips f =
        corpus.runFlips(
            spark(),
            "KnnLabelDisagreementSpamTest",
            labels.clone(),
            Map.of("spam", "ham", "ham", "spam"),
            0.05,
            11);
    double[] detector = f.detector();
    RealTextLabels.Outcome o = f.outcome();
    Assertions.assertTrue(detector[0] >= 0.7, "recall " + detector[0]);
    Assertions.assertTrue(detector[1] >= 0.7, "precision " + detector[1]);
    for (Map<String, Object> c : RealTextLabels.classes(o.result()).values()) {
      Assertions.assertTrue((boolean) c.get("judged"), "spam and ham are separable: " + c);
    }
  }

  @Test
  void cleanSpamAndHamAreAlmostNeverFlagged() {
    RealTextLabels.Outcome o = corpus.run(spark(), labels.clone());
    double share = (double) o.flagged().size() / corpus.n;
    System.out.printf(
        "KnnLabelDisagreementSpamTest clean: detector %d of %d rows flagged (%.4f); plain vote %d"
            + " (%.4f)%n  class report:%s%n",
        o.flagged().size(),
        corpus.n,
        share,
        o.baseline().size(),
        (double) o.baseline().size() / corpus.n,
        RealTextLabels.classReport(o.result()));
    Assertions.assertTrue(share <= 0.005, "clean share flagged " + share);
  }
}
