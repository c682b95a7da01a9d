package io.antidote.detect.knnoutliers;

import io.antidote.config.SettingsBlock;
import io.antidote.detect.DetectorResult;
import io.antidote.detect.evidence.ScoreDistribution;
import io.antidote.detect.neighbours.KnnTestData;
import io.antidote.flags.Evidence;
import io.antidote.testing.BrownSentences;
import io.antidote.testing.KnnOutlierTexts;
import io.antidote.testing.SparkTestBase;
import io.antidote.testing.TextVectors;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Real text embedded with the bundled MiniLM, at default settings: two clean corpora (Brown
 * sentences, 15 genres of ordinary English; emoji names, short caption-like names with natural
 * tight families such as flags and keycaps), and Brown with a planted campaign of 1 % (emoji flag
 * names: one caption edited many times) and scattered oddities (fortunes quotes). Fixtures:
 * text/brown-sentences.tsv.gz and text/knn-outlier-texts.tsv.gz (make-knn-outlier-sample.sh).
 */
class KnnOutlierRealTextTest extends SparkTestBase {
  static final int BROWN = 2000;
  static final int CAMPAIGN = 20;
  static final int SCATTERED = 10;
  static final KnnOutlierSettings DEFAULTS =
      KnnOutlierSettings.fromConfig(SettingsBlock.defaults(KnnOutlierSettings.PATH));

  static List<String> brown;
  static List<String> emoji;
  static List<String> flags;
  static List<String> fortunes;
  static Map<String, float[]> vectors;

  @BeforeAll
  static void embed() throws Exception {
    BrownSentences b = BrownSentences.load();
    Random rnd = new Random(14);
    List<Integer> order = new ArrayList<>(IntStream.range(0, b.size()).boxed().toList());
    java.util.Collections.shuffle(order, rnd);
    brown = order.subList(0, BROWN).stream().map(b.text::get).toList();
    emoji = new ArrayList<>();
    flags = new ArrayList<>();
    List<String> other = new ArrayList<>();
    KnnOutlierTexts t = KnnOutlierTexts.load();
    for (int i = 0; i < t.size(); i++) {
      if (t.source.get(i).equals("emoji")) {
        emoji.add(t.text.get(i));
        if (t.category.get(i).equals("Flags")) {
          flags.add(t.text.get(i));
        }
      } else if (!t.category.get(i).equals("linux")) {
        other.add(t.text.get(i));
      }
    }
    java.util.Collections.shuffle(other, rnd);
    fortunes = other.subList(0, SCATTERED);
    Set<String> all = new HashSet<>(brown);
    all.addAll(emoji);
    all.addAll(fortunes);
    long t0 = System.nanoTime();
    vectors = TextVectors.byText(all);
    System.out.printf(
        "KnnOutlierRealTextTest: embedded %d texts in %.0f s%n",
        all.size(), (System.nanoTime() - t0) / 1e9);
  }

  @Test
  void cleanBrownSentencesGetAtMostPointTwoPercentWhereTheQuantileBudgetFlagsMore() {
    clean("brown", brown);
  }

  @Test
  void cleanEmojiNamesGetAtMostPointTwoPercentWhereTheQuantileBudgetFlagsMore() {
    clean("emoji", emoji);
  }

  private void clean(String name, List<String> texts) {
    Dataset<Row> knn = neighbours(texts);
    DetectorResult test = new KnnOutlierDetector(DEFAULTS, KnnTestData.model()).flagNeighbours(knn);
    List<Row> flags = test.flags().orElseThrow().collectAsList();
    long budget =
        new KnnOutlierDetector(DEFAULTS.withQuantileBudget(0.99), KnnTestData.model())
            .flagNeighbours(knn)
            .flags()
            .orElseThrow()
            .count();
    System.out.printf(
        "KnnOutlierRealTextTest %s: %d rows, test mode flags %d (%.2f%%), quantile budget flags %d"
            + " (%.2f%%); report %s%n",
        name,
        texts.size(),
        flags.size(),
        100.0 * flags.size() / texts.size(),
        budget,
        100.0 * budget / texts.size(),
        test.report());
    for (Row r : flags) {
      System.out.println("  flagged: " + texts.get(index(r.getString(0))) + " | " + r.getString(4));
    }
    Assertions.assertTrue(flags.size() <= 0.002 * texts.size(), name + " flags " + flags.size());
    // The report's distributions cover every row, and the rows past each scale's cut are rows it
    // flagged: the cut drawn is the one the flags were decided by.
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> dists =
        (List<Map<String, Object>>) test.report().get(ScoreDistribution.REPORT_KEY);
    Assertions.assertEquals(DEFAULTS.scales().size(), dists.size());
    for (Map<String, Object> d : dists) {
      Assertions.assertEquals((long) texts.size(), d.get("rows"), d.toString());
      double lo = (Double) d.get("lo");
      double hi = (Double) d.get("hi");
      double cut = (Double) d.get("cut_min");
      @SuppressWarnings("unchecked")
      List<Long> counts = (List<Long>) d.get("counts");
      long pastCut = 0;
      for (int b = 0; b < counts.size(); b++) {
        if (lo + b * (hi - lo) / counts.size() >= cut) {
          pastCut += counts.get(b);
        }
      }
      Assertions.assertTrue(pastCut <= flags.size(), pastCut + " rows past the cut: " + d);
    }
    // The old default (0.99 quantile at two scales) fails the same bound by construction.
    Assertions.assertTrue(budget > 0.002 * texts.size(), name + " budget flags " + budget);
    knn.unpersist();
  }

  /** Three random draws of the campaign: one draw could pass by luck. */
  @Test
  void aPlantedOffTopicCampaignOfOnePercentIsFoundAsOneGroup() {
    for (int draw = 1; draw <= 3; draw++) {
      List<String> campaign = new ArrayList<>(flags);
      java.util.Collections.shuffle(campaign, new Random(draw));
      planted(draw, campaign.subList(0, CAMPAIGN));
    }
  }

  private void planted(int draw, List<String> campaignTexts) {
    List<String> texts = new ArrayList<>(brown);
    texts.addAll(campaignTexts);
    texts.addAll(fortunes);
    Dataset<Row> knn = neighbours(texts);
    DetectorResult r = new KnnOutlierDetector(DEFAULTS, KnnTestData.model()).flagNeighbours(knn);
    List<Row> flagged = r.flags().orElseThrow().collectAsList();
    int campaign = 0;
    int scattered = 0;
    int clean = 0;
    Set<String> groups = new HashSet<>();
    for (Row f : flagged) {
      int i = index(f.getString(0));
      Map<String, String> ev = f.getJavaMap(5);
      for (String key :
          List.of(
              Evidence.TEST,
              Evidence.STATISTIC,
              Evidence.NULL_MODEL,
              Evidence.P_VALUE,
              Evidence.FDR,
              Evidence.P_CUT)) {
        Assertions.assertTrue(ev.containsKey(key), key + " in " + ev);
      }
      if (i < BROWN) {
        clean++;
        System.out.println("  clean flagged: " + texts.get(i) + " | " + f.getString(4));
      } else if (i < BROWN + CAMPAIGN) {
        campaign++;
        Assertions.assertEquals("group", ev.get("pattern"), ev.toString());
        groups.add(ev.get("group_id"));
        for (String key :
            List.of("group_id", "group_size", "group_spread", "group_separation", "group_scale")) {
          Assertions.assertTrue(ev.containsKey(key), key + " in " + ev);
        }
      } else {
        scattered++;
      }
    }
    double recall = (double) campaign / CAMPAIGN;
    double precision = flagged.isEmpty() ? 0 : (double) campaign / flagged.size();
    System.out.printf(
        "KnnOutlierRealTextTest planted, draw %d: campaign %d/%d (recall %.2f, precision %.2f, groups %s),"
            + " scattered %d/%d, clean flagged %d/%d; report %s%n",
        draw,
        campaign,
        CAMPAIGN,
        recall,
        precision,
        groups,
        scattered,
        SCATTERED,
        clean,
        BROWN,
        r.report());
    Assertions.assertTrue(recall >= 0.9, "recall " + recall);
    Assertions.assertTrue(precision >= 0.8, "precision " + precision);
    Assertions.assertEquals(1, groups.size(), "one group: " + groups);
    knn.unpersist();
  }

  private Dataset<Row> neighbours(List<String> texts) {
    float[] v = TextVectors.rows(vectors, texts);
    Dataset<Row> input = KnnTestData.frame(spark(), v, texts.size(), TextVectors.DIM, null, 2);
    return KnnTestData.neighbours(input, DEFAULTS.maxK(), KnnTestData.knn());
  }

  private static int index(String id) {
    return Integer.parseInt(id.substring(1));
  }
}
