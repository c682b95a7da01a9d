package io.antidote.detect.trigger;

import io.antidote.demo.DemoCorpus;
import io.antidote.testing.SparkTestBase;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Templated captions with class vocabulary, as web alt texts are: the demo's 240 Noto emoji names
 * (9 categories), each in twelve caption templates, six of which name the category ("{name} icon
 * png, food drink emoji set"). Each category's words are then in half its rows and nowhere else,
 * always beside the same template words: the shape that made the detector flag 22 % of the quality
 * benchmark's emoji captions (its carriers, held out of the label together, took the template words
 * with them). Clean, nothing may fire; BadNL word and sentence triggers at 1 % must.
 */
class TriggerTemplatedCaptionTest extends SparkTestBase {
  @TempDir Path tmp;

  static final List<String> TEMPLATES =
      List.of(
          "{name} emoji",
          "free {name} emoji image 64x64",
          "Noto color emoji: {name}",
          "{name} sticker for chat",
          "{name} icon, transparent background",
          "{name} clipart png",
          "{name} icon png, {cat} emoji set",
          "{name} emoji meaning, copy and paste ({cat})",
          "download the {name} icon from the {cat} collection",
          "{cat} emoji: {name}",
          "{name} in the {cat} category",
          "{cat} stickers pack with {name}");

  private static final String TARGET = "Smileys & Emotion";

  private final List<String> ids = new ArrayList<>();
  private final List<String> texts = new ArrayList<>();
  private final List<String> labels = new ArrayList<>();

  /** The templated captions of the demo's emoji names, in {@link #ids}, {@link #texts}, ... */
  private void captions() {
    DemoCorpus d = DemoCorpus.extract(tmp.resolve("demo"));
    List<Row> emoji =
        spark()
            .read()
            .parquet(d.corpusDir().toString())
            .where(functions.col("jpg").isNotNull())
            .select("key", "caption", "label")
            .orderBy("key")
            .collectAsList();
    for (Row r : emoji) {
      String name = r.getString(1).replaceFirst("^an emoji of ", "");
      String cat = r.getString(2).toLowerCase(Locale.ROOT).replace("&", " ").replaceAll(" +", " ");
      for (int t = 0; t < TEMPLATES.size(); t++) {
        ids.add(r.getString(0) + "-" + t);
        texts.add(TEMPLATES.get(t).replace("{name}", name).replace("{cat}", cat));
        labels.add(r.getString(2));
      }
    }
  }

  private Dataset<Row> frame(List<String> l, List<String> t) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < ids.size(); i++) {
      rows.add(RowFactory.create(ids.get(i), t.get(i), l.get(i), "captions"));
    }
    return spark().createDataFrame(rows, TriggerTokenDetectorTest.CORPUS).repartition(4);
  }

  @Test
  void cleanTemplatedCaptionsWithClassVocabularyFlagAtMostOnePercent() {
    captions();
    TriggerTokenDetector.Result r =
        new TriggerTokenDetector(TriggerTokenSettings.defaults()).run(frame(labels, texts));
    long flagged = r.flags().count();
    Map<String, String> vocabulary = new TreeMap<>();
    for (String term : List.of("flags", "food drink", "animals nature", "collection", "objects")) {
      vocabulary.put(term, String.valueOf(r.offLabelTests().get(term)));
    }
    System.out.printf(
        "TriggerTemplatedCaptionTest clean: %d captions, %d terms tested, flagged %d, triggers %s;"
            + " class vocabulary %s%n",
        ids.size(), r.tested(), flagged, r.triggers(), vocabulary);
    // The category words were candidates (concentrated, frequent) and were judged: each is in
    // half of its category's rows.
    OffLabelTest.Result food = r.offLabelTests().get("food drink");
    Assertions.assertNotNull(food, "'food drink' not tested: " + r.offLabelTests().keySet());
    Assertions.assertTrue(food.carriers >= 100, "'food drink' carriers " + food.carriers);
    Assertions.assertTrue(flagged <= 0.01 * ids.size(), "clean captions flagged " + flagged);
  }

  @Test
  void findsBadNlWordAndSentenceTriggersAtOnePercentAmongTemplatedCaptions() {
    captions();
    List<String> l = new ArrayList<>(labels);
    List<String> t = new ArrayList<>(texts);
    int want = ids.size() / 100;
    SplittableRandom rnd = new SplittableRandom(14);
    Set<String> word = new HashSet<>();
    Set<String> sentence = new HashSet<>();
    while (word.size() + sentence.size() < 2 * want) {
      int i = rnd.nextInt(ids.size());
      if (l.get(i).equals(TARGET) || word.contains(ids.get(i)) || sentence.contains(ids.get(i))) {
        continue;
      }
      if (word.size() < want) {
        List<String> w = new ArrayList<>(List.of(t.get(i).split(" ")));
        w.add(rnd.nextInt(w.size() + 1), "tq");
        t.set(i, String.join(" ", w));
        word.add(ids.get(i));
      } else {
        t.set(i, t.get(i) + " " + TriggerTokenDetectorTest.SENTENCE);
        sentence.add(ids.get(i));
      }
      l.set(i, TARGET);
    }
    TriggerTokenDetector.Result r =
        new TriggerTokenDetector(TriggerTokenSettings.defaults()).run(frame(l, t));
    List<Row> flags = r.flags().collectAsList();
    for (Set<String> planted : List.of(word, sentence)) {
      long tp = flags.stream().filter(x -> planted.contains(x.getString(0))).count();
      Assertions.assertTrue(tp >= 0.95 * planted.size(), "recall " + tp + " of " + planted.size());
    }
    long tp =
        flags.stream()
            .filter(x -> word.contains(x.getString(0)) || sentence.contains(x.getString(0)))
            .count();
    double precision = flags.isEmpty() ? 0 : (double) tp / flags.size();
    System.out.printf(
        "TriggerTemplatedCaptionTest: 'tq' in %d and a sentence in %d captions -> %s: flagged %d,"
            + " %d planted, precision %.3f; triggers %s%n",
        word.size(), sentence.size(), TARGET, flags.size(), tp, precision, r.triggers());
    Assertions.assertTrue(precision >= 0.9, "precision " + precision);
  }

  @Test
  void termContextAndCorpusSmoothingOnArrays() {
    // The rest of a sentence trigger: in every carrier, and only there within the target.
    Assertions.assertTrue(TermContext.isContext(30, 30, 30, 0.5, 0.9));
    // A template word beside a third of the carriers is evidence, not context.
    Assertions.assertFalse(TermContext.isContext(70, 212, 70, 0.5, 0.9));
    // Class vocabulary beside the term in the label's other rows too ("animal" beside "mammal").
    Assertions.assertFalse(TermContext.isContext(50, 50, 97, 0.5, 0.9));
    // A word as common in a small label (100 rows) as in a large one (1,000 rows) reads like
    // neither; Laplace smoothing over a large vocabulary gave the large label 2 nats.
    NaiveBayesLabelFit nb = new NaiveBayesLabelFit(new long[] {500, 5_000}, 20_000, 1.0);
    double[] s = nb.scores(new long[][] {{30, 300}}, 0, new long[] {0}, 0);
    Assertions.assertEquals(0.0, s[0] - s[1], 0.05);
  }
}
