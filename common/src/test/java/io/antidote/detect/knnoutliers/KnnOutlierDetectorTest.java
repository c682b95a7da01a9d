package io.antidote.detect.knnoutliers;

import io.antidote.config.InvalidConfigException;
import io.antidote.config.SettingsBlock;
import io.antidote.detect.DetectorInput;
import io.antidote.detect.DetectorResult;
import io.antidote.detect.neighbours.BlockedSimilarity;
import io.antidote.detect.neighbours.KnnSettings;
import io.antidote.detect.neighbours.KnnTestData;
import io.antidote.detect.neighbours.SyntheticEmbeddings;
import io.antidote.flags.FlagSchema;
import io.antidote.testing.SparkTestBase;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;

/**
 * Planted scattered outliers and a planted campaign cluster, against clean clustered embeddings.
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
  void findsScatteredOutliersAndACampaignClusterAtTheLargerScale() {
    int n = CLEAN + SCATTERED + CAMPAIGN;
    Dataset<Row> input =
        KnnTestData.frame(spark(), planted(CLEAN, SCATTERED, CAMPAIGN), n, DIM, null, 4);
    KnnOutlierDetector detector = new KnnOutlierDetector(DEFAULTS, KnnTestData.model());
    Dataset<Row> neighbours = KnnTestData.neighbours(input, DEFAULTS.maxK(), KNN);
    DetectorResult result = detector.flagNeighbours(neighbours);
    Dataset<Row> flags = result.flags().orElseThrow();
    Assertions.assertEquals(FlagSchema.DETECTOR_OUTPUT, flags.schema());
    Map<Integer, Row> byRow = new HashMap<>();
    for (Row r : flags.collectAsList()) {
      byRow.put(Integer.parseInt(r.getString(0).substring(1)), r);
    }
    int scatteredFound = 0;
    int campaignFound = 0;
    int campaignAsGroup = 0;
    int cleanFlagged = 0;
    for (Map.Entry<Integer, Row> e : byRow.entrySet()) {
      int i = e.getKey();
      if (i < CLEAN) {
        cleanFlagged++;
      } else if (i < CLEAN + SCATTERED) {
        scatteredFound++;
      } else {
        campaignFound++;
        Map<String, String> ev = e.getValue().getJavaMap(5);
        if ("group".equals(ev.get("pattern")) && "100".equals(ev.get("k"))) {
          campaignAsGroup++;
        }
      }
    }
    System.out.printf(
        "KnnOutlierDetectorTest: cuts %s; scattered %d/%d, campaign %d/%d (as group at k=100: %d), clean flagged %d/%d%n",
        result.report().get("thresholds"),
        scatteredFound,
        SCATTERED,
        campaignFound,
        CAMPAIGN,
        campaignAsGroup,
        cleanFlagged,
        CLEAN);
    Assertions.assertTrue(scatteredFound >= 0.95 * SCATTERED, "scattered recall " + scatteredFound);
    Assertions.assertTrue(campaignFound >= 0.95 * CAMPAIGN, "campaign recall " + campaignFound);
    Assertions.assertTrue(
        campaignAsGroup >= 0.95 * CAMPAIGN, "campaign seen only at k=100 " + campaignAsGroup);
    Assertions.assertTrue(
        cleanFlagged <= DEFAULTS.cleanFlagRateBound() * n, "clean flagged " + cleanFlagged);
    neighbours.unpersist();
  }

  @Test
  void cleanFlagRateStaysWithinTheStatedBound() {
    float[] v = planted(CLEAN, 0, 0);
    Dataset<Row> input = KnnTestData.frame(spark(), v, CLEAN, DIM, null, 4);
    Dataset<Row> knn = KnnTestData.neighbours(input, 100, KNN);
    KnnOutlierSettings quantile = DEFAULTS;
    long q = count(new KnnOutlierDetector(quantile, KnnTestData.model()).flagNeighbours(knn));
    KnnOutlierSettings absolute = DEFAULTS.withScales(10, 100).withAbsoluteCut(0.8);
    long a = count(new KnnOutlierDetector(absolute, KnnTestData.model()).flagNeighbours(knn));
    System.out.printf(
        "KnnOutlierDetectorTest: clean flagged, quantile mode %d/%d, absolute 0.8 %d/%d%n",
        q, CLEAN, a, CLEAN);
    // Quantile mode flags about (1 - q) per scale by construction: stated bound 2% at q=0.99, two
    // scales.
    Assertions.assertTrue(
        q <= quantile.cleanFlagRateBound() * CLEAN, "quantile-mode clean flags " + q);
    // An absolute cut at cosine distance 0.8 flags no clean row of these clusters (bound: 0.1%).
    Assertions.assertTrue(a <= 0.001 * CLEAN, "absolute-mode clean flags " + a);
  }

  @Test
  void flagTwiceOnOneInstanceGivesTheSameFlagsAndReport() {
    int n = 2_000;
    float[] v = planted(n - 30, 20, 10);
    Dataset<Row> knn =
        KnnTestData.neighbours(KnnTestData.frame(spark(), v, n, DIM, null, 2), 40, KNN);
    KnnOutlierDetector detector =
        new KnnOutlierDetector(DEFAULTS.withScales(5, 30), KnnTestData.model());
    // The join ran at a larger k than the detector declared, as when another reader asks more.
    Assertions.assertEquals(
        List.of(new DetectorInput.Neighbours(KnnTestData.model(), 30)), detector.inputs());
    DetectorResult first = detector.flag(KnnTestData.inputs(KnnTestData.model(), knn));
    DetectorResult second = detector.flag(KnnTestData.inputs(KnnTestData.model(), knn));
    Assertions.assertTrue(first.ran());
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
