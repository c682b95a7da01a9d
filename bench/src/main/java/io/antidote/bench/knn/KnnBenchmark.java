package io.antidote.bench.knn;

import io.antidote.config.SettingsBlock;
import io.antidote.corpus.CorpusSchema;
import io.antidote.detect.knnoutliers.KnnOutlierDetector;
import io.antidote.detect.knnoutliers.KnnOutlierSettings;
import io.antidote.detect.labeldisagreement.KnnLabelDisagreementDetector;
import io.antidote.detect.labeldisagreement.LabelDisagreementSettings;
import io.antidote.detect.neighbours.BlockedSimilarity;
import io.antidote.detect.neighbours.KnnSelfJoin;
import io.antidote.detect.neighbours.KnnSettings;
import io.antidote.detect.neighbours.NeighbourLists;
import io.antidote.detect.neighbours.SyntheticEmbeddings;
import io.antidote.detect.neighbours.TopKHeaps;
import io.antidote.embed.EmbeddingSchema;
import io.antidote.embed.EmbeddingSettings;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.feature.BucketedRandomProjectionLSH;
import org.apache.spark.ml.feature.BucketedRandomProjectionLSHModel;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * KNN self-join benchmark on synthetic clustered 384-d embeddings (BENCHMARKS.md): time of the
 * inverted-file self-join at several sizes and its growth exponent, recall@10 against exact search
 * on a sample of queries, the KNN outlier and label-disagreement detectors on top, and MLlib's
 * BucketedRandomProjectionLSH.approxSimilarityJoin on the same data under a time cap.
 *
 * <p>Usage: KnnBenchmark [sizes=50000,100000,200000,400000 | none] [lshSize=10000 | 0]
 * [lshCapSeconds=600] [k=100]
 */
public final class KnnBenchmark {
  static final int DIM = 384;
  static final int CLUSTERS = 1000;
  static final int TOPICS = 50;
  static final double TOPIC_SPREAD = 2.0;
  static final int CLASSES = 20;
  static final long SEED = 2024;
  static final int RECALL_QUERIES = 1000;

  static final StructType SCHEMA = EmbeddingSchema.DETECTOR_INPUT;

  private KnnBenchmark() {}

  public static void main(String[] args) throws Exception {
    String sizesArg = args.length > 0 ? args[0] : "50000,100000,200000,400000";
    int lshSize = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
    int lshCap = args.length > 2 ? Integer.parseInt(args[2]) : 600;
    int k = args.length > 3 ? Integer.parseInt(args[3]) : 100;
    SparkConf conf =
        new SparkConf()
            .setIfMissing("spark.master", "local[2]")
            .setIfMissing("spark.app.name", "knn-benchmark")
            .setIfMissing("spark.ui.enabled", "false")
            .setIfMissing("spark.sql.shuffle.partitions", "8")
            .setIfMissing("spark.driver.host", "127.0.0.1")
            .setIfMissing("spark.driver.bindAddress", "127.0.0.1");
    SparkSession spark = SparkSession.builder().config(conf).getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    System.out.printf(
        "BLAS: %s; cores: %d; load average: %s%n",
        BlockedSimilarity.implementation(),
        Runtime.getRuntime().availableProcessors(),
        loadAverage());
    SyntheticEmbeddings.Model model = model();
    KnnSettings knn = KnnSettings.fromConfig(SettingsBlock.defaults(KnnSettings.PATH));
    System.out.println(
        "settings: "
            + knn
            + ", k="
            + k
            + ", clusters="
            + CLUSTERS
            + " in "
            + TOPICS
            + " topics (spread "
            + TOPIC_SPREAD
            + ")");

    if (lshSize > 0) {
      compareWithLsh(spark, model, lshSize, lshCap, knn);
    }
    List<double[]> points = new ArrayList<>();
    for (String s : sizesArg.equals("none") ? new String[0] : sizesArg.split(",")) {
      int n = Integer.parseInt(s.trim());
      Dataset<Row> data = generate(spark, model, n).persist(StorageLevel.MEMORY_AND_DISK());
      data.count();
      long t0 = System.nanoTime();
      NeighbourLists join = new KnnSelfJoin(k, knn).run(data);
      Dataset<Row> out = join.neighbours().persist(StorageLevel.MEMORY_AND_DISK());
      long rows = out.count();
      double joinSecs = (System.nanoTime() - t0) / 1e9;
      double recall = sampledRecall(spark, model, data, out, n, 10);
      long t1 = System.nanoTime();
      long outliers =
          new KnnOutlierDetector(
                  KnnOutlierSettings.fromConfig(SettingsBlock.defaults(KnnOutlierSettings.PATH)),
                  EmbeddingSettings.defaults())
              .flagNeighbours(out)
              .flags()
              .orElseThrow()
              .count();
      double outlierSecs = (System.nanoTime() - t1) / 1e9;
      long t2 = System.nanoTime();
      long flips =
          new KnnLabelDisagreementDetector(
                  LabelDisagreementSettings.fromConfig(
                      SettingsBlock.defaults(LabelDisagreementSettings.PATH)),
                  EmbeddingSettings.defaults())
              .flagNeighbours(out)
              .flags()
              .map(Dataset::count)
              .orElse(0L);
      double labelSecs = (System.nanoTime() - t2) / 1e9;
      System.out.printf(
          Locale.ROOT,
          "RESULT n=%d k=%d join %.1fs (%s, %d rows out) recall@10=%.4f | outliers %.1fs (%d flags) |"
              + " label disagreement %.1fs (%d flags) | load %s%n",
          n,
          k,
          joinSecs,
          join.stats(),
          rows,
          recall,
          outlierSecs,
          outliers,
          labelSecs,
          flips,
          loadAverage());
      points.add(new double[] {n, joinSecs});
      out.unpersist();
      data.unpersist();
    }
    if (points.size() >= 2) {
      System.out.printf(
          Locale.ROOT, "growth exponent (log-log least squares, join): %.2f%n", exponent(points));
    }
    spark.stop();
  }

  /**
   * 1000 clusters of rank 16 in 50 topics (cluster centres of one topic at cosine ~0.2 to each
   * other).
   */
  static SyntheticEmbeddings.Model model() {
    return new SyntheticEmbeddings.Model(DIM, CLUSTERS, TOPICS, TOPIC_SPREAD, 16, 1.0, 0.3, SEED);
  }

  static String loadAverage() {
    try {
      return new String(java.nio.file.Files.readAllBytes(java.nio.file.Path.of("/proc/loadavg")))
          .trim();
    } catch (Exception e) {
      return "?";
    }
  }

  static double exponent(List<double[]> p) {
    double mx = 0, my = 0;
    for (double[] q : p) {
      mx += Math.log(q[0]);
      my += Math.log(q[1]);
    }
    mx /= p.size();
    my /= p.size();
    double sxy = 0, sxx = 0;
    for (double[] q : p) {
      sxy += (Math.log(q[0]) - mx) * (Math.log(q[1]) - my);
      sxx += (Math.log(q[0]) - mx) * (Math.log(q[0]) - mx);
    }
    return sxy / sxx;
  }

  /** n rows generated in partitions of 25k; label = cluster mod CLASSES. */
  static Dataset<Row> generate(SparkSession spark, SyntheticEmbeddings.Model model, int n) {
    int parts = Math.max(2, n / 25_000);
    List<Integer> ps = new ArrayList<>();
    for (int p = 0; p < parts; p++) {
      ps.add(p);
    }
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Broadcast<SyntheticEmbeddings.Model> mb = jsc.broadcast(model);
    return spark.createDataFrame(
        jsc.parallelize(ps, parts)
            .flatMap(
                p -> {
                  SyntheticEmbeddings.Model m = mb.value();
                  long from = (long) n * p / parts;
                  long to = (long) n * (p + 1) / parts;
                  List<Row> rows = new ArrayList<>();
                  for (long i = from; i < to; i++) {
                    float[] v = new float[m.dim];
                    m.fill(i, v, 0);
                    rows.add(RowFactory.create(id(i), "class" + (m.cluster(i) % CLASSES), v));
                  }
                  return rows.iterator();
                }),
        SCHEMA);
  }

  static String id(long i) {
    return String.format("r%08d", i);
  }

  /**
   * recall@k of the join's lists against exact search for RECALL_QUERIES rows drawn with a fixed
   * seed: exact neighbours by scanning every partition against the broadcast queries with the same
   * sgemm.
   */
  static double sampledRecall(
      SparkSession spark,
      SyntheticEmbeddings.Model model,
      Dataset<Row> data,
      Dataset<Row> out,
      int n,
      int k) {
    java.util.SplittableRandom rnd = new java.util.SplittableRandom(17);
    int q = Math.min(RECALL_QUERIES, n);
    long[] qi = new long[q];
    Set<Long> seen = new HashSet<>();
    for (int i = 0; i < q; ) {
      long r = rnd.nextLong(n);
      if (seen.add(r)) {
        qi[i++] = r;
      }
    }
    float[] queries = new float[q * DIM];
    String[] qids = new String[q];
    for (int i = 0; i < q; i++) {
      model.fill(qi[i], queries, i * DIM);
      qids[i] = id(qi[i]);
    }
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Broadcast<float[]> qb = jsc.broadcast(queries);
    Broadcast<String[]> idb = jsc.broadcast(qids);
    List<Map<String, Float>> partial =
        data.select(CorpusSchema.SAMPLE_ID, EmbeddingSchema.EMBEDDING)
            .javaRDD()
            .mapPartitions(
                (Iterator<Row> it) -> {
                  List<String> ids = new ArrayList<>();
                  List<float[]> vs = new ArrayList<>();
                  while (it.hasNext()) {
                    Row r = it.next();
                    ids.add(r.getString(0));
                    List<Float> e = r.getList(1);
                    float[] v = new float[e.size()];
                    for (int i = 0; i < v.length; i++) {
                      v[i] = e.get(i);
                    }
                    BlockedSimilarity.normalize(v, 0, v.length);
                    vs.add(v);
                  }
                  float[] c = new float[vs.size() * DIM];
                  int[] cid = new int[vs.size()];
                  for (int i = 0; i < vs.size(); i++) {
                    System.arraycopy(vs.get(i), 0, c, i * DIM, DIM);
                    cid[i] = i;
                  }
                  String[] qs = idb.value();
                  int[] self = new int[qs.length];
                  Map<String, Integer> pos = new HashMap<>();
                  for (int i = 0; i < ids.size(); i++) {
                    pos.put(ids.get(i), i);
                  }
                  for (int i = 0; i < qs.length; i++) {
                    self[i] = pos.getOrDefault(qs[i], -1);
                  }
                  TopKHeaps h = new TopKHeaps(qs.length, k);
                  BlockedSimilarity.scoreAll(
                      qb.value(), self, qs.length, c, cid, vs.size(), DIM, h, 0);
                  List<Map<String, Float>> res = new ArrayList<>();
                  float[] sims = new float[k];
                  for (int i = 0; i < qs.length; i++) {
                    Map<String, Float> m = new HashMap<>();
                    int[] nb = h.sorted(i, sims);
                    for (int j = 0; j < nb.length; j++) {
                      m.put(ids.get(nb[j]), sims[j]);
                    }
                    res.add(m);
                  }
                  return res.iterator();
                })
            .collect();
    // partial has q maps per partition, in query order; merge per query.
    int parts = partial.size() / q;
    Set<String> qset = new HashSet<>(List.of(qids));
    Map<String, List<String>> got = new HashMap<>();
    for (Row r :
        out.where(functions.col(CorpusSchema.SAMPLE_ID).isin((Object[]) qids))
            .select(CorpusSchema.SAMPLE_ID, KnnSelfJoin.NEIGHBOUR_IDS)
            .collectAsList()) {
      List<String> l = r.getList(1);
      got.put(r.getString(0), l.subList(0, Math.min(k, l.size())));
    }
    long hit = 0;
    for (int i = 0; i < q; i++) {
      Map<String, Float> all = new HashMap<>();
      for (int p = 0; p < parts; p++) {
        all.putAll(partial.get(p * q + i));
      }
      List<Map.Entry<String, Float>> es = new ArrayList<>(all.entrySet());
      es.sort((a, b) -> Float.compare(b.getValue(), a.getValue()));
      Set<String> mine = new HashSet<>(got.getOrDefault(qids[i], List.of()));
      for (int j = 0; j < Math.min(k, es.size()); j++) {
        if (mine.contains(es.get(j).getKey())) {
          hit++;
        }
      }
    }
    return (double) hit / ((long) q * k);
  }

  /**
   * MLlib's BucketedRandomProjectionLSH.approxSimilarityJoin on n rows, under a time cap, against
   * the IVF self-join on the same rows; recall@10 of each against exact search in one JVM.
   */
  static void compareWithLsh(
      SparkSession spark, SyntheticEmbeddings.Model model, int n, int capSeconds, KnnSettings knn)
      throws Exception {
    int k = 10;
    float[] all = new float[n * DIM];
    for (int i = 0; i < n; i++) {
      model.fill(i, all, i * DIM);
    }
    io.antidote.detect.neighbours.KnnResult exact =
        io.antidote.detect.neighbours.ExactKnn.selfJoin(all, n, DIM, k);
    Dataset<Row> data = generate(spark, model, n).persist(StorageLevel.MEMORY_AND_DISK());
    data.count();
    double ivfSecs = Double.NaN;
    // The default settings, then more probes (the small-n regime, few rows per cluster, needs
    // them).
    for (KnnSettings s : new KnnSettings[] {knn, knn.withCells(knn.cellSize(), knn.nprobe() * 4)}) {
      long t0 = System.nanoTime();
      Dataset<Row> ivf = new KnnSelfJoin(k, s).run(data).neighbours();
      Map<String, List<String>> ivfLists = new HashMap<>();
      for (Row r : ivf.select(CorpusSchema.SAMPLE_ID, KnnSelfJoin.NEIGHBOUR_IDS).collectAsList()) {
        ivfLists.put(r.getString(0), r.getList(1));
      }
      double secs = (System.nanoTime() - t0) / 1e9;
      ivfSecs = Double.isNaN(ivfSecs) ? secs : ivfSecs;
      System.out.printf(
          Locale.ROOT,
          "RESULT lsh-compare n=%d IVF self-join k=10 nprobe=%d: %.1fs recall@10=%.4f%n",
          n,
          s.nprobe(),
          secs,
          recall(ivfLists, exact, n, k));
    }
    if (capSeconds <= 0) {
      data.unpersist();
      return;
    }

    // Threshold: the 10th-neighbour Euclidean distance of 90% of rows, so LSH can reach useful
    // recall.
    double[] d10 = new double[n];
    for (int i = 0; i < n; i++) {
      d10[i] = Math.sqrt(Math.max(0, 2 - 2 * exact.similarities[i * k + k - 1]));
    }
    java.util.Arrays.sort(d10);
    double threshold = d10[(int) (0.9 * (n - 1))];
    Dataset<Row> vecs =
        data.map(
                (org.apache.spark.api.java.function.MapFunction<Row, Row>)
                    r -> {
                      List<Float> e = r.getList(2);
                      double[] v = new double[e.size()];
                      for (int i = 0; i < v.length; i++) {
                        v[i] = e.get(i);
                      }
                      return RowFactory.create(r.getString(0), Vectors.dense(v));
                    },
                Encoders.row(
                    new StructType()
                        .add(CorpusSchema.SAMPLE_ID, DataTypes.StringType)
                        .add("features", SQLDataTypes.VectorType())))
            .persist(StorageLevel.MEMORY_AND_DISK());
    vecs.count();
    int[][] configs = {{4, 0}};
    for (int[] cfg : configs) {
      int tables = cfg[0];
      double bucket = threshold * 2;
      BucketedRandomProjectionLSH lsh =
          new BucketedRandomProjectionLSH()
              .setInputCol("features")
              .setOutputCol("hashes")
              .setBucketLength(bucket)
              .setNumHashTables(tables)
              .setSeed(SEED);
      String group = "lsh-" + tables;
      ExecutorService ex = Executors.newSingleThreadExecutor();
      long s0 = System.nanoTime();
      Future<Map<String, List<String>>> f =
          ex.submit(
              () -> {
                spark.sparkContext().setJobGroup(group, "LSH benchmark", true);
                BucketedRandomProjectionLSHModel m = lsh.fit(vecs);
                Dataset<Row> pairs =
                    m.approxSimilarityJoin(vecs, vecs, threshold, "dist")
                        .select(
                            functions.col("datasetA." + CorpusSchema.SAMPLE_ID).as("a"),
                            functions.col("datasetB." + CorpusSchema.SAMPLE_ID).as("b"),
                            functions.col("dist"))
                        .where(functions.col("a").notEqual(functions.col("b")));
                Map<String, List<Object[]>> byA = new HashMap<>();
                for (Row r : pairs.collectAsList()) {
                  byA.computeIfAbsent(r.getString(0), x -> new ArrayList<>())
                      .add(new Object[] {r.getString(1), r.getDouble(2)});
                }
                Map<String, List<String>> lists = new HashMap<>();
                for (Map.Entry<String, List<Object[]>> e : byA.entrySet()) {
                  List<Object[]> l = e.getValue();
                  l.sort((x, y) -> Double.compare((Double) x[1], (Double) y[1]));
                  List<String> ids = new ArrayList<>();
                  for (int j = 0; j < Math.min(k, l.size()); j++) {
                    ids.add((String) l.get(j)[0]);
                  }
                  lists.put(e.getKey(), ids);
                }
                return lists;
              });
      try {
        Map<String, List<String>> lists = f.get(capSeconds, TimeUnit.SECONDS);
        double secs = (System.nanoTime() - s0) / 1e9;
        System.out.printf(
            Locale.ROOT,
            "RESULT lsh-compare n=%d LSH tables=%d bucket=%.3f threshold=%.3f: %.1fs recall@10=%.4f (IVF %.1fx faster)%n",
            n,
            tables,
            bucket,
            threshold,
            secs,
            recall(lists, exact, n, k),
            secs / ivfSecs);
      } catch (TimeoutException te) {
        spark.sparkContext().cancelJobGroup(group);
        System.out.printf(
            Locale.ROOT,
            "RESULT lsh-compare n=%d LSH tables=%d bucket=%.3f threshold=%.3f: did not finish in %ds (IVF >= %.1fx faster)%n",
            n,
            tables,
            bucket,
            threshold,
            capSeconds,
            capSeconds / ivfSecs);
      } finally {
        ex.shutdownNow();
      }
    }
    vecs.unpersist();
    data.unpersist();
  }

  static double recall(
      Map<String, List<String>> lists,
      io.antidote.detect.neighbours.KnnResult exact,
      int n,
      int k) {
    long hit = 0;
    for (int i = 0; i < n; i++) {
      Set<String> mine = new HashSet<>(lists.getOrDefault(id(i), List.of()));
      for (int j = 0; j < k; j++) {
        int e = exact.neighbours[i * k + j];
        if (e >= 0 && mine.contains(id(e))) {
          hit++;
        }
      }
    }
    return (double) hit / ((long) n * k);
  }
}
