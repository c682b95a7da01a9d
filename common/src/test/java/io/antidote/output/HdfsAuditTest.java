package io.antidote.output;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.antidote.audit.AuditResult;
import io.antidote.testing.AuditFixture;
import io.antidote.testing.LaionRows;
import io.antidote.testing.SparkTestBase;
import java.nio.file.Path;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit reading and writing {@code hdfs://} on a real (in-process) HDFS: a NameNode and a
 * DataNode.
 */
class HdfsAuditTest extends SparkTestBase {
  @TempDir static Path tmp;
  private static MiniDFSCluster hdfs;

  @BeforeEach
  void startHdfs() throws Exception {
    if (hdfs == null) {
      Configuration conf = new Configuration();
      conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, tmp.resolve("hdfs").toString());
      hdfs = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
      hdfs.waitActive();
    }
  }

  @AfterAll
  static void stopHdfs() {
    if (hdfs != null) {
      hdfs.shutdown();
      hdfs = null;
    }
  }

  @Test
  void auditsACorpusOnHdfs() throws Exception {
    String nn = "hdfs://127.0.0.1:" + hdfs.getNameNodePort();
    LaionRows rows = new LaionRows().clean(30);
    rows.row(
        "swapped",
        "https://www.example-news.com/z",
        "changed",
        null,
        "topic0",
        LaionRows.sha("original"),
        "shard-0",
        "2023-01-01T00:00:00Z");
    rows.frame(spark()).repartition(2).write().parquet(nn + "/corpora/laion");

    AuditResult r =
        AuditFixture.audit(
            spark(),
            nn + "/corpora/laion",
            null,
            "hdfs-run",
            Map.of("output.root", nn + "/audits/out"));
    assertEquals(31, r.counts().inputRows());
    assertEquals(
        "swapped", spark().read().parquet(nn + "/audits/out/flags").first().getAs("sample_id"));
    assertEquals(30, spark().read().parquet(nn + "/audits/out/curated").count());
    JsonNode runJson = new ObjectMapper().readTree(r.runJson());
    // HDFS keeps its own checksum (an MD5 of CRCs); run.json records it instead of re-reading the
    // file.
    Assertions.assertTrue(
        runJson.get("inputs").get(0).get("checksum").get("algorithm").asText().contains("MD5"),
        runJson.get("inputs").toString());
  }
}
