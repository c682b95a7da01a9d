package io.antidote.bench.knn;

import io.antidote.detect.neighbours.BlockedSimilarity;
import io.antidote.detect.neighbours.ExactKnn;
import io.antidote.detect.neighbours.IvfIndex;
import io.antidote.detect.neighbours.IvfKnn;
import io.antidote.detect.neighbours.KnnResult;
import io.antidote.detect.neighbours.KnnSettings;
import io.antidote.detect.neighbours.SyntheticEmbeddings;
import java.util.Locale;

/**
 * recall@10 and time of the inverted-file self-join against exact blocked search in one JVM, for
 * several (cell size, nprobe), on topic-structured clusters and on the hard case of 1000 mutually
 * unrelated clusters. Usage: KnnRecallSweep [n=20000]
 */
public final class KnnRecallSweep {
  private KnnRecallSweep() {}

  public static void main(String[] args) {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    int dim = 384;
    System.out.println("BLAS: " + BlockedSimilarity.implementation());
    Object[][] shapes = {
      {"1000 clusters in 50 topics (the benchmark's data)", KnnBenchmark.model()},
      {
        "1000 unrelated clusters",
        new SyntheticEmbeddings.Model(dim, 1000, 16, 1.0, 0.3, KnnBenchmark.SEED)
      }
    };
    for (Object[] shape : shapes) {
      SyntheticEmbeddings.Model m = (SyntheticEmbeddings.Model) shape[1];
      float[] x = new float[n * dim];
      for (int i = 0; i < n; i++) {
        m.fill(i, x, i * dim);
      }
      long t0 = System.nanoTime();
      KnnResult exact = ExactKnn.selfJoin(x, n, dim, 10);
      double exactSecs = (System.nanoTime() - t0) / 1e9;
      System.out.printf(
          Locale.ROOT,
          "SWEEP %s, n=%d: exact %.1fs (%.0f GFLOP/s)%n",
          shape[0],
          n,
          exactSecs,
          2.0 * n * n * dim / exactSecs / 1e9);
      for (int[] cp : new int[][] {{1000, 8}, {500, 8}, {250, 4}, {250, 8}, {250, 16}}) {
        KnnSettings s =
            KnnSettings.fromConfig(io.antidote.config.SettingsBlock.defaults(KnnSettings.PATH))
                .withCells(cp[0], cp[1]);
        IvfIndex index = IvfIndex.train(x, n, dim, n, s);
        t0 = System.nanoTime();
        KnnResult ivf = IvfKnn.selfJoin(x, n, dim, 10, index);
        double cellSecs = (System.nanoTime() - t0) / 1e9;
        t0 = System.nanoTime();
        KnnResult perQuery = IvfKnn.selfJoinPerQueryProbe(x, n, dim, 10, index, cp[1]);
        System.out.printf(
            Locale.ROOT,
            "SWEEP   cell-size=%d nprobe=%d: recall@10=%.4f in %.1fs (per-query probing: %.4f in %.1fs)%n",
            cp[0],
            cp[1],
            ivf.recallAgainst(exact),
            cellSecs,
            perQuery.recallAgainst(exact),
            (System.nanoTime() - t0) / 1e9);
      }
    }
  }
}
