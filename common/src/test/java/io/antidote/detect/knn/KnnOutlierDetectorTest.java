package io.antidote.detect.knn;

import io.antidote.flags.FlagSchema;
import io.antidote.testing.SparkTestBase;
import java.util.HashMap;
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
  static final KnnSettings KNN = KnnSettings.defaults().withCells(250, 8);

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
    KnnOutlierDetector detector = new KnnOutlierDetector(KnnOutlierSettings.defaults(), KNN);
    Dataset<Row> flags = detector.flag(input);
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
        java.util.Arrays.toString(detector.lastThresholds()),
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
        cleanFlagged <= KnnOutlierSettings.defaults().cleanFlagRateBound() * n,
        "clean flagged " + cleanFlagged);
  }

  @Test
  void cleanFlagRateStaysWithinTheStatedBound() {
    float[] v = planted(CLEAN, 0, 0);
    Dataset<Row> input = KnnTestData.frame(spark(), v, CLEAN, DIM, null, 4);
    Dataset<Row> knn = new KnnSelfJoin(100, KNN).run(input).cache();
    KnnOutlierSettings quantile = KnnOutlierSettings.defaults();
    long q = new KnnOutlierDetector(quantile, KNN).flagNeighbours(knn).count();
    KnnOutlierSettings absolute =
        new KnnOutlierSettings(
            true, new int[] {10, 100}, KnnOutlierSettings.ThresholdMode.ABSOLUTE, 0.99, 0.8);
    long a = new KnnOutlierDetector(absolute, KNN).flagNeighbours(knn).count();
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
  void settingsValidateAndReadHocon() {
    KnnOutlierSettings s =
        KnnOutlierSettings.fromConfig(
            com.typesafe.config.ConfigFactory.parseString(
                "enabled = true, scales = [100, 5], threshold-mode = absolute, absolute-distance = 0.7"));
    Assertions.assertArrayEquals(new int[] {5, 100}, s.scales);
    Assertions.assertEquals(100, s.maxK());
    Assertions.assertEquals(KnnOutlierSettings.ThresholdMode.ABSOLUTE, s.mode);
    io.antidote.config.InvalidConfigException bad =
        Assertions.assertThrows(
            io.antidote.config.InvalidConfigException.class,
            () ->
                KnnOutlierSettings.fromConfig(
                    com.typesafe.config.ConfigFactory.parseString("quantile = 1.5")));
    Assertions.assertTrue(
        bad.getMessage().contains("detectors.knn-outliers.quantile"), bad.getMessage());
    Assertions.assertTrue(bad.getMessage().contains("1.5"), bad.getMessage());
    Assertions.assertThrows(
        io.antidote.config.InvalidConfigException.class,
        () -> KnnSettings.fromConfig(com.typesafe.config.ConfigFactory.parseString("nprobe = 0")));
  }
}
