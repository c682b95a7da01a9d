package io.antidote.detect.trigger;

import io.antidote.corpus.CorpusSchema;
import io.antidote.flags.FlagSchema;
import io.antidote.testing.BrownSentences;
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

/** BadNL-style trigger planted in real text (Brown corpus sentences, 15 genres as labels). */
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
        "TriggerTokenDetectorTest: %d rows, %d poisoned; triggers %s; cuts G/support/natural %s;"
            + " flagged %d, recall %.3f, precision %.3f%n",
        b.size(),
        poisoned.size(),
        detectorR.triggers(),
        java.util.Arrays.toString(detectorR.cuts()),
        rows.size(),
        recall,
        precision);
    Assertions.assertTrue(recall >= 0.95, "recall " + recall);
    Assertions.assertTrue(precision >= 0.9, "precision " + precision);
    Assertions.assertEquals("cf", detectorR.triggers().get(0).term);
    Row first = rows.get(0);
    Assertions.assertEquals("cf", first.<String, String>getJavaMap(5).get("token"));
    Assertions.assertTrue(first.getDouble(2) >= first.getDouble(3));
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
    // The G-test alone (no support rule) on the same clean text, for the record.
    TriggerTokenSettings gOnly =
        new TriggerTokenSettings(
            TriggerTokenSettings.defaults().common(),
            CorpusSchema.LABEL,
            2,
            5,
            0.9,
            1e-6,
            1.0,
            0.99,
            5,
            false,
            1e-3,
            20,
            1.0);
    TriggerTokenDetector naive = new TriggerTokenDetector(gOnly);
    TriggerTokenDetector.Result naiveR = naive.run(frame(b.genre, b.text, b.file));
    long naiveFlagged = naiveR.flags().count();
    System.out.printf(
        "TriggerTokenDetectorTest: clean Brown %d rows: flagged %d (triggers %s); G-test + concentration only:"
            + " %d terms, %d rows%n",
        b.size(), flagged, detectorR.triggers(), naiveR.triggers().size(), naiveFlagged);
    Assertions.assertTrue(flagged <= 0.001 * b.size(), "clean rows flagged " + flagged);
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
  }
}
