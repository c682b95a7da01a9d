package io.antidote.detect.neighbours;

import io.antidote.testing.SparkTestBase;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;

/** The distributed self-join against exact blocked search in one JVM. */
class KnnSelfJoinTest extends SparkTestBase {

  @Test
  void distributedRecallAt10IsAtLeast095On20kClustered384dVectors() {
    int n = 20_000;
    int dim = 384;
    int k = 10;
    SyntheticEmbeddings e = SyntheticEmbeddings.clustered(n, dim, 400, 16, 1.0, 0.3, 11);
    KnnResult exact = ExactKnn.selfJoin(e.vectors, n, dim, k);
    long tf = System.nanoTime();
    Dataset<Row> input = KnnTestData.frame(spark(), e.vectors, n, dim, null, 4).cache();
    input.count();
    System.out.printf(
        "KnnSelfJoinTest: input frame built in %.1fs%n", (System.nanoTime() - tf) / 1e9);
    for (KnnSettings.Probe probe : KnnSettings.Probe.values()) {
      KnnSelfJoin join =
          new KnnSelfJoin(
              k, KnnTestData.knn().withCells(250, 8).withPartitions(0, 5_000).withProbe(probe));
      long t0 = System.nanoTime();
      NeighbourLists out = join.run(input);
      List<Row> rows = out.neighbours().collectAsList();
      double secs = (System.nanoTime() - t0) / 1e9;
      Assertions.assertEquals(n, rows.size());
      long hit = 0;
      for (Row r : rows) {
        int i = Integer.parseInt(r.getString(0).substring(1));
        Set<String> got = new HashSet<>(r.<String>getList(3));
        Assertions.assertEquals(k, got.size());
        for (int j = 0; j < k; j++) {
          if (got.contains(KnnTestData.id(exact.neighbours[i * k + j]))) {
            hit++;
          }
        }
        Assertions.assertTrue(!got.contains(r.getString(0)), "a row is not its own neighbour");
      }
      double recall = (double) hit / ((long) n * k);
      System.out.printf(
          "KnnSelfJoinTest: probe=%s n=%d %s in %.1fs, recall@10=%.4f, BLAS=%s%n",
          probe, n, out.stats(), secs, recall, BlockedSimilarity.implementation());
      Assertions.assertTrue(recall >= 0.95, probe + " recall@10 " + recall);
      Map<String, Object> report = out.report();
      Assertions.assertEquals((long) n, report.get("rows"));
      Assertions.assertEquals(dim, report.get("dim"));
      Assertions.assertTrue((double) report.get("replication") >= 1.0, report.toString());
    }
  }

  @Test
  void sameInputSameNeighbours() {
    int n = 3_000;
    int dim = 32;
    SyntheticEmbeddings e = SyntheticEmbeddings.clustered(n, dim, 30, 4, 1.0, 0.3, 3);
    for (KnnSettings.Probe probe : KnnSettings.Probe.values()) {
      assertDeterministic(
          new KnnSelfJoin(5, KnnTestData.knn().withCells(100, 4).withProbe(probe)), e, n, dim);
    }
  }

  private void assertDeterministic(KnnSelfJoin join, SyntheticEmbeddings e, int n, int dim) {
    Map<String, List<String>> first =
        neighbours(join.run(KnnTestData.frame(spark(), e.vectors, n, dim, null, 3)).neighbours());
    Map<String, List<String>> second =
        neighbours(join.run(KnnTestData.frame(spark(), e.vectors, n, dim, null, 2)).neighbours());
    Map<String, List<String>> again =
        neighbours(join.run(KnnTestData.frame(spark(), e.vectors, n, dim, null, 3)).neighbours());
    long differ =
        first.keySet().stream().filter(id -> !first.get(id).equals(second.get(id))).count();
    long differAgain =
        first.keySet().stream().filter(id -> !first.get(id).equals(again.get(id))).count();
    Assertions.assertEquals(n, first.size());
    Assertions.assertEquals(0, differ, "rows whose neighbours changed with the input partitioning");
    Assertions.assertEquals(0, differAgain, "rows whose neighbours changed between identical runs");
  }

  private static Map<String, List<String>> neighbours(Dataset<Row> out) {
    Map<String, List<String>> m = new HashMap<>();
    for (Row r : out.collectAsList()) {
      m.put(r.getString(0), r.getList(3));
    }
    return m;
  }
}
