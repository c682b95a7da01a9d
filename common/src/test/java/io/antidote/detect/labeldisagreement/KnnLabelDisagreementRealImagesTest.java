package io.antidote.detect.labeldisagreement;

import io.antidote.config.SettingsBlock;
import io.antidote.detect.DetectorResult;
import io.antidote.detect.neighbours.KnnTestData;
import io.antidote.testing.FashionMnist;
import io.antidote.testing.SparkTestBase;
import java.util.ArrayList;
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
 * Label disagreement on real images: the 2,400 Fashion-MNIST test images of the {@link
 * FashionMnist} fixture (Xiao, Rasul, Vollgraf 2017; real 28×28 grey photographs of clothes, shoes
 * and bags, 224–257 per class), not synthetic clusters. Representation, computed here and nothing
 * learned: the 784 pixels scaled to [0, 1], centred by the corpus mean and L2-normalised, so the
 * self-join's cosine kNN is plain pixel-space kNN (a ~80% classifier on these images). Labels are
 * the class names. Detector and join run with the production defaults (reference.conf: k 10,
 * min-share 0.5, min-separability 0.7, calibration-quantile 0.1; reference.conf's {@code knn}: cell
 * size 250, nprobe 8, which at 2,400 rows is 10 cells of which 8 are probed, near-exact search).
 *
 * <p>Poison: 120 labels (5%, seeded) flipped to a class of another kind (a sneaker labelled
 * "dress", a bag labelled "ankle boot"; {@link FashionMnist#kind}). Measured (seed 7, k 30, BH at
 * FDR 0.01):
 *
 * <ul>
 *   <li>Separability with the flips: ankle boot 0.88, trousers 0.88, sneaker 0.84, handbag 0.77,
 *       t-shirt 0.76, dress 0.76, coat 0.71, sandal 0.70 (just below the gate), pullover 0.62,
 *       shirt 0.34. Classes below 0.7 are reported, never flagged nor suggested.
 *   <li>All 120 flips: 63 flags, 36 true: recall 0.300, precision 0.571 (the earlier vote cut: 219
 *       flags, recall 0.725, precision 0.397).
 *   <li>Flips whose true and assigned class pass the gate: recall 0.424, precision 0.509.
 *   <li>Clean run: 0 of 2,400 rows flagged (the earlier vote cut: 138, 5.75%).
 *   <li>Flagged flips: the evidence's {@code suggested_label} is the true class on 27 of 28.
 * </ul>
 *
 * <p>On raw pixels the kNN errs on about 13% of clean rows, so each class's own low-vote tail is
 * heavy and only flips deep in another class pass the test: the detector trades recall for a clean
 * corpus staying clean. The label-flip target (recall and precision 0.7) holds on MiniLM
 * text where classes are separable (see {@link KnnLabelDisagreementSpamTest}), not on pixels.
 */
class KnnLabelDisagreementRealImagesTest extends SparkTestBase {
  static final FashionMnist DATA = FashionMnist.load();
  static final int N = DATA.size();
  static final int DIM = FashionMnist.SIDE * FashionMnist.SIDE;
  static final float[] EMBEDDINGS = pixelEmbeddings(DATA);
  static final double FLIP_RATE = 0.05;
  static final LabelDisagreementSettings SETTINGS =
      LabelDisagreementSettings.fromConfig(SettingsBlock.defaults(LabelDisagreementSettings.PATH));

  /** Pixels in [0, 1], minus the corpus mean, L2-normalised; row-major, {@code N x DIM}. */
  static float[] pixelEmbeddings(FashionMnist data) {
    int n = data.size();
    double[] v = new double[n * DIM];
    double[] mean = new double[DIM];
    for (int i = 0; i < n; i++) {
      for (int y = 0; y < FashionMnist.SIDE; y++) {
        for (int x = 0; x < FashionMnist.SIDE; x++) {
          double g = data.pixel(i, x, y) / 255.0;
          v[i * DIM + y * FashionMnist.SIDE + x] = g;
          mean[y * FashionMnist.SIDE + x] += g / n;
        }
      }
    }
    float[] out = new float[n * DIM];
    for (int i = 0; i < n; i++) {
      double norm = 0;
      for (int d = 0; d < DIM; d++) {
        double c = v[i * DIM + d] - mean[d];
        v[i * DIM + d] = c;
        norm += c * c;
      }
      double inv = 1.0 / Math.sqrt(norm);
      for (int d = 0; d < DIM; d++) {
        out[i * DIM + d] = (float) (v[i * DIM + d] * inv);
      }
    }
    return out;
  }

  static String trueClass(int i) {
    return FashionMnist.CLASSES.get(DATA.label(i));
  }

  static String[] trueLabels() {
    String[] labels = new String[N];
    for (int i = 0; i < N; i++) {
      labels[i] = trueClass(i);
    }
    return labels;
  }

  static int index(String sampleId) {
    return Integer.parseInt(sampleId.substring(1));
  }

  /**
   * Flips {@code FLIP_RATE} of the rows, chosen by a seeded shuffle, to a class of another kind.
   */
  static Set<Integer> flip(String[] labels, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int[] order = new int[N];
    for (int i = 0; i < N; i++) {
      order[i] = i;
    }
    for (int i = N - 1; i > 0; i--) {
      int j = rnd.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    Set<Integer> flipped = new HashSet<>();
    for (int f = 0; f < Math.round(FLIP_RATE * N); f++) {
      int i = order[f];
      List<Integer> otherKind = new ArrayList<>();
      for (int c = 0; c < FashionMnist.CLASSES.size(); c++) {
        if (FashionMnist.kind(c) != FashionMnist.kind(DATA.label(i))) {
          otherKind.add(c);
        }
      }
      labels[i] = FashionMnist.CLASSES.get(otherKind.get(rnd.nextInt(otherKind.size())));
      flipped.add(i);
    }
    return flipped;
  }

  /** One row of the detector's class table, as run.json gets it. */
  record ClassRow(
      String label,
      long rows,
      double separability,
      double threshold,
      double noiseRate,
      boolean calibrated,
      long flagged) {}

  static Map<String, ClassRow> byLabel(DetectorResult r) {
    Map<String, ClassRow> m = new java.util.LinkedHashMap<>();
    for (Map<String, Object> c : KnnLabelDisagreementTest.classes(r)) {
      ClassRow row =
          new ClassRow(
              (String) c.get("label"),
              (long) c.get("rows"),
              (double) c.get("separability"),
              (double) c.get("threshold"),
              (double) c.get("noise_rate"),
              (boolean) c.get("judged"),
              (long) c.get("flagged"));
      m.put(row.label(), row);
    }
    return m;
  }

  static String classReport(DetectorResult r) {
    StringBuilder s = new StringBuilder();
    for (ClassRow c : byLabel(r).values()) {
      s.append(
          String.format(
              "%n  %-17s rows %3d  separability %.3f  threshold %.3f  noise rate %.3f  %s  flags %d",
              c.label(),
              c.rows(),
              c.separability(),
              c.threshold(),
              c.noiseRate(),
              c.calibrated() ? "gated in " : "below gate",
              c.flagged()));
    }
    return s.toString();
  }

  /** The detector on the self-join (reference.conf settings) of {@code labels}. */
  DetectorResult run(String[] labels) {
    Dataset<Row> neighbours =
        KnnTestData.neighbours(
            KnnTestData.frame(spark(), EMBEDDINGS, N, DIM, labels, 4),
            SETTINGS.k(),
            KnnTestData.knn());
    DetectorResult r =
        new KnnLabelDisagreementDetector(SETTINGS, KnnTestData.model()).flagNeighbours(neighbours);
    r.flags().orElseThrow().count();
    neighbours.unpersist();
    return r;
  }

  @Test
  void crossKindFlipsOnRealImagesAreFoundOnGatedClasses() {
    String[] labels = trueLabels();
    Set<Integer> flipped = flip(labels, 7);
    long start = System.nanoTime();
    DetectorResult result = run(labels);
    List<Row> flags = result.flags().orElseThrow().collectAsList();
    double seconds = (System.nanoTime() - start) / 1e9;
    Map<String, ClassRow> classes = byLabel(result);

    int gatedFlips = 0;
    for (int i : flipped) {
      if (classes.get(labels[i]).calibrated() && classes.get(trueClass(i)).calibrated()) {
        gatedFlips++;
      }
    }
    int tp = 0;
    int gatedFlags = 0;
    int gatedTp = 0;
    int majorityIsTrueClass = 0;
    int majoritySameKind = 0;
    for (Row r : flags) {
      int i = index(r.getString(0));
      Map<String, String> evidence = r.getJavaMap(5);
      Assertions.assertEquals(
          labels[i], evidence.get("label"), "evidence label of " + r.getString(0));
      String majority = evidence.get("suggested_label");
      // The gate: neither the row's label nor the label it is voted into may be below
      // min-separability.
      Assertions.assertTrue(
          classes.get(labels[i]).calibrated() && classes.get(majority).calibrated,
          "flag on a class below the separability gate: " + evidence);
      boolean gated = classes.get(trueClass(i)).calibrated();
      if (gated) {
        gatedFlags++;
      }
      if (flipped.contains(i)) {
        tp++;
        if (gated) {
          gatedTp++;
          if (majority.equals(trueClass(i))) {
            majorityIsTrueClass++;
          }
          if (FashionMnist.kind(FashionMnist.CLASSES.indexOf(majority))
              == FashionMnist.kind(DATA.label(i))) {
            majoritySameKind++;
          }
        }
      }
    }
    double recall = (double) tp / flipped.size();
    double precision = flags.isEmpty() ? 0 : (double) tp / flags.size();
    double gatedRecall = (double) gatedTp / gatedFlips;
    double gatedPrecision = gatedFlags == 0 ? 0 : (double) gatedTp / gatedFlags;
    double evidenceTrue = gatedTp == 0 ? 0 : (double) majorityIsTrueClass / gatedTp;
    double evidenceKind = gatedTp == 0 ? 0 : (double) majoritySameKind / gatedTp;
    System.out.printf(
        "KnnLabelDisagreementRealImagesTest (Fashion-MNIST, %d real images, pixel cosine kNN, defaults, %.1fs):"
            + "%n  all flips: %d flips, %d flags, %d true: recall %.3f, precision %.3f"
            + "%n  gated (true and assigned class pass min-separability %.2f): %d flips, %d flags, %d true:"
            + " recall %.3f, precision %.3f"
            + "%n  evidence suggested_label = true class on %d/%d gated flagged flips (%.3f), same kind %.3f"
            + "%n  class report:%s%n",
        N,
        seconds,
        flipped.size(),
        flags.size(),
        tp,
        recall,
        precision,
        SETTINGS.minSeparability(),
        gatedFlips,
        gatedFlags,
        gatedTp,
        gatedRecall,
        gatedPrecision,
        majorityIsTrueClass,
        gatedTp,
        evidenceTrue,
        evidenceKind,
        classReport(result));

    // Measured with the test under BH at detectors.fdr (k 30): gated recall 0.424, precision 0.509;
    // all flips recall 0.300, precision 0.571 (the old vote cut: 0.725 / 0.397, and 5.75% of the
    // clean images flagged). On raw pixels the kNN errs on ~13% of clean rows, so the clean
    // classes'
    // low tails are heavy and only the flips deepest in another class pass the test. Floors against
    // regressions.
    Assertions.assertTrue(gatedRecall >= 0.35, "gated recall " + gatedRecall);
    Assertions.assertTrue(recall >= 0.25, "recall over all flips " + recall);
    Assertions.assertTrue(precision >= 0.45, "precision over all flags " + precision);
    Assertions.assertTrue(gatedPrecision >= 0.4, "gated precision " + gatedPrecision);
    // Evidence: the suggested label is the true class (measured 0.964) and of its kind (1.0).
    Assertions.assertTrue(evidenceTrue >= 0.8, "suggested_label = true class on " + evidenceTrue);
    Assertions.assertTrue(
        evidenceKind >= 0.95, "suggested_label of the true kind on " + evidenceKind);
    // Shirt and pullover are what pixels cannot separate: reported, not flagged.
    for (String hard : List.of("shirt", "pullover sweater")) {
      ClassRow c = classes.get(hard);
      Assertions.assertTrue(
          !c.calibrated() && c.separability() < SETTINGS.minSeparability() && c.flagged() == 0,
          hard + " separability " + c.separability() + " flagged " + c.flagged());
    }
    Assertions.assertEquals(FashionMnist.CLASSES.size(), classes.size());
  }

  @Test
  void cleanRealImagesAreFlaggedAtMostTheCalibrationQuantile() {
    long start = System.nanoTime();
    DetectorResult result = run(trueLabels());
    long flagged = result.flags().orElseThrow().count();
    double seconds = (System.nanoTime() - start) / 1e9;
    // Design bound: a row is flagged only when another label has a strict majority (>= min-share)
    // of its
    // neighbours and both labels pass the gate, so the flags are a subset of the kNN errors of
    // gated classes.
    double gatedKnnErrors = 0;
    for (ClassRow c : byLabel(result).values()) {
      if (c.calibrated()) {
        gatedKnnErrors += c.rows() * (1 - c.separability());
      }
    }
    double share = (double) flagged / N;
    System.out.printf(
        "KnnLabelDisagreementRealImagesTest clean run (%.1fs): %d/%d rows flagged (%.4f); kNN errors on gated"
            + " classes %.0f; class report:%s%n",
        seconds, flagged, N, share, gatedKnnErrors, classReport(result));
    Assertions.assertTrue(
        flagged <= Math.round(gatedKnnErrors),
        "flagged " + flagged + " > kNN errors " + gatedKnnErrors);
    // A clean corpus under BH at detectors.fdr: at most 0.5% of rows (measured 0 of 2,400; the old
    // vote cut flagged 5.75%).
    Assertions.assertTrue(share <= 0.005, "clean share flagged " + share);
  }
}
