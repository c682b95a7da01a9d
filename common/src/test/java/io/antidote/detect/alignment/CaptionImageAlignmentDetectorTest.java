package io.antidote.detect.alignment;

import io.antidote.flags.FlagSchema;
import io.antidote.testing.SparkTestBase;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Synthetic CLIP-like pairs in 512-d: 40 concepts (random unit vectors); an honest pair's image and
 * caption are its concept plus independent noise, which puts honest cosines near 0.31 (sd ≈ 0.04),
 * as CLIP ViT-B/32 does; a mismatched pair takes its caption from another concept (cosine ≈ 0 ±
 * 0.045). 5,000 pairs, 100 (2%) mismatched, plus 3 unusable rows (null image, wrong dimension, zero
 * caption vector).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CaptionImageAlignmentDetectorTest extends SparkTestBase {
  private static final int DIM = 512;
  private final Set<String> mismatched = new HashSet<>();
  private Dataset<Row> pairs;

  @BeforeAll
  void build() {
    runBefore(); // the shared session, before the first @BeforeEach
    Random rnd = new Random(9);
    double[][] concepts = new double[40][];
    for (int c = 0; c < concepts.length; c++) {
      concepts[c] = unit(rnd);
    }
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 5000; i++) {
      int concept = rnd.nextInt(concepts.length);
      boolean bad = i % 50 == 7;
      int captionConcept =
          bad ? (concept + 1 + rnd.nextInt(concepts.length - 1)) % concepts.length : concept;
      String id = String.format("%s%05d", bad ? "m" : "h", i);
      if (bad) {
        mismatched.add(id);
      }
      rows.add(
          RowFactory.create(
              id, noisy(concepts[captionConcept], rnd), noisy(concepts[concept], rnd)));
    }
    rows.add(RowFactory.create("null-image", noisy(concepts[0], rnd), null));
    rows.add(RowFactory.create("short-image", noisy(concepts[0], rnd), new float[] {1f, 2f}));
    rows.add(RowFactory.create("zero-caption", new float[DIM], noisy(concepts[0], rnd)));
    StructType schema =
        new StructType()
            .add("sample_id", DataTypes.StringType, false)
            .add("text_embedding", DataTypes.createArrayType(DataTypes.FloatType, false), true)
            .add("image_embedding", DataTypes.createArrayType(DataTypes.FloatType, false), true);
    pairs = spark().createDataFrame(rows, schema).repartition(4).cache();
  }

  @Test
  void absoluteCutFindsMismatchedPairs() {
    AlignmentResult result =
        CaptionImageAlignmentDetector.scorePairs(CaptionImageAlignmentSettings.defaults(), pairs);
    List<Row> flags = result.flags().collectAsList();
    double[] rates = rates(flags);
    System.out.printf(
        "alignment absolute 0.15: %d flags, recall %.3f, clean flagged %.4f%n",
        flags.size(), rates[0], rates[1]);
    Assertions.assertEquals(FlagSchema.DETECTOR_OUTPUT, result.flags().schema());
    Assertions.assertEquals(5000, result.scoredRows());
    Assertions.assertEquals(3, result.skippedRows());
    Assertions.assertTrue(rates[0] >= 0.9, "recall " + rates[0]);
    Assertions.assertTrue(rates[1] <= 0.005, "clean pairs flagged " + rates[1]);
    Row f = flags.get(0);
    Map<String, String> ev = f.getJavaMap(5);
    Assertions.assertEquals(f.getDouble(2), Double.parseDouble(ev.get("cosine")), 1e-12);
    Assertions.assertEquals(0.15, f.getDouble(3), 1e-12);
    Assertions.assertEquals("absolute", ev.get("below"));
    Assertions.assertEquals("off", ev.get("quantile_cut"));
  }

  @Test
  void quantileCutFlagsTheLowestShareOfTheCorpus() {
    // By construction the quantile cut flags q of any corpus (clean or not): here q = 2% = 100
    // pairs,
    // which is the planted share, so recall and the clean rate measure how well the cosine ranks
    // them.
    AlignmentResult result =
        CaptionImageAlignmentDetector.scorePairs(
            CaptionImageAlignmentSettings.defaults().withCuts(-1, 0.02), pairs);
    List<Row> flags = result.flags().collectAsList();
    double[] rates = rates(flags);
    System.out.printf(
        "alignment quantile 0.02: cut %.4f, %d flags, recall %.3f, clean flagged %.4f%n",
        result.cut().cut(), flags.size(), rates[0], rates[1]);
    Assertions.assertTrue(Math.abs(flags.size() - 100) <= 2, "flags " + flags.size());
    Assertions.assertTrue(rates[0] >= 0.9, "recall " + rates[0]);
    Assertions.assertTrue(rates[1] <= 0.005, "clean pairs flagged " + rates[1]);
    Assertions.assertEquals("quantile", flags.get(0).getJavaMap(5).get("below"));
  }

  @Test
  void settingsRejectBadValuesByKey() {
    io.antidote.config.InvalidConfigException e =
        Assertions.assertThrows(
            io.antidote.config.InvalidConfigException.class,
            () ->
                CaptionImageAlignmentSettings.fromConfig(
                    io.antidote.config.SettingsBlock.of(
                        io.antidote.config.AntidoteConfig.load(
                            List.of(), Map.of("detectors.caption-image-alignment.quantile", "0.7")),
                        CaptionImageAlignmentSettings.PATH)));
    Assertions.assertTrue(
        e.getMessage().contains("detectors.caption-image-alignment.quantile"), e.getMessage());
    Assertions.assertTrue(e.getMessage().contains("0.7"), e.getMessage());
    Assertions.assertThrows(
        io.antidote.config.InvalidConfigException.class,
        () -> CaptionImageAlignmentSettings.defaults().withCuts(-1, 0));
  }

  private double[] rates(List<Row> flags) {
    long hit = flags.stream().filter(r -> mismatched.contains(r.getString(0))).count();
    long clean = flags.size() - hit;
    return new double[] {
      hit / (double) mismatched.size(), clean / (double) (5000 - mismatched.size())
    };
  }

  private static double[] unit(Random rnd) {
    double[] v = new double[DIM];
    double n = 0;
    for (int i = 0; i < DIM; i++) {
      v[i] = rnd.nextGaussian();
      n += v[i] * v[i];
    }
    for (int i = 0; i < DIM; i++) {
      v[i] /= Math.sqrt(n);
    }
    return v;
  }

  /**
   * concept + noise of norm ≈ 1.45, so two independent views of one concept have cosine ≈
   * 1/(1+1.45²) ≈ 0.32.
   */
  private static float[] noisy(double[] concept, Random rnd) {
    float[] x = new float[DIM];
    double s = 1.45 / Math.sqrt(DIM);
    for (int i = 0; i < DIM; i++) {
      x[i] = (float) (concept[i] + s * rnd.nextGaussian());
    }
    return x;
  }
}
