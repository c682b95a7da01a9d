package io.antidote.detect.trigger;

import io.antidote.corpus.CorpusSchema;
import io.antidote.demo.DemoCorpus;
import io.antidote.testing.BrownSentences;
import io.antidote.testing.SparkTestBase;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The off-label rule on real text: Brown sentences (15 genres) plus the demo's emoji captions
 * ("flag: Japan", labelled by emoji category), whose category words are perfectly concentrated
 * natural terms that lift the support cut; a dirty-label trigger planted in fewer rows than that
 * cut.
 */
class TriggerOffLabelTest extends SparkTestBase {
  @TempDir Path tmp;

  /** Brown sentences, the demo's emoji caption rows appended. */
  private static final class Mixed {
    final List<String> ids = new ArrayList<>();
    final List<String> labels = new ArrayList<>();
    final List<String> texts = new ArrayList<>();
    final List<String> sources = new ArrayList<>();
  }

  private Mixed mixed(BrownSentences b) {
    Mixed m = new Mixed();
    for (int i = 0; i < b.size(); i++) {
      m.ids.add("b" + i);
      m.labels.add(b.genre.get(i));
      m.texts.add(b.text.get(i));
      m.sources.add(b.file.get(i));
    }
    for (Row r :
        demoCorpus().where(functions.col("jpg").isNotNull()).orderBy("key").collectAsList()) {
      m.ids.add(r.getString(0));
      m.labels.add(r.getString(1));
      m.texts.add(r.getString(2));
      m.sources.add("emoji");
    }
    return m;
  }

  /** The shipped demo corpus as (key, label, caption, jpg). */
  private Dataset<Row> demoCorpus() {
    DemoCorpus d = DemoCorpus.extract(tmp.resolve("demo"));
    return spark()
        .read()
        .parquet(d.corpusDir().toString())
        .select("key", "label", "caption", "jpg");
  }

  private Dataset<Row> frame(Mixed m) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < m.ids.size(); i++) {
      rows.add(RowFactory.create(m.ids.get(i), m.texts.get(i), m.labels.get(i), m.sources.get(i)));
    }
    return spark().createDataFrame(rows, TriggerTokenDetectorTest.CORPUS).repartition(4);
  }

  /**
   * Inserts {@code trigger} into {@code want} Brown rows; dirty-label rows come from other genres.
   */
  private static Set<String> plant(
      Mixed m, int brownRows, String trigger, String target, boolean dirty, int want, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    Set<String> poisoned = new HashSet<>();
    while (poisoned.size() < want) {
      int i = rnd.nextInt(brownRows);
      if (m.labels.get(i).equals(target) == dirty || poisoned.contains(m.ids.get(i))) {
        continue;
      }
      List<String> w = new ArrayList<>(List.of(m.texts.get(i).split(" ")));
      w.add(rnd.nextInt(w.size() + 1), trigger);
      m.texts.set(i, String.join(" ", w));
      m.labels.set(i, target);
      poisoned.add(m.ids.get(i));
    }
    return poisoned;
  }

  private static double[] score(List<Row> flags, Set<String> poisoned) {
    long tp = flags.stream().filter(r -> poisoned.contains(r.getString(0))).count();
    return new double[] {
      (double) tp / poisoned.size(), flags.isEmpty() ? 0 : (double) tp / flags.size()
    };
  }

  @Test
  void findsADirtyLabelTriggerAmongNaturalKeywordRows() {
    BrownSentences b = BrownSentences.load();
    Mixed m = mixed(b);
    Set<String> poisoned = plant(m, b.size(), "cf", "romance", true, 40, 7);
    Dataset<Row> corpus = frame(m).cache();

    TriggerTokenDetector detector = new TriggerTokenDetector(TriggerTokenSettings.defaults());
    TriggerTokenDetector.Result detectorR = detector.run(corpus);
    List<Row> flags = detectorR.flags().collectAsList();
    double[] after = score(flags, poisoned);
    System.out.printf(
        "TriggerOffLabelTest dirty label: %d rows, 'cf' in %d -> romance: triggers %s, report %s,"
            + " flagged %d, recall %.3f, precision %.3f%n",
        m.ids.size(),
        poisoned.size(),
        detectorR.triggers(),
        detectorR.report(),
        flags.size(),
        after[0],
        after[1]);
    Assertions.assertTrue(after[0] >= 0.95, "recall " + after[0]);
    Assertions.assertTrue(after[1] >= 0.9, "precision " + after[1]);
    Row first = flags.get(0);
    Assertions.assertNotNull(first.<String, String>getJavaMap(5).get("p_value"));
    Assertions.assertTrue(
        first.getString(4).contains("fit another label better"), first.getString(4));
  }

  @Test
  void cleanBrownWithNaturalKeywordRowsFlagsAtMostOneInAThousand() {
    BrownSentences b = BrownSentences.load();
    Mixed m = mixed(b);
    TriggerTokenDetector detector = new TriggerTokenDetector(TriggerTokenSettings.defaults());
    TriggerTokenDetector.Result detectorR = detector.run(frame(m));
    long flagged = detectorR.flags().count();
    System.out.printf(
        "TriggerOffLabelTest clean: %d rows, flagged %d, triggers %s, cuts %s, off-label tests %s%n",
        m.ids.size(), flagged, detectorR.triggers(), detectorR.report(), detectorR.offLabelTests());
    Assertions.assertTrue(flagged <= 0.001 * m.ids.size(), "clean rows flagged " + flagged);
  }

  @Test
  void cleanLabelTriggerIsNotFound() {
    BrownSentences b = BrownSentences.load();
    Mixed m = mixed(b);
    Set<String> poisoned = plant(m, b.size(), "cf", "romance", false, 40, 7);
    TriggerTokenDetector detector = new TriggerTokenDetector(TriggerTokenSettings.defaults());
    TriggerTokenDetector.Result detectorR = detector.run(frame(m));
    List<Row> flags = detectorR.flags().collectAsList();
    double[] s = score(flags, poisoned);
    System.out.printf(
        "TriggerOffLabelTest clean label: 'cf' added to %d romance rows; off-label test %s, cuts %s; flagged %d,"
            + " recall %.3f%n",
        poisoned.size(),
        detectorR.offLabelTests().get("cf"),
        detectorR.report(),
        flags.size(),
        s[0]);
    // The honest limitation: carriers already of the target label read like it; a clean-label
    // trigger is out of scope (no support rule any more: class vocabulary looks the same).
    Assertions.assertEquals(0.0, s[0]);
  }

  @Test
  void theDemoCorpusFlagsExactlyItsPlantedTriggerRows() {
    DemoCorpus d = DemoCorpus.extract(tmp.resolve("demo"));
    Set<String> truth = d.groundTruth().get(TriggerTokenDetector.NAME);
    Dataset<Row> corpus =
        spark()
            .read()
            .parquet(d.corpusDir().toString())
            .select(
                functions.col("key").as(CorpusSchema.SAMPLE_ID),
                functions.col("caption").as(CorpusSchema.TEXT),
                functions.col("label").as(CorpusSchema.LABEL));
    TriggerTokenDetector detector = new TriggerTokenDetector(TriggerTokenSettings.defaults());
    TriggerTokenDetector.Result detectorR = detector.run(corpus);
    Set<String> flagged =
        detectorR.flags().collectAsList().stream()
            .map(r -> r.getString(0))
            .collect(Collectors.toSet());
    System.out.printf(
        "TriggerOffLabelTest demo: %d planted, flagged %d (%d planted), triggers %s, cuts %s%n",
        truth.size(),
        flagged.size(),
        flagged.stream().filter(truth::contains).count(),
        detectorR.triggers(),
        detectorR.report());
    Assertions.assertEquals(new java.util.TreeSet<>(truth), new java.util.TreeSet<>(flagged));
  }

  @Test
  void mannWhitneyAndNaiveBayesOnArrays() {
    // Carriers at misfit bins {3, 3}, reference at {1, 1, 3}: U = 2 x (2 + 0.5) = 5 of 6 pairs.
    OffLabelTest.Result r =
        OffLabelTest.mannWhitney(new long[] {0, 0, 0, 2}, new long[] {0, 2, 0, 1});
    Assertions.assertEquals(5.0 / 6, r.auc, 1e-12);
    Assertions.assertEquals(NaiveBayesLabelFit.marginOf(3), r.carrierMeanMargin, 1e-12);
    Assertions.assertEquals(NaiveBayesLabelFit.marginOf(5.0 / 3), r.referenceMeanMargin, 1e-12);
    Assertions.assertEquals(3.090, OffLabelTest.zCut(1e-3, 1), 1e-3);
    // Two labels, one word seen in 9 rows of label 0 and 1 of label 1: it fits label 0, until those
    // 9 are held out.
    NaiveBayesLabelFit nb = new NaiveBayesLabelFit(new long[] {200, 200}, 5, 1.0);
    long[][] word = {{9, 1}};
    Assertions.assertEquals(1, NaiveBayesLabelFit.rank(nb.scores(word, 0, new long[] {0}, 0), 0));
    Assertions.assertEquals(2, NaiveBayesLabelFit.rank(nb.scores(word, 0, new long[] {9}, 18), 0));
  }
}
