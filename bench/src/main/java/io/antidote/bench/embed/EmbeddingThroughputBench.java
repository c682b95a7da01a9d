package io.antidote.bench.embed;

import ai.djl.Device;
import io.antidote.corpus.CorpusSchema;
import io.antidote.embed.EmbeddingBatch;
import io.antidote.embed.EmbeddingModel;
import io.antidote.embed.EmbeddingResult;
import io.antidote.embed.EmbeddingSettings;
import io.antidote.embed.EmbeddingStage;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/**
 * Texts per second through the embed stage on Spark (local[2]) against the bare DJL predictor in
 * the same JVM, on the same captions, for several batch sizes; and the JVM's memory while
 * embedding.
 *
 * <pre>
 * java ... io.antidote.bench.embed.EmbeddingThroughputBench --mode both|bare|spark --rows 10000 \
 *     --batch-sizes 1,32,128 [--sort-window 8] [--bare-threads 0] [--spark-threads 1] \
 *     [--partitions 8] [--corpus /tmp/npm/brown/package] [--min-words 4] [--max-words 16] [--repeat 1]
 *     [--captions-file F]   (one caption per line, instead of the corpus; --rows is then ignored)
 * </pre>
 *
 * With {@code both}, the two are run alternately for each batch size, so that load from other
 * processes on a shared machine hits both alike. Each line printed is one measurement: mode, batch
 * size, sort window, rows, wall seconds, texts/s (wall), process CPU seconds, texts per CPU second,
 * peak heap used after GC (MiB) and peak RSS (MiB, VmHWM) of this JVM so far. Models are loaded and
 * warmed up before timing.
 */
public final class EmbeddingThroughputBench {

  public static void main(String[] args) throws Exception {
    Map<String, String> a = io.antidote.bench.BenchArgs.parse(args);
    String mode = a.getOrDefault("mode", "both");
    int rows = Integer.parseInt(a.getOrDefault("rows", "10000"));
    int window = Integer.parseInt(a.getOrDefault("sort-window", "8"));
    int bareThreads = Integer.parseInt(a.getOrDefault("bare-threads", "0"));
    int sparkThreads = Integer.parseInt(a.getOrDefault("spark-threads", "1"));
    int partitions = Integer.parseInt(a.getOrDefault("partitions", "8"));
    int repeat = Integer.parseInt(a.getOrDefault("repeat", "1"));
    List<Integer> batchSizes = new ArrayList<>();
    for (String b : a.getOrDefault("batch-sizes", "1,32,128").split(",")) {
      batchSizes.add(Integer.parseInt(b.trim()));
    }
    List<String> captions =
        a.containsKey("captions-file")
            ? Files.readAllLines(Paths.get(a.get("captions-file")), StandardCharsets.UTF_8)
            : BrownCaptions.load(
                Paths.get(a.getOrDefault("corpus", "/tmp/npm/brown/package")),
                rows,
                Integer.parseInt(a.getOrDefault("min-words", "4")),
                Integer.parseInt(a.getOrDefault("max-words", "16")));
    System.out.printf(
        "# %d captions, mean %.1f words; mode=%s bare-threads=%d spark-threads=%d partitions=%d"
            + " cores=%d%n",
        captions.size(),
        captions.stream().mapToInt(s -> s.split(" ").length).average().orElse(0),
        mode,
        bareThreads,
        sparkThreads,
        partitions,
        Runtime.getRuntime().availableProcessors());
    System.out.println(
        "mode\tbatch\twindow\trows\twall_s\ttexts_per_s\tcpu_s\ttexts_per_cpu_s"
            + "\tpeak_heap_after_gc_mib\tpeak_rss_mib");
    MemoryWatch watch = new MemoryWatch();
    watch.start();
    boolean doBare = !mode.equals("spark");
    boolean doSpark = !mode.equals("bare");
    EmbeddingModel bare =
        doBare
            ? EmbeddingModel.load(settings(32, window, bareThreads), Device.cpu(), Map.of())
            : null;
    SparkSession spark = null;
    Dataset<Row> corpus = null;
    if (doBare) {
      bare.embed(new EmbeddingBatch.Texts(captions.subList(0, 64)));
    }
    if (doSpark) {
      spark = session();
      corpus = corpus(spark, captions, partitions);
      try (EmbeddingResult warm =
          EmbeddingStage.embed(
              spark, corpus.limit(64), settings(32, window, sparkThreads), Optional.empty())) {
        warm.embedded();
      }
    }
    for (int r = 0; r < repeat; r++) {
      for (int batch : batchSizes) {
        if (doBare) {
          runBare(bare, captions, batch, window, watch);
        }
        if (doSpark) {
          runSpark(spark, corpus, captions.size(), settings(batch, window, sparkThreads), watch);
        }
      }
    }
    if (bare != null) {
      bare.close();
    }
    if (spark != null) {
      spark.stop();
    }
    watch.interrupt();
  }

  private static EmbeddingSettings settings(int batch, int window, int threads) {
    return EmbeddingSettings.builder()
        .batchSize(batch)
        .sortWindowBatches(window)
        .threadsPerPredictor(threads)
        .build();
  }

  /**
   * The bare predictor: one thread feeding batches to one DJL predictor, windows sorted the same
   * way.
   */
  private static void runBare(
      EmbeddingModel model, List<String> captions, int batch, int window, MemoryWatch watch)
      throws Exception {
    Clock c = new Clock();
    int w = Math.max(1, window) * batch;
    for (int start = 0; start < captions.size(); start += w) {
      List<String> win =
          new ArrayList<>(captions.subList(start, Math.min(captions.size(), start + w)));
      if (window > 1) {
        win.sort(Comparator.comparingInt(String::length));
      }
      for (int b = 0; b < win.size(); b += batch) {
        model.embed(new EmbeddingBatch.Texts(win.subList(b, Math.min(win.size(), b + batch))));
      }
    }
    c.report("bare", batch, window, captions.size(), watch);
  }

  private static void runSpark(
      SparkSession spark, Dataset<Row> corpus, int n, EmbeddingSettings s, MemoryWatch watch) {
    Clock c = new Clock();
    try (EmbeddingResult res = EmbeddingStage.embed(spark, corpus, s, Optional.empty())) {
      if (res.embedded() != n) {
        throw new IllegalStateException("embedded " + res.embedded() + " of " + n);
      }
    }
    c.report("spark", s.batchSize(), s.sortWindowBatches(), n, watch);
  }

  private static SparkSession session() {
    SparkConf conf =
        new SparkConf()
            .setIfMissing("spark.master", "local[2]")
            .setIfMissing("spark.app.name", "embed-bench")
            .setIfMissing("spark.ui.enabled", "false")
            .setIfMissing("spark.driver.host", "127.0.0.1")
            .setIfMissing("spark.driver.bindAddress", "127.0.0.1")
            .setIfMissing("spark.sql.shuffle.partitions", "4");
    SparkSession spark = SparkSession.builder().config(conf).getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    return spark;
  }

  private static Dataset<Row> corpus(SparkSession spark, List<String> captions, int partitions) {
    List<Row> rows = new ArrayList<>(captions.size());
    for (int i = 0; i < captions.size(); i++) {
      rows.add(RowFactory.create("b" + i, null, captions.get(i), null, null, null, "brown", null));
    }
    Dataset<Row> corpus =
        spark.createDataFrame(rows, CorpusSchema.SCHEMA).repartition(partitions).cache();
    corpus.count();
    return corpus;
  }

  private static final class Clock {
    final long wall0 = System.nanoTime();
    final long cpu0 = cpuNanos();

    void report(String mode, int batch, int window, int n, MemoryWatch watch) {
      double wall = (System.nanoTime() - wall0) / 1e9;
      double cpu = (cpuNanos() - cpu0) / 1e9;
      System.out.printf(
          "%s\t%d\t%d\t%d\t%.2f\t%.0f\t%.2f\t%.0f\t%d\t%d%n",
          mode,
          batch,
          window,
          n,
          wall,
          n / wall,
          cpu,
          n / cpu,
          watch.peakHeapAfterGcMib(),
          peakRssMib());
    }
  }

  static long cpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  static long peakRssMib() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
        }
      }
    } catch (Exception e) {
      // not Linux
    }
    return -1;
  }

  /** Largest heap occupancy seen right after a collection: the live set, not the garbage. */
  static final class MemoryWatch extends Thread {
    private volatile long peak;

    MemoryWatch() {
      setDaemon(true);
      setName("memory-watch");
    }

    @Override
    public void run() {
      while (!isInterrupted()) {
        long sum = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
          if (p.getType() == MemoryType.HEAP && p.getCollectionUsage() != null) {
            sum += p.getCollectionUsage().getUsed();
          }
        }
        peak = Math.max(peak, sum);
        try {
          Thread.sleep(100);
        } catch (InterruptedException e) {
          return;
        }
      }
    }

    long peakHeapAfterGcMib() {
      return peak / (1024 * 1024);
    }
  }
}
