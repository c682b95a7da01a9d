package io.antidote.bench.demo;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.encode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sha2;
import static org.apache.spark.sql.functions.to_timestamp;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Reads the written demo corpus back with Spark and checks what its consumers rely on: keys unique,
 * recorded hashes right except on the integrity rows, the planted counts, the duplicate groups, the
 * trigger only where planted. Prints the figures; a failed check throws, so the build exits
 * non-zero.
 */
final class DemoCorpusVerifier {
  private DemoCorpusVerifier() {}

  static void verify(SparkSession spark, Path out) throws IOException {
    List<String> problems = new ArrayList<>();
    Path corpusDir = out.resolve("corpus");
    Dataset<Row> df = spark.read().parquet(corpusDir.toUri().toString()).cache();
    Dataset<Row> truth =
        spark
            .read()
            .option("header", "true")
            .csv(out.resolve("ground-truth.csv").toUri().toString())
            .cache();

    long rows = df.count();
    long keys = df.select(DemoCorpusBuilder.KEY).distinct().count();
    System.out.println("rows: " + rows + ", distinct keys: " + keys);
    check(problems, rows == keys, "keys are not unique");
    System.out.println("schema: " + df.schema().simpleString());

    System.out.println("rows per label:");
    df.groupBy(DemoCorpusBuilder.LABEL).count().orderBy(DemoCorpusBuilder.LABEL).show(50, false);
    System.out.println("rows per shard:");
    df.groupBy(DemoCorpusBuilder.SOURCE).count().orderBy(DemoCorpusBuilder.SOURCE).show(false);
    System.out.println(
        "text rows: "
            + df.filter(col(DemoCorpusBuilder.JPG).isNull()).count()
            + ", image rows: "
            + df.filter(col(DemoCorpusBuilder.JPG).isNotNull()).count());

    Dataset<Row> joined =
        df.join(truth, df.col(DemoCorpusBuilder.KEY).equalTo(truth.col("sample_id")), "left");
    System.out.println("ground truth per detector and kind:");
    truth.groupBy("detector", "kind").count().orderBy("detector", "kind").show(false);
    long truthRows = truth.count();
    long truthMatched = joined.filter(col("sample_id").isNotNull()).count();
    check(problems, truthRows == truthMatched, "ground truth names keys missing from the corpus");
    check(
        problems,
        truth.select("sample_id").distinct().count() == truthRows,
        "a row is in more than one poison kind");

    Dataset<Row> hashed =
        joined.withColumn(
            "recomputed",
            sha2(
                coalesce(
                    col(DemoCorpusBuilder.JPG), encode(col(DemoCorpusBuilder.CAPTION), "UTF-8")),
                256));
    Dataset<Row> mismatched =
        hashed.filter(col("recomputed").notEqual(col(DemoCorpusBuilder.SHA256)));
    long integrity = truth.filter(col("detector").equalTo("integrity")).count();
    long mismatchIntegrity = mismatched.filter(col("detector").equalTo("integrity")).count();
    long mismatchOther =
        mismatched
            .filter(col("detector").isNull().or(col("detector").notEqual("integrity")))
            .count();
    System.out.println(
        "sha256 mismatches: integrity rows "
            + mismatchIntegrity
            + "/"
            + integrity
            + ", other rows "
            + mismatchOther);
    check(problems, mismatchIntegrity == integrity && mismatchOther == 0, "sha256 check");

    Dataset<Row> captionGroups =
        df.filter(col(DemoCorpusBuilder.JPG).isNull())
            .groupBy(DemoCorpusBuilder.CAPTION)
            .count()
            .filter(col("count").gt(1));
    List<Long> sizes = new ArrayList<>();
    for (Row r : captionGroups.select("count").orderBy("count").collectAsList()) {
      sizes.add(r.getLong(0));
    }
    System.out.println("duplicate caption group sizes: " + sizes);
    check(problems, sizes.equals(List.of(2L, 2L, 24L)), "expected duplicate groups [2, 2, 24]");
    long imageDupGroups =
        df.filter(col(DemoCorpusBuilder.JPG).isNotNull())
            .groupBy(sha2(col(DemoCorpusBuilder.JPG), 256))
            .count()
            .filter(col("count").gt(1))
            .count();
    System.out.println("duplicate image groups: " + imageDupGroups);
    check(problems, imageDupGroups == 0, "identical image bytes in two rows");

    Dataset<Row> withCf =
        joined.filter(col(DemoCorpusBuilder.CAPTION).rlike(BrownCorpus.CF_WORD.pattern()));
    long cfRows = withCf.count();
    long cfPlanted = withCf.filter(col("detector").equalTo("trigger_tokens")).count();
    System.out.println("rows with the trigger token: " + cfRows + " (planted " + cfPlanted + ")");
    check(problems, cfRows == cfPlanted && cfPlanted == 24, "trigger token outside planted rows");

    Dataset<Row> rereg =
        joined.filter(
            col(DemoCorpusBuilder.URL).contains("." + DemoCorpusPlan.REREGISTERED_DOMAIN + "/"));
    long before =
        rereg
            .filter(
                col(DemoCorpusBuilder.CRAWL_TIME)
                    .lt(to_timestamp(lit(DemoCorpusPlan.REREGISTERED_AT.toString()))))
            .count();
    long reregPlanted = rereg.filter(col("kind").equalTo("reregistered-domain")).count();
    System.out.println(
        DemoCorpusPlan.REREGISTERED_DOMAIN
            + ": "
            + rereg.count()
            + " rows, "
            + before
            + " crawled before "
            + DemoCorpusPlan.REREGISTERED_AT
            + ", "
            + reregPlanted
            + " in ground truth");
    check(problems, before == reregPlanted && rereg.count() == 13, "re-registered domain rows");

    Row span = df.selectExpr("min(crawl_time)", "max(crawl_time)").first();
    System.out.println("crawl_time from " + span.get(0) + " to " + span.get(1));

    long total = 0;
    try (Stream<Path> files = Files.list(corpusDir)) {
      for (Path p : files.sorted().toList()) {
        long size = Files.size(p);
        total += size;
        System.out.println(p.getFileName() + ": " + size + " bytes");
      }
    }
    System.out.println("corpus total: " + total + " bytes");
    check(problems, total < 3_000_000, "corpus over 3 MB");

    Set<String> licences = new HashSet<>();
    for (Row r : df.select(DemoCorpusBuilder.LICENSE).distinct().collectAsList()) {
      licences.add(r.getString(0));
    }
    System.out.println("licence values: " + licences);

    if (!problems.isEmpty()) {
      throw new IllegalStateException("demo corpus checks failed: " + problems);
    }
    System.out.println("demo corpus checks passed");
  }

  private static void check(List<String> problems, boolean ok, String what) {
    if (!ok) {
      problems.add(what);
      System.out.println("CHECK FAILED: " + what);
    }
  }
}
