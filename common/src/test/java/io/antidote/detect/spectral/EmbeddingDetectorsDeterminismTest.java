package io.antidote.detect.spectral;

import io.antidote.detect.clustering.ClusteringTesting;
import io.antidote.detect.groups.SyntheticEmbeddings;
import io.antidote.testing.SparkTestBase;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;

/**
 * "Deterministic for a fixed seed": the same rows, read in another partitioning and order, give the
 * same flags with the same scores (up to the rounding of sums taken in another order) from spectral
 * signatures (both variants) and activation clustering. The KNN self-join has its own such test
 * (KnnSelfJoinTest).
 */
class EmbeddingDetectorsDeterminismTest extends SparkTestBase {

  @Test
  void sameFlagsWhateverThePartitioning() {
    SyntheticEmbeddings data =
        new SyntheticEmbeddings(384, new int[] {1200, 800, 1000}, 1, 0.05, 0.25, 0.3, 11);
    Dataset<Row> two = data.frame(spark()).repartition(2);
    Dataset<Row> seven =
        data.frame(spark()).orderBy(org.apache.spark.sql.functions.rand(3)).repartition(7);
    SpectralSignatureSettings standard = SpectralTesting.defaults();
    assertSame(
        "spectral standard", f -> SpectralTesting.detector(standard).run(f).flags(), two, seven);
    assertSame(
        "spectral robust",
        f ->
            SpectralTesting.detector(
                    standard
                        .withMode(SpectralSignatureSettings.Mode.BUDGET)
                        .withVariant(SpectralSignatureSettings.Variant.ROBUST))
                .run(f)
                .flags(),
        two,
        seven);
    assertSame(
        "activation clustering",
        f -> ClusteringTesting.detector(ClusteringTesting.defaults()).run(f).flags(),
        two,
        seven);
  }

  private static void assertSame(
      String what, Function<Dataset<Row>, Dataset<Row>> detector, Dataset<Row> a, Dataset<Row> b) {
    Map<String, Double> first = scores(detector.apply(a));
    Map<String, Double> again = scores(detector.apply(a));
    Map<String, Double> other = scores(detector.apply(b));
    Assertions.assertFalse(first.isEmpty(), what + " flagged nothing");
    Assertions.assertEquals(first, again, what + ": a rerun on the same frame");
    Assertions.assertEquals(
        first.keySet(), other.keySet(), what + ": flagged rows under another partitioning");
    for (Map.Entry<String, Double> e : first.entrySet()) {
      Assertions.assertEquals(
          e.getValue(),
          other.get(e.getKey()),
          1e-9 * Math.max(1, Math.abs(e.getValue())),
          what + " score of " + e.getKey());
    }
    System.out.printf(
        "%s: %d flags, identical across runs and partitionings%n", what, first.size());
  }

  private static Map<String, Double> scores(Dataset<Row> flags) {
    Map<String, Double> m = new TreeMap<>();
    for (Row r : flags.collectAsList()) {
      m.put(r.getString(0), r.getDouble(2));
    }
    return m;
  }
}
