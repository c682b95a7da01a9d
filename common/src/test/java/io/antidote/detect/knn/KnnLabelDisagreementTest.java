package io.antidote.detect.knn;

import io.antidote.testing.SparkTestBase;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;

/**
 * Planted label flips on well-separated classes, next to two classes the representation cannot tell
 * apart (their flags would be noise: the per-class separability must keep them out).
 */
class KnnLabelDisagreementTest extends SparkTestBase {
  static final int N = 10_000;
  static final int DIM = 128;
  static final int CLUSTERS = 20;
  static final KnnSettings KNN = KnnSettings.defaults().withCells(250, 8);

  /**
   * Clusters 0..17 carry class "c<cluster % 9>"; clusters 18, 19 carry "amb-a"/"amb-b" at random.
   */
  static String[] labels(SyntheticEmbeddings e, SplittableRandom rnd) {
    String[] labels = new String[N];
    for (int i = 0; i < N; i++) {
      int c = e.cluster[i];
      labels[i] = c < 18 ? "c" + (c % 9) : (rnd.nextBoolean() ? "amb-a" : "amb-b");
    }
    return labels;
  }

  @Test
  void findsFivePercentFlipsPerClassCalibratedAndSkipsInseparableClasses() {
    SyntheticEmbeddings e = SyntheticEmbeddings.clustered(N, DIM, CLUSTERS, 16, 1.0, 0.3, 21);
    SplittableRandom rnd = new SplittableRandom(4);
    String[] labels = labels(e, rnd);
    Set<String> flipped = new HashSet<>();
    for (int i = 0; i < N; i++) {
      if (e.cluster[i] < 18 && rnd.nextDouble() < 0.05) {
        int other = (Integer.parseInt(labels[i].substring(1)) + 1 + rnd.nextInt(8)) % 9;
        labels[i] = "c" + other;
        flipped.add(KnnTestData.id(i));
      }
    }
    Dataset<Row> input = KnnTestData.frame(spark(), e.vectors, N, DIM, labels, 4);
    KnnLabelDisagreementDetector detector =
        new KnnLabelDisagreementDetector(LabelDisagreementSettings.defaults(), KNN);
    List<Row> flags = detector.flag(input).collectAsList();
    int tp = 0;
    int ambiguousFlags = 0;
    for (Row r : flags) {
      if (flipped.contains(r.getString(0))) {
        tp++;
      }
      String label = r.<String, String>getJavaMap(5).get("label");
      if (label.startsWith("amb")) {
        ambiguousFlags++;
      }
    }
    double recall = (double) tp / flipped.size();
    double precision = flags.isEmpty() ? 0 : (double) tp / flags.size();
    StringBuilder report = new StringBuilder();
    for (KnnLabelDisagreementDetector.ClassStats c : detector.lastClasses()) {
      report.append(
          String.format(
              " %s:sep=%.3f,cut=%.3f,flags=%d",
              c.label,
              c.separability,
              KnnLabelDisagreementDetector.threshold(c, LabelDisagreementSettings.defaults()),
              c.flagged()));
    }
    System.out.printf(
        "KnnLabelDisagreementTest: flips %d, flagged %d, recall %.3f, precision %.3f, ambiguous-class flags %d;%s%n",
        flipped.size(), flags.size(), recall, precision, ambiguousFlags, report);
    Assertions.assertTrue(recall >= 0.8, "recall " + recall);
    Assertions.assertTrue(precision >= 0.8, "precision " + precision);
    Assertions.assertEquals(
        0, ambiguousFlags, "flags on classes the representation does not separate");
    for (KnnLabelDisagreementDetector.ClassStats c : detector.lastClasses()) {
      if (c.label.startsWith("amb")) {
        Assertions.assertTrue(
            c.separability < 0.7 && !c.calibrated, c.label + " " + c.separability);
      } else {
        Assertions.assertTrue(
            c.separability >= 0.9 && c.calibrated, c.label + " " + c.separability);
      }
    }
    Assertions.assertEquals(11, detector.classReport(spark()).count());
  }

  @Test
  void cleanLabelsAreFlaggedAtMostOnePercent() {
    SyntheticEmbeddings e = SyntheticEmbeddings.clustered(N, DIM, CLUSTERS, 16, 1.0, 0.3, 22);
    String[] labels = labels(e, new SplittableRandom(5));
    Dataset<Row> input = KnnTestData.frame(spark(), e.vectors, N, DIM, labels, 4);
    long flagged =
        new KnnLabelDisagreementDetector(LabelDisagreementSettings.defaults(), KNN)
            .flag(input)
            .count();
    System.out.printf("KnnLabelDisagreementTest: clean rows flagged %d/%d%n", flagged, N);
    Assertions.assertTrue(flagged <= 0.01 * N, "clean flagged " + flagged);
  }
}
