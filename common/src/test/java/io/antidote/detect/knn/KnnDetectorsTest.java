package io.antidote.detect.knn;

import io.antidote.flags.FlagSchema;
import io.antidote.testing.SparkTestBase;
import java.util.SplittableRandom;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;

/** One join, both detectors, from HOCON blocks. */
class KnnDetectorsTest extends SparkTestBase {
  @Test
  void runsBothDetectorsOnOneJoinFromConfig() {
    com.typesafe.config.Config conf =
        com.typesafe.config.ConfigFactory.parseString(
            "knn { cell-size = 100, nprobe = 4 }\n"
                + "detectors { knn-outliers { scales = [5, 30] }, label-disagreement { k = 5 } }");
    KnnDetectors detectors =
        new KnnDetectors(
            KnnSettings.fromConfig(conf.getConfig("knn")),
            KnnOutlierSettings.fromConfig(conf.getConfig("detectors.knn-outliers")),
            LabelDisagreementSettings.fromConfig(conf.getConfig("detectors.label-disagreement")));
    int n = 2_000;
    int dim = 32;
    SyntheticEmbeddings e = SyntheticEmbeddings.clustered(n, dim, 10, 4, 1.0, 0.3, 8);
    String[] labels = new String[n];
    SplittableRandom rnd = new SplittableRandom(1);
    int flipped = 0;
    for (int i = 0; i < n; i++) {
      labels[i] = "c" + (e.cluster[i] % 5);
      if (i % 50 == 0) {
        labels[i] = "c" + ((e.cluster[i] % 5 + 1 + rnd.nextInt(4)) % 5);
        flipped++;
      }
    }
    KnnDetectors.Result r = detectors.run(KnnTestData.frame(spark(), e.vectors, n, dim, labels, 2));
    Assertions.assertEquals(2, r.flags.size());
    for (Dataset<Row> f : r.flags) {
      Assertions.assertEquals(FlagSchema.DETECTOR_OUTPUT, f.schema());
    }
    Assertions.assertEquals(30, r.neighbours.first().getList(3).size());
    long flips = r.flags.get(1).count();
    Assertions.assertTrue(
        flips >= 0.8 * flipped && flips <= 1.25 * flipped, "label flags " + flips);
    Assertions.assertEquals(5, r.classReport.count());
    r.neighbours.unpersist();
  }
}
