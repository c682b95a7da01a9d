package io.antidote.bench.alignment;

import io.antidote.bench.spectral.SpectralBenchmark;
import io.antidote.detect.alignment.AlignmentResult;
import io.antidote.detect.alignment.CaptionImageAlignmentDetector;
import io.antidote.detect.alignment.CaptionImageAlignmentSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Times caption-image alignment on synthetic CLIP-like pairs read from Parquet and fits the growth
 * exponent of time against rows.
 *
 * <p>Data: 1,000 concepts (random unit vectors in {@code dim}); an honest pair's caption and image
 * vectors are its concept plus independent Gaussian noise (cosine ≈ 0.3, as CLIP ViT-B/32's honest
 * pairs); 2% of pairs take the caption of another concept. Cut: the corpus's 0.02-quantile and an
 * absolute 0.15.
 *
 * <p>Usage: {@code AlignmentBenchmark [rows,rows,...] [dim] [workdir] [repeats]}; each timing is
 * the best of {@code repeats} (default 2) after an untimed warm-up on the smallest size.
 */
public final class AlignmentBenchmark {
  private static final StructType SCHEMA =
      new StructType()
          .add("sample_id", DataTypes.StringType, false)
          .add("text_embedding", DataTypes.createArrayType(DataTypes.FloatType, false), false)
          .add("image_embedding", DataTypes.createArrayType(DataTypes.FloatType, false), false);

  private AlignmentBenchmark() {}

  public static void main(String[] args) throws Exception {
    String[] s = (args.length > 0 ? args[0] : "50000,100000,200000,400000").split(",");
    long[] sizes = new long[s.length];
    for (int i = 0; i < s.length; i++) {
      sizes[i] = Long.parseLong(s[i].trim());
    }
    int dim = args.length > 1 ? Integer.parseInt(args[1]) : 384;
    Path work = Path.of(args.length > 2 ? args[2] : "/tmp/antidote-bench-alignment");
    int repeats = args.length > 3 ? Integer.parseInt(args[3]) : 2;
    SparkSession spark =
        SparkSession.builder()
            .master("local[2]")
            .appName("alignment-bench")
            .config("spark.sql.shuffle.partitions", "8")
            .config("spark.ui.enabled", "false")
            .getOrCreate();
    CaptionImageAlignmentSettings settings =
        CaptionImageAlignmentSettings.defaults().withCuts(0.15, 0.02);
    List<String> lines = new ArrayList<>();
    lines.add("| rows | alignment s | flags | recall | precision | load avg |");
    lines.add("|---:|---:|---:|---:|---:|---:|");
    double[] times = new double[sizes.length];
    time(spark, pairs(spark, sizes[0], dim, work), settings); // warm-up
    for (int k = 0; k < sizes.length; k++) {
      Dataset<Row> data = pairs(spark, sizes[k], dim, work);
      double best = Double.MAX_VALUE;
      long[] quality = null;
      for (int r = 0; r < repeats; r++) {
        long t0 = System.nanoTime();
        quality = time(spark, data, settings);
        best = Math.min(best, (System.nanoTime() - t0) / 1e9);
      }
      times[k] = best;
      long mismatched = sizes[k] / 50;
      lines.add(
          String.format(
              Locale.ROOT,
              "| %,d | %.1f | %,d | %.3f | %.3f | %.2f |",
              sizes[k],
              best,
              quality[0],
              quality[1] / (double) mismatched,
              quality[0] == 0 ? 0 : quality[1] / (double) quality[0],
              java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                  .getSystemLoadAverage()));
    }
    lines.add("");
    lines.add(
        String.format(
            Locale.ROOT,
            "Growth exponent (least-squares slope of log time on log rows): %.2f.",
            SpectralBenchmark.slope(sizes, times)));
    System.out.println(String.join("\n", lines));
    spark.stop();
  }

  /**
   * Flags, then [flags, flagged mismatched pairs]; the detector's two scans plus collecting the
   * ids.
   */
  private static long[] time(
      SparkSession spark, Dataset<Row> data, CaptionImageAlignmentSettings settings) {
    AlignmentResult r = CaptionImageAlignmentDetector.scorePairs(settings, data);
    List<Row> ids = r.flags().select("sample_id").collectAsList();
    long hits = ids.stream().filter(x -> x.getString(0).startsWith("m")).count();
    return new long[] {ids.size(), hits};
  }

  /**
   * The pairs of {@code rows} rows, written to Parquet under {@code work} once and read from there.
   */
  static Dataset<Row> pairs(SparkSession spark, long rows, int dim, Path work) throws Exception {
    Path dir = work.resolve("pairs-" + rows + "-" + dim);
    if (!Files.exists(dir.resolve("_SUCCESS"))) {
      int partitions = (int) Math.max(2, rows / 25_000);
      MapPartitionsFunction<Long, Row> make = it -> generate(it, dim);
      spark
          .range(0, rows, 1, partitions)
          .as(Encoders.LONG())
          .mapPartitions(make, Encoders.row(SCHEMA))
          .write()
          .mode("overwrite")
          .parquet(dir.toString());
    }
    return spark.read().parquet(dir.toString());
  }

  private static Iterator<Row> generate(Iterator<Long> ids, int dim) {
    float[][] concepts = new float[1000][];
    SplittableRandom c = new SplittableRandom(2024);
    for (int k = 0; k < concepts.length; k++) {
      concepts[k] = unit(c, dim);
    }
    List<Row> out = new ArrayList<>();
    while (ids.hasNext()) {
      long id = ids.next();
      SplittableRandom r = new SplittableRandom(id * 0x9E3779B97F4A7C15L);
      int concept = r.nextInt(concepts.length);
      boolean bad = id % 50 == 7;
      int captionConcept =
          bad ? (concept + 1 + r.nextInt(concepts.length - 1)) % concepts.length : concept;
      out.add(
          RowFactory.create(
              (bad ? "m" : "h") + id,
              noisy(concepts[captionConcept], r),
              noisy(concepts[concept], r)));
    }
    return out.iterator();
  }

  private static float[] unit(SplittableRandom r, int dim) {
    float[] v = new float[dim];
    double n = 0;
    for (int i = 0; i < dim; i++) {
      v[i] = (float) gaussian(r);
      n += v[i] * v[i];
    }
    for (int i = 0; i < dim; i++) {
      v[i] /= (float) Math.sqrt(n);
    }
    return v;
  }

  /** concept + noise of norm ≈ 1.35 (honest cosine ≈ 1 / (1 + 1.35²) ≈ 0.35). */
  private static float[] noisy(float[] concept, SplittableRandom r) {
    float[] v = new float[concept.length];
    double sd = 1.35 / Math.sqrt(concept.length);
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) (concept[i] + sd * gaussian(r));
    }
    return v;
  }

  private static double gaussian(SplittableRandom r) {
    double u = 1 - r.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r.nextDouble());
  }
}
