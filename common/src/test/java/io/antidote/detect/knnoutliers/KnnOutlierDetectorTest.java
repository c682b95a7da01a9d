package io.antidote.detect.knnoutliers;

import io.antidote.config.InvalidConfigException;
import io.antidote.config.SettingsBlock;
import io.antidote.detect.DetectorInput;
import io.antidote.detect.DetectorResult;
import io.antidote.detect.neighbours.BlockedSimilarity;
import io.antidote.detect.neighbours.KnnSettings;
import io.antidote.detect.neighbours.KnnTestData;
import io.antidote.detect.neighbours.SyntheticEmbeddings;
import io.antidote.flags.Evidence;
import io.antidote.flags.FlagSchema;
import io.antidote.testing.SparkTestBase;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;

/**
 * Planted scattered outliers and a planted campaign cluster, against clean clustered embeddings, at
 * default settings (the test mode); the review-budget modes; settings.
 */
class KnnOutlierDetectorTest extends SparkTestBase {
  static final int CLEAN = 10_000;
  static final int DIM = 128;
  static final int SCATTERED = 60;
  static final int CAMPAIGN = 40;
  static final KnnSettings KNN = KnnTestData.knn().withCells(250, 8);
  static final KnnOutlierSettings DEFAULTS =
      KnnOutlierSettings.fromConfig(SettingsBlock.defaults(KnnOutlierSettings.PATH));

  /**
   * Clean rows first, then scattered random rows, then a tight campaign around one random
   * direction.
   */
  static float[] planted(int clean, int scattered, int campaign) {
    SyntheticEmbeddings e = SyntheticEmbeddings.clustered(clean, DIM, 20, 16, 1.0, 0.3, 5);
    int n = clean + scattered + campaign;
    float[] v = new float[n * DIM];
    System.arraycopy(e.vectors, 0, v, 0, clean * DIM);
    SplittableRandom rnd = new SplittableRandom(99);
    for (int i = 0; i < scattered; i++) {
      System.arraycopy(SyntheticEmbeddings.randomUnit(DIM, rnd), 0, v, (clean + i) * DIM, DIM);
    }
    float[] centre = SyntheticEmbeddings.randomUnit(DIM, rnd);
    for (int i = 0; i < campaign; i++) {
      int o = (clean + scattered + i) * DIM;
      for (int d = 0; d < DIM; d++) {
        v[o + d] = centre[d] + (float) (rnd.nextGaussian() * 0.15 / Math.sqrt(DIM));
      }
      BlockedSimilarity.normalize(v, o, DIM);
    }
    return v;
  }

  @Test
  void findsScatteredOutliersPerRowAndTheCampaignAsOneGroup() {
    int n = CLEAN + SCATTERED + CAMPAIGN;
    Dataset<Row> input =
        KnnTestData.frame(spark(), planted(CLEAN, SCATTERED, CAMPAIGN), n, DIM, null, 4);
    KnnOutlierDetector detector = new KnnOutlierDetector(DEFAULTS, KnnTestData.model());
    Dataset<Row> neighbours = KnnTestData.neighbours(input, DEFAULTS.maxK(), KNN);
    DetectorResult result = detector.flagNeighbours(neighbours);
    Dataset<Row> flags = result.flags().orElseThrow();
    Assertions.assertEquals(FlagSchema.DETECTOR_OUTPUT, flags.schema());
    int scatteredFound = 0;
    int campaignFound = 0;
    int cleanFlagged = 0;
    int campaignAsGroup = 0;
    Set<String> campaignGroups = new HashSet<>();
    for (Row r : flags.collectAsList()) {
      int i = Integer.parseInt(r.getString(0).substring(1));
      Map<String, String> ev = r.getJavaMap(5);
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
      Assertions.assertTrue(
          Double.parseDouble(ev.get(Evidence.P_VALUE))
              <= Double.parseDouble(ev.get(Evidence.P_CUT)),
          ev.toString());
      if (i < CLEAN) {
        cleanFlagged++;
      } else if (i < CLEAN + SCATTERED) {
        scatteredFound++;
        Assertions.assertEquals("isolated", ev.get("pattern"), ev.toString());
      } else {
        campaignFound++;
        if ("group".equals(ev.get("pattern"))) {
          campaignAsGroup++;
          campaignGroups.add(ev.get("group_id"));
        }
      }
    }
    System.out.printf(
        "KnnOutlierDetectorTest: scattered %d/%d, campaign %d/%d (%d in groups %s), clean flagged"
            + " %d/%d;"
            + " report %s%n",
        scatteredFound,
        SCATTERED,
        campaignFound,
        CAMPAIGN,
        campaignAsGroup,
        campaignGroups,
        cleanFlagged,
        CLEAN,
        result.report());
    Assertions.assertTrue(scatteredFound >= 0.95 * SCATTERED, "scattered recall " + scatteredFound);
    Assertions.assertTrue(campaignFound >= 0.9 * CAMPAIGN, "campaign recall " + campaignFound);
    Assertions.assertTrue(
        campaignAsGroup >= 0.9 * CAMPAIGN, "campaign as group " + campaignAsGroup);
    Assertions.assertEquals(1, campaignGroups.size(), "one group " + campaignGroups);
    Assertions.assertTrue(cleanFlagged <= 0.002 * CLEAN, "clean flagged " + cleanFlagged);
    neighbours.unpersist();
  }

  @Test
  void cleanClustersGetAtMostPointTwoPercentWhereTheQuantileBudgetFlagsMore() {
    float[] v = planted(CLEAN, 0, 0);
    Dataset<Row> input = KnnTestData.frame(spark(), v, CLEAN, DIM, null, 4);
    Dataset<Row> knn = KnnTestData.neighbours(input, DEFAULTS.maxK(), KNN);
    long t = count(new KnnOutlierDetector(DEFAULTS, KnnTestData.model()).flagNeighbours(knn));
    KnnOutlierSettings quantile = DEFAULTS.withQuantileBudget(0.99);
    long q = count(new KnnOutlierDetector(quantile, KnnTestData.model()).flagNeighbours(knn));
    KnnOutlierSettings absolute = DEFAULTS.withAbsoluteCut(0.8);
    long a = count(new KnnOutlierDetector(absolute, KnnTestData.model()).flagNeighbours(knn));
    System.out.printf(
        "KnnOutlierDetectorTest: clean flagged, test mode %d/%d, quantile budget %d, absolute 0.8"
            + " %d%n",
        t, CLEAN, q, a);
    Assertions.assertTrue(t <= 0.002 * CLEAN, "test-mode clean flags " + t);
    // The old default, a 0.99-quantile budget at two scales, flags about 1 % per scale whatever the
    // data: it fails the same bound.
    Assertions.assertTrue(q > 0.002 * CLEAN, "quantile budget clean flags " + q);
    // An absolute cut at cosine distance 0.8 flags no clean row of these clusters (bound: 0.1%).
    Assertions.assertTrue(a <= 0.001 * CLEAN, "absolute-mode clean flags " + a);
    knn.unpersist();
  }

  @Test
  void flagTwiceOnOneInstanceGivesTheSameFlagsAndReport() {
    int n = 2_000;
    float[] v = planted(n - 30, 20, 10);
    Dataset<Row> knn =
        KnnTestData.neighbours(KnnTestData.frame(spark(), v, n, DIM, null, 2), 40, KNN);
    KnnOutlierDetector detector =
        new KnnOutlierDetector(
            DEFAULTS.withScales(5, 30).withGroupSizes(5, 29), KnnTestData.model());
    // The join ran at a larger k than the detector declared, as when another reader asks more.
    Assertions.assertEquals(
        List.of(new DetectorInput.Neighbours(KnnTestData.model(), 30)), detector.inputs());
    DetectorResult first = detector.flag(KnnTestData.inputs(KnnTestData.model(), knn));
    DetectorResult second = detector.flag(KnnTestData.inputs(KnnTestData.model(), knn));
    Assertions.assertTrue(first.ran());
    Assertions.assertEquals("test", first.report().get("threshold_mode"));
    Assertions.assertEquals(first.report(), second.report());
    List<Row> a = first.flags().orElseThrow().orderBy(FlagSchema.SAMPLE_ID).collectAsList();
    List<Row> b = second.flags().orElseThrow().orderBy(FlagSchema.SAMPLE_ID).collectAsList();
    Assertions.assertFalse(a.isEmpty());
    Assertions.assertEquals(a, b);
    knn.unpersist();
  }

  @Test
  void settingsValidateAndReadHocon() {
    KnnOutlierSettings s =
        KnnOutlierSettings.fromConfig(
            block("scales = [100, 5], threshold-mode = absolute, absolute-distance = 0.7"));
    Assertions.assertEquals(List.of(5, 100), s.scales());
    Assertions.assertEquals(100, s.maxK());
    Assertions.assertEquals(KnnOutlierSettings.ThresholdMode.ABSOLUTE, s.mode());
    Assertions.assertEquals(List.of(10, 100), DEFAULTS.scales());
    Assertions.assertEquals(KnnOutlierSettings.ThresholdMode.TEST, DEFAULTS.mode());
    Assertions.assertEquals(100, DEFAULTS.maxK());
    InvalidConfigException tail =
        Assertions.assertThrows(
            InvalidConfigException.class,
            () -> KnnOutlierSettings.fromConfig(block("tail-from = 0.995")));
    Assertions.assertTrue(
        tail.getMessage().contains("antidote.detectors.knn-outliers.tail-from"), tail.getMessage());
    InvalidConfigException group =
        Assertions.assertThrows(
            InvalidConfigException.class,
            () -> KnnOutlierSettings.fromConfig(block("group.max-size = 3")));
    Assertions.assertTrue(
        group.getMessage().contains("antidote.detectors.knn-outliers.group.max-size"),
        group.getMessage());
    InvalidConfigException bad =
        Assertions.assertThrows(
            InvalidConfigException.class,
            () -> KnnOutlierSettings.fromConfig(block("quantile = 1.5")));
    Assertions.assertTrue(
        bad.getMessage().contains("antidote.detectors.knn-outliers.quantile"), bad.getMessage());
    Assertions.assertTrue(bad.getMessage().contains("1.5"), bad.getMessage());
    InvalidConfigException missing =
        Assertions.assertThrows(
            InvalidConfigException.class,
            () ->
                KnnOutlierSettings.fromConfig(
                    SettingsBlock.of(
                        com.typesafe.config.ConfigFactory.parseString(
                            "detectors.knn-outliers { scales = [5] }"),
                        KnnOutlierSettings.PATH)));
    Assertions.assertTrue(
        missing.getMessage().contains("antidote.detectors.knn-outliers."), missing.getMessage());
    InvalidConfigException knn =
        Assertions.assertThrows(
            InvalidConfigException.class,
            () ->
                KnnSettings.fromConfig(
                    SettingsBlock.of(
                        com.typesafe.config.ConfigFactory.parseString("knn { nprobe = 0 }")
                            .withFallback(io.antidote.config.AntidoteConfig.defaults()),
                        KnnSettings.PATH)));
    Assertions.assertTrue(knn.getMessage().contains("antidote.knn.nprobe"), knn.getMessage());
  }

  /** The block with {@code overrides} over its reference.conf defaults. */
  private static SettingsBlock block(String overrides) {
    return SettingsBlock.of(
        com.typesafe.config.ConfigFactory.parseString(
                "detectors.knn-outliers { " + overrides + " }")
            .withFallback(io.antidote.config.AntidoteConfig.defaults()),
        KnnOutlierSettings.PATH);
  }

  private static long count(DetectorResult r) {
    return r.flags().orElseThrow().count();
  }
}
