package io.antidote.output;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.antidote.audit.AuditResult;
import io.antidote.testing.AuditFixture;
import io.antidote.testing.LaionRows;
import io.antidote.testing.S3ProxyServer;
import io.antidote.testing.SparkTestBase;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Parquet through {@code s3a://} against a real S3 API server (S3Proxy on 127.0.0.1) with Hadoop's
 * S3A connector: the corpus, the deny list and every output live in buckets.
 */
class S3aAuditTest extends SparkTestBase {
  @TempDir static Path tmp;
  private static S3ProxyServer s3;

  @BeforeEach
  void startS3() throws Exception {
    if (s3 == null) {
      s3 = S3ProxyServer.start(tmp, List.of("corpus", "audits"));
    }
    s3.configure(spark().sparkContext().hadoopConfiguration());
  }

  @AfterAll
  static void stopS3() {
    if (s3 != null) {
      s3.close();
      s3 = null;
    }
  }

  @Test
  void readsAndWritesParquetThroughS3a() throws Exception {
    LaionRows rows = new LaionRows().clean(40).hashMismatch();
    rows.text("denied", "https://cdn.cheap-pills.biz/1", "pills", "topic1", "2023-01-01T00:00:00Z");
    rows.frame(spark()).repartition(2).write().parquet("s3a://corpus/laion/");
    // The deny list lives in the bucket too, uploaded through S3A.
    org.apache.hadoop.fs.Path deny = new org.apache.hadoop.fs.Path("s3a://corpus/deny.txt");
    try (var out = deny.getFileSystem(spark().sparkContext().hadoopConfiguration()).create(deny)) {
      out.write("cheap-pills.biz\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    AuditResult r =
        AuditFixture.audit(
            spark(),
            "s3a://corpus/laion/part-*",
            null,
            "s3-run",
            Map.of(
                "output.root", "s3a://audits/antidote",
                "detectors.provenance.deny-list", "s3a://corpus/deny.txt"));
    assertEquals(42, r.counts().inputRows());
    assertEquals(2, r.counts().dropSamples());
    Dataset<Row> flags = spark().read().parquet("s3a://audits/antidote/flags");
    // The whole flag table, as (detector, sample_id): exactly these two flags.
    assertEquals(
        List.of(
            RowFactory.create("integrity", "swapped"), RowFactory.create("provenance", "denied")),
        flags.select("detector", "sample_id").orderBy("detector", "sample_id").collectAsList());
    assertEquals(40, spark().read().parquet("s3a://audits/antidote/curated").count());
    org.apache.hadoop.fs.Path runJsonPath =
        new org.apache.hadoop.fs.Path("s3a://audits/antidote/runs/run_id=s3-run/run.json");
    String runJson;
    try (var in =
        runJsonPath.getFileSystem(spark().sparkContext().hadoopConfiguration()).open(runJsonPath)) {
      runJson = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
    Assertions.assertTrue(runJson.contains("s3a://corpus/laion/part-"), runJson);
    org.apache.hadoop.fs.Path staging =
        new org.apache.hadoop.fs.Path("s3a://audits/.antidote-staging/");
    org.apache.hadoop.fs.FileSystem fs =
        staging.getFileSystem(spark().sparkContext().hadoopConfiguration());
    Assertions.assertFalse(
        fs.exists(staging) && fs.listFiles(staging, true).hasNext(),
        "no staged file is left after commit");
  }
}
