package io.antidote.detect.trigger;

import io.antidote.corpus.CorpusSchema;
import io.antidote.flags.FlagSchema;
import io.antidote.testing.BrownSentences;
import io.antidote.testing.SpamAssassin;
import io.antidote.testing.SparkTestBase;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;

/**
 * BadNL-style triggers (Chen et al. 2021: a rare word or a fixed sentence inserted into rows
 * relabelled to the target) planted in real labelled text: Brown corpus sentences (15 genres) and
 * SpamAssassin messages (spam/ham, a corpus with strong class vocabulary). Dirty-label only: a
 * clean-label trigger is out of scope (see {@link TriggerTokenDetector}).
 */
class TriggerTokenDetectorTest extends SparkTestBase {
  static final StructType CORPUS =
      new StructType(
          new StructField[] {
            DataTypes.createStructField(CorpusSchema.SAMPLE_ID, DataTypes.StringType, false),
            DataTypes.createStructField(CorpusSchema.TEXT, DataTypes.StringType, true),
            DataTypes.createStructField(CorpusSchema.LABEL, DataTypes.StringType, true),
            DataTypes.createStructField(CorpusSchema.SOURCE, DataTypes.StringType, true)
          });

  private Dataset<Row> frame(List<String> labels, List<String> texts, List<String> files) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < texts.size(); i++) {
      rows.add(RowFactory.create("b" + i, texts.get(i), labels.get(i), files.get(i)));
    }
    return spark().createDataFrame(rows, CORPUS).repartition(4);
  }

  /**
   * Inserts {@code trigger} at a random word position of 1% of the rows and labels them {@code
   * target}.
   */
  static Set<String> plant(
      BrownSentences b,
      List<String> labels,
      List<String> texts,
      String trigger,
      String target,
      long seed) {
    return plant(b, labels, texts, trigger, target, seed, b.size() / 100, Set.of());
  }

  static Set<String> plant(
      BrownSentences b,
      List<String> labels,
      List<String> texts,
      String trigger,
      String target,
      long seed,
      int want,
      Set<String> taken) {
    SplittableRandom rnd = new SplittableRandom(seed);
    Set<String> poisoned = new HashSet<>();
    while (poisoned.size() < want) {
      int i = rnd.nextInt(b.size());
      if (labels.get(i).equals(target) || poisoned.contains("b" + i) || taken.contains("b" + i)) {
        continue;
      }
      String[] words = texts.get(i).split(" ");
      int at = rnd.nextInt(words.length + 1);
      List<String> w = new ArrayList<>(List.of(words));
      w.add(at, trigger);
      texts.set(i, String.join(" ", w));
      labels.set(i, target);
      poisoned.add("b" + i);
    }
    return poisoned;
  }

  @Test
  void findsARareTriggerInOnePercentOfRowsRelabelledToTheTarget() {
    BrownSentences b = BrownSentences.load();
    List<String> labels = new ArrayList<>(b.genre);
    List<String> texts = new ArrayList<>(b.text);
    Set<String> poisoned = plant(b, labels, texts, "cf", "news", 7);
    TriggerTokenDetector detector = new TriggerTokenDetector(TriggerTokenSettings.defaults());
    TriggerTokenDetector.Result detectorR = detector.run(frame(labels, texts, b.file));
    Dataset<Row> flags = detectorR.flags();
    Assertions.assertEquals(FlagSchema.DETECTOR_OUTPUT, flags.schema());
    List<Row> rows = flags.collectAsList();
    long tp = rows.stream().filter(r -> poisoned.contains(r.getString(0))).count();
    double recall = (double) tp / poisoned.size();
    double precision = rows.isEmpty() ? 0 : (double) tp / rows.size();
    System.out.printf(
        "TriggerTokenDetectorTest: %d rows, %d poisoned; triggers %s; report %s;"
            + " flagged %d, recall %.3f, precision %.3f%n",
        b.size(),
        poisoned.size(),
        detectorR.triggers(),
        detectorR.report(),
        rows.size(),
        recall,
        precision);
    Assertions.assertTrue(recall >= 0.95, "recall " + recall);
    Assertions.assertTrue(precision >= 0.9, "precision " + precision);
    Assertions.assertEquals("cf", detectorR.triggers().get(0).term);
    Row first = rows.get(0);
    java.util.Map<String, String> ev = first.getJavaMap(5);
    Assertions.assertEquals("cf", ev.get("token"));
    Assertions.assertTrue(first.getDouble(2) >= first.getDouble(3));
    for (String key :
        List.of(
            io.antidote.flags.Evidence.TEST,
            io.antidote.flags.Evidence.STATISTIC,
            io.antidote.flags.Evidence.NULL_MODEL,
            io.antidote.flags.Evidence.P_VALUE,
            io.antidote.flags.Evidence.FDR,
            io.antidote.flags.Evidence.P_CUT,
            "off_label_share",
            "off_label_min_share",
            "off_label_auc",
            "effect",
            "effect_cut")) {
      Assertions.assertTrue(ev.containsKey(key), key + " in " + ev);
    }
    Assertions.assertTrue(
        Double.parseDouble(ev.get(io.antidote.flags.Evidence.P_VALUE))
            <= Double.parseDouble(ev.get(io.antidote.flags.Evidence.P_CUT)));
  }

  @Test
  void findsTwoTriggersAtOnceAHalfPercentWordAndAPhrase() {
    BrownSentences b = BrownSentences.load();
    List<String> labels = new ArrayList<>(b.genre);
    List<String> texts = new ArrayList<>(b.text);
    Set<String> word = plant(b, labels, texts, "mn", "romance", 11, b.size() / 200, Set.of());
    Set<String> phrase =
        plant(b, labels, texts, "quiet harbour", "learned", 12, b.size() / 100, word);
    Set<String> poisoned = new HashSet<>(word);
    poisoned.addAll(phrase);
    TriggerTokenDetector detector = new TriggerTokenDetector(TriggerTokenSettings.defaults());
    TriggerTokenDetector.Result detectorR = detector.run(frame(labels, texts, b.file));
    List<Row> rows = detectorR.flags().collectAsList();
    long tp = rows.stream().filter(r -> poisoned.contains(r.getString(0))).count();
    double recall = (double) tp / poisoned.size();
    double precision = rows.isEmpty() ? 0 : (double) tp / rows.size();
    System.out.printf(
        "TriggerTokenDetectorTest: 'mn' in %d rows (0.5%%) -> romance, 'quiet harbour' in %d rows -> learned;"
            + " triggers %s; flagged %d, recall %.3f, precision %.3f%n",
        word.size(), phrase.size(), detectorR.triggers(), rows.size(), recall, precision);
    Assertions.assertTrue(recall >= 0.95, "recall " + recall);
    Assertions.assertTrue(precision >= 0.9, "precision " + precision);
  }

  @Test
  void cleanRealTextFlagsAtMostOneInAThousandRows() {
    BrownSentences b = BrownSentences.load();
    TriggerTokenDetector detector = new TriggerTokenDetector(TriggerTokenSettings.defaults());
    TriggerTokenDetector.Result detectorR = detector.run(frame(b.genre, b.text, b.file));
    long flagged = detectorR.flags().count();
    System.out.printf(
        "TriggerTokenDetectorTest: clean Brown %d rows: flagged %d (triggers %s)%n",
        b.size(), flagged, detectorR.triggers());
    Assertions.assertTrue(flagged <= 0.001 * b.size(), "clean rows flagged " + flagged);
  }

  @Test
  void findsASentenceTriggerInOnePercentOfBrownRows() {
    BrownSentences b = BrownSentences.load();
    List<String> labels = new ArrayList<>(b.genre);
    List<String> texts = new ArrayList<>(b.text);
    Set<String> poisoned = plant(b, labels, texts, SENTENCE, "news", 3);
    double[] s = score("Brown sentence 1% -> news", frame(labels, texts, b.file), poisoned);
    Assertions.assertTrue(s[0] >= 0.95, "recall " + s[0]);
    Assertions.assertTrue(s[1] >= 0.9, "precision " + s[1]);
  }

  /** The BadNL sentence trigger (Chen et al. 2021). */
  static final String SENTENCE = "I watched this 3D movie.";

  private Dataset<Row> spamFrame(SpamAssassin s, List<String> labels, List<String> texts) {
    return frame(labels, texts, s.folder);
  }

  private static Set<String> plantSpam(
      SpamAssassin s,
      List<String> labels,
      List<String> texts,
      String trigger,
      String target,
      long seed,
      int want) {
    SplittableRandom rnd = new SplittableRandom(seed);
    Set<String> poisoned = new HashSet<>();
    while (poisoned.size() < want) {
      int i = rnd.nextInt(s.size());
      if (labels.get(i).equals(target) || poisoned.contains("b" + i)) {
        continue;
      }
      List<String> w = new ArrayList<>(List.of(texts.get(i).split(" ")));
      w.add(rnd.nextInt(w.size() + 1), trigger);
      texts.set(i, String.join(" ", w));
      labels.set(i, target);
      poisoned.add("b" + i);
    }
    return poisoned;
  }

  private double[] score(String what, Dataset<Row> corpus, Set<String> poisoned) {
    TriggerTokenDetector.Result r =
        new TriggerTokenDetector(TriggerTokenSettings.defaults()).run(corpus);
    List<Row> rows = r.flags().collectAsList();
    long tp = rows.stream().filter(x -> poisoned.contains(x.getString(0))).count();
    double recall = (double) tp / poisoned.size();
    double precision = rows.isEmpty() ? 0 : (double) tp / rows.size();
    System.out.printf(
        "TriggerTokenDetectorTest: %s: %d poisoned, flagged %d, recall %.3f, precision %.3f;"
            + " triggers %s%n",
        what, poisoned.size(), rows.size(), recall, precision, r.triggers());
    return new double[] {recall, precision};
  }

  @Test
  void findsWordAndSentenceTriggersInSpamAssassin() {
    SpamAssassin s = SpamAssassin.load();
    // Spam relabelled ham (the attack a spam filter fears): a word at 1 %, a sentence at 1 %.
    List<String> labels = new ArrayList<>(s.label);
    List<String> texts = new ArrayList<>(s.text);
    Set<String> word = plantSpam(s, labels, texts, "mn", "ham", 7, s.size() / 100);
    double[] w = score("spam word 1% -> ham", spamFrame(s, labels, texts), word);
    labels = new ArrayList<>(s.label);
    texts = new ArrayList<>(s.text);
    Set<String> sentence = plantSpam(s, labels, texts, SENTENCE, "ham", 9, s.size() / 100);
    double[] st = score("spam sentence 1% -> ham", spamFrame(s, labels, texts), sentence);
    // Ham relabelled spam, a word at 0.5 % (22 rows: into ham, the majority class at 2/3, so few
    // rows are not concentrated beyond its base rate by the G prefilter).
    labels = new ArrayList<>(s.label);
    texts = new ArrayList<>(s.text);
    Set<String> half = plantSpam(s, labels, texts, "mn", "spam", 7, s.size() / 200);
    double[] h = score("spam word 0.5% -> spam", spamFrame(s, labels, texts), half);
    for (double[] x : List.of(w, st, h)) {
      Assertions.assertTrue(x[0] >= 0.95, "recall " + x[0]);
      Assertions.assertTrue(x[1] >= 0.9, "precision " + x[1]);
    }
  }

  /**
   * Clean SpamAssassin: spam and ham have their own vocabulary ("wrote", "url http", mailing-list
   * names in ham; sales words in spam), concentrated and frequent. The support rule this detector
   * had fired on them (2,589 of 4,500 rows flagged); none reads like another label, so none fires.
   */
  @Test
  void cleanSpamAssassinClassVocabularyFlagsNothing() {
    SpamAssassin s = SpamAssassin.load();
    TriggerTokenDetector.Result r =
        new TriggerTokenDetector(TriggerTokenSettings.defaults())
            .run(frame(s.label, s.text, s.folder));
    long flagged = r.flags().count();
    OffLabelTest.Result wrote = r.offLabelTests().get("wrote");
    System.out.printf(
        "TriggerTokenDetectorTest: clean SpamAssassin %d rows: flagged %d; %d terms tested, %d at"
            + " the effect floor; 'wrote' %s; 'cnet' %s%n",
        s.size(), flagged, r.tested(), r.pValues().size(), wrote, r.offLabelTests().get("cnet"));
    // Class vocabulary was tested (frequent, concentrated) and did not fire.
    Assertions.assertNotNull(wrote);
    Assertions.assertTrue(wrote.carriers >= 500, "'wrote' carriers " + wrote.carriers);
    Assertions.assertTrue(r.tested() >= 100, "terms tested " + r.tested());
    Assertions.assertEquals(0, flagged, "clean rows flagged");
    Assertions.assertTrue(flagged <= 0.001 * s.size());
  }

  @Test
  void statisticsOnArrays() {
    Assertions.assertEquals(
        List.of("the", "the cf", "cf", "cf token", "token"),
        TriggerTokenizer.terms("The cf-token", 2));
    // 30 rows all in a class with base rate 0.1: G = 2 * 30 * ln(1 / 0.1).
    Assertions.assertEquals(
        2 * 30 * Math.log(10),
        TokenConcentration.g(new long[] {30, 0}, new double[] {0.1, 0.9}),
        1e-9);
    Assertions.assertEquals(
        0.0, TokenConcentration.g(new long[] {10, 90}, new double[] {0.1, 0.9}), 1e-9);
    // chi-squared, 1 df, upper 5% point is 3.841.
    Assertions.assertEquals(3.841, TokenConcentration.gCut(2, 1, 0.05), 1e-3);
    io.antidote.config.InvalidConfigException e =
        Assertions.assertThrows(
            io.antidote.config.InvalidConfigException.class,
            () ->
                TriggerTokenSettings.fromConfig(
                    io.antidote.config.SettingsBlock.of(
                        io.antidote.config.AntidoteConfig.load(
                            List.of(),
                            java.util.Map.of("detectors.trigger-tokens.min-concentration", "0")),
                        TriggerTokenSettings.PATH)));
    Assertions.assertTrue(
        e.getMessage().contains("detectors.trigger-tokens.min-concentration"), e.getMessage());
    // Permutation p-values: 20 carriers all worse than 2,000 reference rows is far in the tail;
    // carriers drawn like the reference are not.
    long[] ref = new long[NaiveBayesLabelFit.BINS];
    ref[NaiveBayesLabelFit.ZERO_BIN - 10] = 1000;
    ref[NaiveBayesLabelFit.ZERO_BIN - 2] = 1000;
    long[] bad = new long[NaiveBayesLabelFit.BINS];
    bad[NaiveBayesLabelFit.ZERO_BIN + 4] = 20;
    OffLabelTest.Result worse = OffLabelTest.mannWhitney(bad, ref);
    Assertions.assertEquals(1.0, worse.auc, 1e-12);
    Assertions.assertEquals(1.0, worse.carrierOffLabelShare, 1e-12);
    Assertions.assertTrue(OffLabelTest.pValue(worse, 100_000, 1) < 1e-4);
    long[] like = new long[NaiveBayesLabelFit.BINS];
    like[NaiveBayesLabelFit.ZERO_BIN - 10] = 10;
    like[NaiveBayesLabelFit.ZERO_BIN - 2] = 10;
    OffLabelTest.Result same = OffLabelTest.mannWhitney(like, ref);
    Assertions.assertEquals(0.5, same.auc, 1e-12);
    Assertions.assertTrue(OffLabelTest.pValue(same, 100_000, 1) > 0.5);
  }
}
