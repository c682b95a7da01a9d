package io.antidote.detect.offtopic;

import io.antidote.config.SettingsBlock;
import io.antidote.corpus.RowFacts;
import io.antidote.detect.DetectorResult;
import io.antidote.detect.evidence.ScoreDistribution;
import io.antidote.detect.neighbours.KnnTestData;
import io.antidote.flags.Evidence;
import io.antidote.testing.BrownSentences;
import io.antidote.testing.KnnOutlierTexts;
import io.antidote.testing.SpamAssassin;
import io.antidote.testing.SparkTestBase;
import io.antidote.testing.TextVectors;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Real text embedded with the bundled MiniLM, at default settings, on web-like provenance: rows
 * spread over 40 hosts with Zipf-like sizes (a few big hosts, a long tail). Clean Brown sentences
 * and clean SpamAssassin messages must get no flag; 1 % off-topic rows added from two new hosts
 * (SpamAssassin messages into Brown, emoji Food & Drink captions into SpamAssassin; messages cut to
 * their first 20 words) must be found with recall >= 0.9 at precision >= 0.8, with the unit's
 * figures in the evidence. The hard null: one host per Brown text (topical hosts, as on the real
 * web) must get no flag either; there the injection is not asserted to be found (it is not: the
 * limit README states).
 */
class OffTopicRealTextTest extends SparkTestBase {
  static final int BROWN = 2000;
  static final int SPAM = 1500;
  static final double SHARE = 0.01;
  static final int OPENING_WORDS = 20;
  static final OffTopicSettings DEFAULTS =
      OffTopicSettings.fromConfig(SettingsBlock.defaults(OffTopicSettings.PATH));

  static List<String> brown;
  static List<String> brownFile;
  static List<String> spam;
  static List<String> spamIntoBrown;
  static List<String> foodIntoSpam;
  static Map<String, float[]> vectors;
  static final Map<List<String>, Dataset<Row>> neighbours = new HashMap<>();

  @BeforeAll
  static void embed() throws Exception {
    Random rnd = new Random(14);
    BrownSentences b = BrownSentences.load();
    // Whole Brown texts (about 40 sentences each), so that each can also serve as a topical host.
    List<String> files = new ArrayList<>(new java.util.TreeSet<>(b.file));
    Collections.shuffle(files, rnd);
    Set<String> picked = new HashSet<>();
    Map<String, Integer> perFile = new HashMap<>();
    b.file.forEach(f -> perFile.merge(f, 1, Integer::sum));
    int rows = 0;
    for (String f : files) {
      if (rows >= BROWN) {
        break;
      }
      picked.add(f);
      rows += perFile.get(f);
    }
    brown = new ArrayList<>();
    brownFile = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < b.size(); i++) {
      if (picked.contains(b.file.get(i)) && seen.add(b.text.get(i))) {
        brown.add(b.text.get(i));
        brownFile.add(b.file.get(i));
      }
    }
    SpamAssassin s = SpamAssassin.load();
    // The first words of each message (subject and opening): as long as a Brown sentence, so
    // embedding the fixture stays within the test's time.
    List<String> messages = s.text.stream().map(OffTopicRealTextTest::opening).toList();
    List<String> all = sample(messages, SPAM + 100, rnd);
    spam = all.subList(0, SPAM);
    spamIntoBrown = all.subList(SPAM, SPAM + (int) Math.round(SHARE * BROWN));
    List<String> food = new ArrayList<>();
    KnnOutlierTexts t = KnnOutlierTexts.load();
    for (int i = 0; i < t.size(); i++) {
      if (t.source.get(i).equals("emoji") && t.category.get(i).equals("Food & Drink")) {
        food.add(t.text.get(i));
      }
    }
    foodIntoSpam = sample(food, (int) Math.round(SHARE * SPAM), rnd);
    Set<String> texts = new HashSet<>(brown);
    texts.addAll(all.subList(0, SPAM + spamIntoBrown.size()));
    texts.addAll(foodIntoSpam);
    long t0 = System.nanoTime();
    vectors = TextVectors.byText(texts);
    System.out.printf(
        "OffTopicRealTextTest: embedded %d texts in %.0f s%n",
        texts.size(), (System.nanoTime() - t0) / 1e9);
  }

  @AfterAll
  static void release() {
    neighbours.values().forEach(Dataset::unpersist);
  }

  @Test
  void cleanBrownGetsNoFlagAndOnePercentOfSpamFromTwoNewHostsIsFound() {
    Outcome clean = audit("brown", brown, List.of(), null);
    Assertions.assertEquals(0, clean.flags, "clean Brown flags");
    Outcome attacked = audit("brown", brown, spamIntoBrown, null);
    assertQuality(attacked, spamIntoBrown.size());
  }

  /**
   * The hard null: every Brown text its own host, so hosts are topical (a text on one subject,
   * about 40 sentences) as on the real web. The empirical null widens and no clean host is flagged;
   * the injected hosts are still found when they stand out from topical hosts too.
   */
  @Test
  void brownWithOneHostPerTopicalTextGetsNoCleanFlag() {
    Outcome clean = audit("brown-texts", brown, List.of(), brownFile);
    Assertions.assertEquals(0, clean.flags, "clean Brown, one host per text: flags");
    Outcome attacked = audit("brown-texts", brown, spamIntoBrown, brownFile);
    Assertions.assertTrue(
        attacked.cleanFlagged <= 0.01 * attacked.cleanRows, "clean rows flagged " + attacked);
  }

  @Test
  void cleanSpamAssassinGetsNoFlagAndOnePercentOfFoodCaptionsFromTwoNewHostsIsFound() {
    Outcome clean = audit("spam", spam, List.of(), null);
    Assertions.assertEquals(0, clean.flags, "clean SpamAssassin flags");
    Outcome attacked = audit("spam", spam, foodIntoSpam, null);
    assertQuality(attacked, foodIntoSpam.size());
  }

  private static void assertQuality(Outcome o, int injected) {
    double recall = (double) o.injectedFlagged / injected;
    double precision = o.flags == 0 ? 0 : (double) o.injectedFlagged / o.flags;
    Assertions.assertTrue(recall >= 0.9, "recall " + recall);
    Assertions.assertTrue(precision >= 0.8, "precision " + precision);
    Assertions.assertTrue(
        o.cleanFlagged <= 0.01 * o.cleanRows, "clean rows flagged " + o.cleanFlagged);
  }

  record Outcome(int flags, int injectedFlagged, int cleanFlagged, int cleanRows) {}

  /**
   * Clean rows on {@code cleanHosts} (null: 40 Zipf-sized hosts), injected rows alternating over
   * two new hosts.
   */
  private Outcome audit(
      String name, List<String> clean, List<String> injected, List<String> cleanHosts) {
    Random r = new Random(name.hashCode());
    List<String> texts = new ArrayList<>(clean);
    texts.addAll(injected);
    List<Row> facts = new ArrayList<>();
    for (int i = 0; i < texts.size(); i++) {
      String host =
          i < clean.size()
              ? cleanHosts != null
                  ? cleanHosts.get(i) + ".example.org"
                  : "host" + (int) Math.floor(40 * Math.pow(r.nextDouble(), 2)) + ".example.com"
              : "injected" + (i % 2) + ".example.net";
      // Each host its own registrable domain, as in the bench's synthetic URLs.
      facts.add(RowFactory.create(KnnTestData.id(i), host, host, "shard-" + (i % 4)));
    }
    StructType schema =
        new StructType()
            .add(RowFacts.SAMPLE_ID, DataTypes.StringType, false)
            .add(RowFacts.DOMAIN, DataTypes.StringType, true)
            .add(RowFacts.HOST, DataTypes.StringType, true)
            .add(RowFacts.SOURCE, DataTypes.StringType, true);
    Dataset<Row> factFrame = spark().createDataFrame(facts, schema);
    float[] v = TextVectors.rows(vectors, texts);
    // The lists depend on the texts only: one self-join per text set, whatever the hosts.
    Dataset<Row> knn =
        neighbours.computeIfAbsent(
            texts,
            t ->
                KnnTestData.neighbours(
                    KnnTestData.frame(spark(), v, t.size(), TextVectors.DIM, null, 2),
                    DEFAULTS.neighbours(),
                    KnnTestData.knn()));
    DetectorResult result =
        new OffTopicDetector(DEFAULTS, KnnTestData.model()).flag(factFrame, knn);
    List<Row> flags = result.flags().orElseThrow().collectAsList();
    int injectedFlagged = 0;
    int cleanFlagged = 0;
    Set<String> units = new HashSet<>();
    for (Row f : flags) {
      int i = Integer.parseInt(f.getString(0).substring(1));
      Map<String, String> ev = f.getJavaMap(5);
      for (String key :
          List.of(
              Evidence.TEST,
              Evidence.STATISTIC,
              Evidence.NULL_MODEL,
              Evidence.P_VALUE,
              Evidence.P_CUT,
              OffTopicDetector.UNIT,
              OffTopicDetector.UNIT_ROWS,
              OffTopicDetector.UNIT_MEDIAN_ISOLATION,
              OffTopicDetector.UNIT_SPREAD)) {
        Assertions.assertTrue(ev.containsKey(key), key + " in " + ev);
      }
      units.add(ev.get(OffTopicDetector.UNIT));
      if (i < clean.size()) {
        cleanFlagged++;
      } else {
        injectedFlagged++;
      }
    }
    System.out.printf(
        "OffTopicRealTextTest %s: %d clean + %d injected rows; flags %d (injected %d, clean %d),"
            + " units %s; report %s%n",
        name,
        clean.size(),
        injected.size(),
        flags.size(),
        injectedFlagged,
        cleanFlagged,
        units,
        result.report());
    // The report's distribution holds every tested unit, and the units past its cut are the
    // flagged ones.
    @SuppressWarnings("unchecked")
    Map<String, Object> dist =
        ((List<Map<String, Object>>) result.report().get(ScoreDistribution.REPORT_KEY)).get(0);
    Assertions.assertEquals(result.report().get("units_tested"), dist.get("rows"), dist.toString());
    @SuppressWarnings("unchecked")
    List<Long> counts = (List<Long>) dist.get("counts");
    double lo = (Double) dist.get("lo");
    double width = ((Double) dist.get("hi") - lo) / counts.size();
    long pastCut = 0;
    for (int b = 0; b < counts.size(); b++) {
      if (lo + b * width >= (Double) dist.get("cut_min")) {
        pastCut += counts.get(b);
      }
    }
    Assertions.assertTrue(pastCut <= units.size(), pastCut + " units past the cut: " + dist);
    return new Outcome(flags.size(), injectedFlagged, cleanFlagged, clean.size());
  }

  private static String opening(String text) {
    String[] w = text.split(" ");
    return String.join(" ", java.util.Arrays.copyOf(w, Math.min(w.length, OPENING_WORDS)));
  }

  private static List<String> sample(List<String> from, int n, Random r) {
    List<Integer> order = new ArrayList<>(IntStream.range(0, from.size()).boxed().toList());
    Collections.shuffle(order, r);
    List<String> out = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (int i : order) {
      if (out.size() == n) {
        break;
      }
      if (seen.add(from.get(i))) {
        out.add(from.get(i));
      }
    }
    return out;
  }
}
