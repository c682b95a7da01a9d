package io.antidote.bench.spectral;

import static org.apache.spark.sql.functions.col;

import io.antidote.config.SettingsBlock;
import io.antidote.detect.clustering.ActivationClusteringDetector;
import io.antidote.detect.clustering.ActivationClusteringResult;
import io.antidote.detect.clustering.ActivationClusteringSettings;
import io.antidote.detect.groups.EmbeddingGroups;
import io.antidote.detect.groups.EmbeddingRow;
import io.antidote.detect.groups.GroupBy;
import io.antidote.detect.groups.GroupMoments;
import io.antidote.detect.linalg.EigenPairs;
import io.antidote.detect.linalg.MeanCovariance;
import io.antidote.detect.linalg.SymmetricEigen;
import io.antidote.detect.spectral.SpectralSignatureDetector;
import io.antidote.detect.spectral.SpectralSignatureResult;
import io.antidote.detect.spectral.SpectralSignatureSettings;
import io.antidote.embed.EmbeddingSchema;
import io.antidote.embed.EmbeddingSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.mllib.linalg.Matrix;
import org.apache.spark.mllib.linalg.Vector;
import org.apache.spark.mllib.linalg.Vectors;
import org.apache.spark.mllib.linalg.distributed.RowMatrix;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * Times spectral signatures and activation clustering on synthetic clustered embeddings read from
 * Parquet, fits the growth exponent of time against rows, and compares the spectral detector's
 * per-group top direction with MLlib's {@code RowMatrix.computePrincipalComponents} on the same
 * groups (time, |cos|).
 *
 * <p>Data: {@code classes} labels, class means random unit vectors, rows = mean + N(0, (0.5/√d)²)
 * per coordinate, 5% of class-1 a tight campaign shifted 0.25 along one direction (as in the
 * tests).
 *
 * <p>Usage: {@code SpectralBenchmark [rows,rows,...] [dim] [classes] [workdir] [report-file]
 * [repeats]}; each timing is the best of {@code repeats} runs (default 2), because the machine is
 * shared.
 */
public final class SpectralBenchmark {
  private static final StructType SCHEMA = EmbeddingSchema.DETECTOR_INPUT;

  private SpectralBenchmark() {}

  /** Spectral signatures with the reference settings, grouped by label. */
  private static SpectralSignatureDetector spectralDetector() {
    return new SpectralSignatureDetector(
        SpectralSignatureSettings.fromConfig(SettingsBlock.defaults(SpectralSignatureSettings.PATH))
            .withGroupBy(GroupBy.LABEL),
        EmbeddingSettings.defaults());
  }

  /** Activation clustering with the reference settings, grouped by label. */
  private static ActivationClusteringDetector activationDetector() {
    return new ActivationClusteringDetector(
        ActivationClusteringSettings.fromConfig(
                SettingsBlock.defaults(ActivationClusteringSettings.PATH))
            .withGroupBy(GroupBy.LABEL),
        EmbeddingSettings.defaults());
  }

  public static void main(String[] args) throws IOException {
    long[] sizes = parseSizes(args.length > 0 ? args[0] : "50000,100000,200000");
    int dim = args.length > 1 ? Integer.parseInt(args[1]) : 384;
    int classes = args.length > 2 ? Integer.parseInt(args[2]) : 10;
    Path work = Path.of(args.length > 3 ? args[3] : "/tmp/antidote-bench-spectral");
    Path report = args.length > 4 ? Path.of(args[4]) : null;
    int repeats = args.length > 5 ? Integer.parseInt(args[5]) : 2;

    SparkConf conf =
        new SparkConf()
            .setIfMissing("spark.master", "local[2]")
            .setIfMissing("spark.app.name", "antidote-bench-spectral")
            .setIfMissing("spark.ui.enabled", "false")
            .setIfMissing("spark.sql.shuffle.partitions", "8")
            .setIfMissing("spark.driver.host", "127.0.0.1")
            .setIfMissing("spark.driver.bindAddress", "127.0.0.1");
    SparkSession spark = SparkSession.builder().config(conf).getOrCreate();
    try {
      List<String> lines = new ArrayList<>();
      lines.add(
          String.format(
              Locale.ROOT,
              "| rows | spectral s | spectral recall | activation s | activation recall / precision |"
                  + " own top directions s | MLlib RowMatrix PCA s | min abs(cos) own vs MLlib | load avg |"));
      lines.add("|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
      // Warm-up (JIT, Spark's code generation, class loading) on the smallest size, untimed.
      {
        Path data = dataPath(work, sizes[0], dim, classes);
        if (!Files.exists(data.resolve("_SUCCESS"))) {
          generate(spark, sizes[0], dim, classes, 20251123L)
              .write()
              .mode("overwrite")
              .parquet(data.toString());
        }
        Dataset<Row> input = spark.read().parquet(data.toString());
        spectralDetector().run(input).flags().count();
        activationDetector().run(input).flags().count();
      }
      double[] spectralTimes = new double[sizes.length];
      double[] activationTimes = new double[sizes.length];
      for (int i = 0; i < sizes.length; i++) {
        long n = sizes[i];
        Path data = dataPath(work, n, dim, classes);
        if (!Files.exists(data.resolve("_SUCCESS"))) {
          generate(spark, n, dim, classes, 20251123L)
              .write()
              .mode("overwrite")
              .parquet(data.toString());
        }
        Dataset<Row> input = spark.read().parquet(data.toString());
        long poison = input.where(col(EmbeddingSchema.SAMPLE_ID).startsWith("p")).count();

        double ts = Double.POSITIVE_INFINITY;
        List<Row> sFlags = null;
        for (int r = 0; r < repeats; r++) {
          long t0 = System.nanoTime();
          SpectralSignatureResult spectral = spectralDetector().run(input);
          sFlags = spectral.flags().select(EmbeddingSchema.SAMPLE_ID).collectAsList();
          ts = Math.min(ts, seconds(t0));
        }
        double sRecall =
            sFlags.stream().filter(r -> r.getString(0).startsWith("p")).count() / (double) poison;

        double ta = Double.POSITIVE_INFINITY;
        List<Row> aFlags = null;
        for (int r = 0; r < repeats; r++) {
          long t0 = System.nanoTime();
          ActivationClusteringResult activation = activationDetector().run(input);
          aFlags = activation.flags().select(EmbeddingSchema.SAMPLE_ID).collectAsList();
          ta = Math.min(ta, seconds(t0));
        }
        long aHits = aFlags.stream().filter(r -> r.getString(0).startsWith("p")).count();

        // Own top direction per group (moments aggregate + LAPACK) vs MLlib, group by group.
        long t0 = System.nanoTime();
        Dataset<EmbeddingRow> rows = EmbeddingGroups.assign(input, dim, GroupBy.LABEL, 1, 0);
        Map<String, MeanCovariance> moments = GroupMoments.collect(rows, dim);
        Map<String, double[]> own = new java.util.TreeMap<>();
        for (Map.Entry<String, MeanCovariance> e : moments.entrySet()) {
          EigenPairs top = SymmetricEigen.top(e.getValue().covariance(), dim, 1);
          own.put(e.getKey(), top.vector(0));
        }
        double tOwn = seconds(t0);
        t0 = System.nanoTime();
        double minCos = 1;
        for (Map.Entry<String, double[]> e : own.entrySet()) {
          org.apache.spark.api.java.JavaRDD<Vector> vectors =
              rows.where(col(EmbeddingRow.GROUP).equalTo(e.getKey()))
                  .javaRDD()
                  .map(r -> toVector(r.getEmbedding()));
          Matrix pc = new RowMatrix(vectors.rdd()).computePrincipalComponents(1);
          double dot = 0;
          for (int j = 0; j < dim; j++) {
            dot += pc.apply(j, 0) * e.getValue()[j];
          }
          minCos = Math.min(minCos, Math.abs(dot));
        }
        double tMllib = seconds(t0);
        spectralTimes[i] = ts;
        activationTimes[i] = ta;
        String line =
            String.format(
                Locale.ROOT,
                "| %,d | %.1f | %.3f | %.1f | %.3f / %.3f | %.1f | %.1f | %.6f | %s |",
                n,
                ts,
                sRecall,
                ta,
                aHits / (double) poison,
                aFlags.isEmpty() ? 0 : aHits / (double) aFlags.size(),
                tOwn,
                tMllib,
                minCos,
                loadAverage());
        lines.add(line);
        System.out.println(line);
      }
      if (sizes.length >= 2) {
        lines.add("");
        lines.add(
            String.format(
                Locale.ROOT,
                "Growth exponent (least-squares slope of log time on log rows): spectral signatures %.2f,"
                    + " activation clustering %.2f.",
                slope(sizes, spectralTimes),
                slope(sizes, activationTimes)));
      }
      String text = String.join("\n", lines) + "\n";
      System.out.print(text);
      if (report != null) {
        Files.writeString(report, text);
      }
    } finally {
      spark.stop();
    }
  }

  /** Synthetic labelled embeddings; ids of campaign rows start with "p". */
  static Dataset<Row> generate(SparkSession spark, long n, int dim, int classes, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    double[][] means = new double[classes][];
    for (int c = 0; c < classes; c++) {
      means[c] = unit(rnd, dim);
    }
    double[] shiftDir = unit(rnd, dim);
    Broadcast<double[][]> bm =
        new org.apache.spark.api.java.JavaSparkContext(spark.sparkContext()).broadcast(means);
    int partitions = (int) Math.max(4, n / 25_000);
    return spark
        .range(0, n, 1, partitions)
        .mapPartitions(
            (MapPartitionsFunction<Long, Row>)
                (Iterator<Long> ids) -> {
                  double[][] mu = bm.value();
                  double sigma = 0.5 / Math.sqrt(dim);
                  List<Row> out = new ArrayList<>();
                  while (ids.hasNext()) {
                    long id = ids.next();
                    SplittableRandom r = new SplittableRandom(seed ^ (id * 0x9E3779B97F4A7C15L));
                    int c = (int) (id % classes);
                    boolean poison = c == 1 && (id / classes) % 20 == 0;
                    float[] x = new float[dim];
                    for (int j = 0; j < dim; j++) {
                      x[j] =
                          (float)
                              (poison
                                  ? mu[c][j] + 0.25 * shiftDir[j] + 0.3 * sigma * gaussian(r)
                                  : mu[c][j] + sigma * gaussian(r));
                    }
                    out.add(RowFactory.create((poison ? "p" : "n") + id, "class-" + c, x));
                  }
                  return out.iterator();
                },
            Encoders.row(SCHEMA));
  }

  private static Vector toVector(float[] x) {
    double[] d = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      d[i] = x[i];
    }
    return Vectors.dense(d);
  }

  private static double gaussian(SplittableRandom r) {
    // Box–Muller; SplittableRandom has no nextGaussian on Java 17.
    double u = 1.0 - r.nextDouble();
    double v = r.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  private static double[] unit(SplittableRandom rnd, int d) {
    double[] v = new double[d];
    double s = 0;
    for (int i = 0; i < d; i++) {
      v[i] = gaussian(rnd);
      s += v[i] * v[i];
    }
    for (int i = 0; i < d; i++) {
      v[i] /= Math.sqrt(s);
    }
    return v;
  }

  public static double slope(long[] x, double[] y) {
    int n = x.length;
    double mx = 0;
    double my = 0;
    for (int i = 0; i < n; i++) {
      mx += Math.log(x[i]) / n;
      my += Math.log(y[i]) / n;
    }
    double sxy = 0;
    double sxx = 0;
    for (int i = 0; i < n; i++) {
      sxy += (Math.log(x[i]) - mx) * (Math.log(y[i]) - my);
      sxx += (Math.log(x[i]) - mx) * (Math.log(x[i]) - mx);
    }
    return sxy / sxx;
  }

  private static Path dataPath(Path work, long n, int dim, int classes) {
    return work.resolve("rows=" + n + "-dim=" + dim + "-classes=" + classes);
  }

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    } catch (IOException e) {
      return "n/a";
    }
  }

  private static double seconds(long t0) {
    return (System.nanoTime() - t0) / 1e9;
  }

  private static long[] parseSizes(String s) {
    String[] parts = s.split(",");
    long[] out = new long[parts.length];
    for (int i = 0; i < parts.length; i++) {
      out[i] = Long.parseLong(parts[i].trim());
    }
    return out;
  }
}
