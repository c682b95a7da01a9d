package io.antidote.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.antidote.testing.AuditFixture;
import io.antidote.testing.LaionRows;
import io.antidote.testing.SparkTestBase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The curated corpus keeps the input's own schema down to the Parquet types: a TIMESTAMP_MICROS
 * column is not rewritten as Spark's legacy INT96.
 */
class CuratedTimestampsTest extends SparkTestBase {
  private static final String KEY = "spark.sql.parquet.outputTimestampType";
  @TempDir Path tmp;

  @Test
  void curatedCrawlTimeKeepsTheInputsTimestampMicros() throws Exception {
    spark().conf().set(KEY, "TIMESTAMP_MICROS");
    String in = new LaionRows().clean(6).write(spark(), tmp.resolve("in"), 1);
    // The session's own default (INT96) for the audit, as a plain spark-submit would have it.
    spark().conf().unset(KEY);
    Path out = tmp.resolve("out");
    AuditFixture.audit(spark(), in, out, "r1", Map.of());

    PrimitiveType input = crawlTime(onlyFile(tmp.resolve("in")));
    PrimitiveType curated = crawlTime(onlyFile(out.resolve("curated/run_id=r1")));
    assertEquals(PrimitiveTypeName.INT64, input.getPrimitiveTypeName());
    assertEquals(
        LogicalTypeAnnotation.timestampType(true, LogicalTypeAnnotation.TimeUnit.MICROS),
        input.getLogicalTypeAnnotation());
    assertEquals(input, curated);
  }

  private static Path onlyFile(Path dir) throws Exception {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.getFileName().toString().endsWith(".parquet")).findFirst().get();
    }
  }

  private static PrimitiveType crawlTime(Path file) throws Exception {
    try (ParquetFileReader r =
        ParquetFileReader.open(
            HadoopInputFile.fromPath(
                new org.apache.hadoop.fs.Path(file.toUri()), new Configuration()))) {
      return r.getFooter().getFileMetaData().getSchema().getType("crawl_time").asPrimitiveType();
    }
  }
}
