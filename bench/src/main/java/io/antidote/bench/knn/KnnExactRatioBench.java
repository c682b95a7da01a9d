package io.antidote.bench.knn;

import io.antidote.bench.BenchArgs;
import io.antidote.config.SettingsBlock;
import io.antidote.corpus.CorpusSchema;
import io.antidote.detect.neighbours.BlockedSimilarity;
import io.antidote.detect.neighbours.ExactKnn;
import io.antidote.detect.neighbours.KnnResult;
import io.antidote.detect.neighbours.KnnSelfJoin;
import io.antidote.detect.neighbours.KnnSettings;
import io.antidote.detect.neighbours.NeighbourLists;
import io.antidote.detect.neighbours.SyntheticEmbeddings;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * The KNN self-join against exact search on the same rows in one run (BENCHMARKS.md, "Against exact
 * search"): the distributed join's wall time, exact blocked-sgemm search of all pairs in this JVM,
 * the sgemm rate measured here just before, and recall@k of the join over every row.
 *
 * <pre>
 * java ... io.antidote.bench.knn.KnnExactRatioBench --rows 400000 [--k 10] [--probe query|cell]
 *     [--exact false]   (the join alone)
 * </pre>
 *
 * Exact search does 2·n²·dim flops; its efficiency is that count over the measured sgemm rate,
 * divided by its wall time (1.0 = as fast as bare sgemm, the heaps' scan costing nothing). Exact
 * search and the rate run on one thread per core, as the join's tasks do; run with {@code
 * OPENBLAS_NUM_THREADS=1} (what the project's launchers set) so the BLAS does not start threads of
 * its own under them.
 */
public final class KnnExactRatioBench {
  private KnnExactRatioBench() {}

  public static void main(String[] args) {
    Map<String, String> a = BenchArgs.parse(args);
    int n = Integer.parseInt(a.getOrDefault("rows", "100000"));
    int k = Integer.parseInt(a.getOrDefault("k", "10"));
    KnnSettings knn = KnnSettings.fromConfig(SettingsBlock.defaults(KnnSettings.PATH));
    if (a.containsKey("probe")) {
      knn = knn.withProbe(KnnSettings.Probe.valueOf(a.get("probe").toUpperCase(Locale.ROOT)));
    }
    SparkSession spark =
        SparkSession.builder()
            .config(
                new SparkConf()
                    .setIfMissing("spark.master", "local[2]")
                    .setIfMissing("spark.app.name", "knn-exact-ratio")
                    .setIfMissing("spark.ui.enabled", "false")
                    .setIfMissing("spark.sql.shuffle.partitions", "8")
                    .setIfMissing("spark.driver.host", "127.0.0.1")
                    .setIfMissing("spark.driver.bindAddress", "127.0.0.1"))
            .getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    System.out.printf(
        "BLAS: %s; cores: %d; load average: %s; %s, k=%d%n",
        BlockedSimilarity.implementation(),
        Runtime.getRuntime().availableProcessors(),
        KnnBenchmark.loadAverage(),
        knn,
        k);
    SyntheticEmbeddings.Model model = KnnBenchmark.model();

    // A small warm-up join so that neither side pays the JIT and Spark's first-job costs.
    Dataset<Row> warm = KnnBenchmark.generate(spark, model, 20_000).cache();
    new KnnSelfJoin(k, knn).run(warm).neighbours().count();
    warm.unpersist();

    Dataset<Row> data =
        KnnBenchmark.generate(spark, model, n).persist(StorageLevel.MEMORY_AND_DISK());
    data.count();
    long t0 = System.nanoTime();
    NeighbourLists join = new KnnSelfJoin(k, knn).run(data);
    Dataset<Row> out = join.neighbours().persist(StorageLevel.MEMORY_AND_DISK());
    out.count();
    double joinSecs = (System.nanoTime() - t0) / 1e9;
    Map<String, List<String>> lists = new HashMap<>();
    for (Row r : out.select(CorpusSchema.SAMPLE_ID, KnnSelfJoin.NEIGHBOUR_IDS).collectAsList()) {
      lists.put(r.getString(0), r.getList(1));
    }
    System.out.printf(
        Locale.ROOT,
        "join: %.1f s (%s), load %s%n",
        joinSecs,
        join.stats(),
        KnnBenchmark.loadAverage());
    out.unpersist();
    data.unpersist();

    if (!Boolean.parseBoolean(a.getOrDefault("exact", "true"))) {
      spark.stop();
      return;
    }
    int dim = KnnBenchmark.DIM;
    float[] all = new float[n * dim];
    for (int i = 0; i < n; i++) {
      model.fill(i, all, i * dim);
    }
    int threads = Runtime.getRuntime().availableProcessors();
    double gflops = sgemmRate(dim, threads);
    long t1 = System.nanoTime();
    KnnResult exact = ExactKnn.selfJoin(all, n, dim, k, threads);
    double exactSecs = (System.nanoTime() - t1) / 1e9;
    double flops = 2.0 * n * (double) n * dim;
    double atSgemmRate = flops / (gflops * 1e9);
    double recall = KnnBenchmark.recall(lists, exact, n, k);
    System.out.printf(
        Locale.ROOT,
        "RESULT n=%d k=%d probe=%s join %.1fs exact %.1fs speedup %.1fx recall@%d=%.4f |"
            + " sgemm %.0f GFLOP/s, exact at sgemm rate %.1fs (exact/ideal %.2f) | load %s%n",
        n,
        k,
        knn.probe().name().toLowerCase(Locale.ROOT),
        joinSecs,
        exactSecs,
        exactSecs / joinSecs,
        k,
        recall,
        gflops,
        atSgemmRate,
        exactSecs / atSgemmRate,
        KnnBenchmark.loadAverage());
    spark.stop();
  }

  /**
   * GFLOP/s of the sgemm kernel exact search uses, on its own block shape, called from {@code
   * threads} threads at once as exact search calls it; best of 3 after a warm-up.
   */
  static double sgemmRate(int dim, int threads) {
    int q = BlockedSimilarity.QUERY_BLOCK;
    int c = BlockedSimilarity.CANDIDATE_BLOCK;
    float[] x = new float[q * dim];
    float[] y = new float[c * dim];
    java.util.SplittableRandom r = new java.util.SplittableRandom(1);
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) r.nextDouble();
    }
    for (int i = 0; i < y.length; i++) {
      y[i] = (float) r.nextDouble();
    }
    double best = 0;
    for (int rep = 0; rep < 4; rep++) {
      long t = System.nanoTime();
      java.util.stream.IntStream.range(0, threads)
          .mapToObj(
              i ->
                  new Thread(
                      () -> {
                        float[] out = new float[q * c];
                        for (int j = 0; j < 5; j++) {
                          BlockedSimilarity.dot(x, 0, q, y, 0, c, dim, out);
                        }
                      }))
          .peek(Thread::start)
          .toList()
          .forEach(
              th -> {
                try {
                  th.join();
                } catch (InterruptedException e) {
                  throw new IllegalStateException(e);
                }
              });
      double secs = (System.nanoTime() - t) / 1e9;
      if (rep > 0) {
        best = Math.max(best, threads * 5 * 2.0 * q * c * dim / secs / 1e9);
      }
    }
    return best;
  }
}
