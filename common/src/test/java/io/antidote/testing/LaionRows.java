package io.antidote.testing;

import io.antidote.udfs.ContentHash;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Builds small LAION-style corpora (key, url, caption, jpg, label, sha256, source, crawl_time,
 * extra).
 */
public final class LaionRows {
  public static final StructType SCHEMA =
      new StructType()
          .add("key", DataTypes.StringType)
          .add("url", DataTypes.StringType)
          .add("caption", DataTypes.StringType)
          .add("jpg", DataTypes.BinaryType)
          .add("label", DataTypes.StringType)
          .add("sha256", DataTypes.StringType)
          .add("source", DataTypes.StringType)
          .add("crawl_time", DataTypes.TimestampType)
          .add("width", DataTypes.IntegerType);

  private final List<Row> rows = new ArrayList<>();

  public static String sha(String text) {
    return ContentHash.sha256Hex(text.getBytes(StandardCharsets.UTF_8));
  }

  /** A clean text row whose recorded hash matches its caption. */
  public LaionRows text(String key, String url, String caption, String label, String crawlTime) {
    return row(key, url, caption, null, label, sha(caption), "shard-0", crawlTime);
  }

  public LaionRows image(String key, String url, String caption, byte[] jpg, String crawlTime) {
    return row(key, url, caption, jpg, "img", ContentHash.sha256Hex(jpg), "shard-1", crawlTime);
  }

  public LaionRows row(
      String key,
      String url,
      String caption,
      byte[] jpg,
      String label,
      String sha256,
      String source,
      String crawlTime) {
    rows.add(
        RowFactory.create(
            key,
            url,
            caption,
            jpg,
            label,
            sha256,
            source,
            crawlTime == null ? null : Timestamp.from(Instant.parse(crawlTime)),
            64));
    return this;
  }

  /**
   * Row "swapped": its recorded sha256 is another caption's, so the integrity detector flags it and
   * gives it a verdict.
   */
  public LaionRows hashMismatch() {
    return row(
        "swapped",
        "https://www.example-news.com/z",
        "changed text",
        null,
        "topic0",
        sha("original text"),
        "shard-0",
        "2023-01-01T00:00:00Z");
  }

  /** A row without a sample id: the audit rejects it. */
  public LaionRows withoutId() {
    return row(null, "https://www.example-news.com/n", "no id", null, "topic1", null, "s", null);
  }

  /**
   * Clean rows "clean-000".. on a few ordinary domains, captioned with distinct real sentences
   * (Brown corpus sentences of 10 words or more, in fixture order): clean text that is not
   * near-duplicate of itself, as a template ("caption number i") would be.
   */
  public LaionRows clean(int n) {
    List<String> captions = cleanCaptions(n);
    String[] domains = {
      "https://www.example-news.com/a/",
      "https://blog.gardening.co.uk/p/",
      "http://photos.birds.org/i/"
    };
    for (int i = 0; i < n; i++) {
      text(
          String.format("clean-%03d", i),
          domains[i % domains.length] + i,
          captions.get(i),
          "topic" + (i % 3),
          "2023-0" + (1 + i % 9) + "-15T10:00:00Z");
    }
    return this;
  }

  private static List<String> cleanCaptions(int n) {
    BrownSentences brown = BrownSentences.load();
    List<String> out = new ArrayList<>();
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (int i = 0; i < brown.size() && out.size() < n; i++) {
      String t = brown.text.get(i);
      if (t.split(" ").length >= 10 && seen.add(t)) {
        out.add(t);
      }
    }
    if (out.size() < n) {
      throw new IllegalArgumentException("the Brown fixture has only " + out.size() + " captions");
    }
    return out;
  }

  public List<Row> rows() {
    return rows;
  }

  public Dataset<Row> frame(SparkSession spark) {
    return spark.createDataFrame(rows, SCHEMA);
  }

  /**
   * Writes the rows as Parquet in {@code files} files under {@code dir}; returns the folder's URI.
   */
  public String write(SparkSession spark, Path dir, int files) {
    frame(spark)
        .repartition(files)
        .write()
        .mode(SaveMode.Overwrite)
        .parquet(dir.toUri().toString());
    return dir.toUri().toString();
  }
}
