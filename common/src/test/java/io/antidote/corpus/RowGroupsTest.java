package io.antidote.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.antidote.testing.SparkTestBase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RowGroupsTest extends SparkTestBase {
  @TempDir Path tmp;

  @Test
  void mapsRowIndicesToTheRowGroupsOfTheFooter() throws Exception {
    Path dir = tmp.resolve("t");
    // Tiny row groups: 64 KiB blocks over incompressible text give several groups in one file. The
    // session's Hadoop configuration is shared with every other test: put back what was there.
    org.apache.hadoop.conf.Configuration hadoop = spark().sparkContext().hadoopConfiguration();
    String blockSize = hadoop.get("parquet.block.size");
    hadoop.setInt("parquet.block.size", 64 * 1024);
    try {
      spark()
          .range(0, 20_000)
          .selectExpr("id", "sha2(cast(id as string), 512) as pad")
          .coalesce(1)
          .write()
          .option("compression", "none")
          .parquet(dir.toString());
    } finally {
      if (blockSize == null) {
        hadoop.unset("parquet.block.size");
      } else {
        hadoop.set("parquet.block.size", blockSize);
      }
    }
    Path file;
    try (Stream<Path> s = Files.list(dir)) {
      file = s.filter(p -> p.toString().endsWith(".parquet")).findFirst().orElseThrow();
    }
    RowGroups groups =
        RowGroups.read(
            spark(), List.of(new InputFile(file.toUri().toString(), Files.size(file), 0)));
    List<Long> starts;
    try (var r =
        org.apache.parquet.hadoop.ParquetFileReader.open(
            org.apache.parquet.hadoop.util.HadoopInputFile.fromPath(
                new org.apache.hadoop.fs.Path(file.toUri()),
                new org.apache.hadoop.conf.Configuration()))) {
      long first = 0;
      java.util.ArrayList<Long> s = new java.util.ArrayList<>();
      for (var b : r.getFooter().getBlocks()) {
        s.add(first);
        first += b.getRowCount();
      }
      starts = s;
    }
    org.junit.jupiter.api.Assertions.assertTrue(starts.size() > 2, "several row groups: " + starts);
    for (int g = 0; g < starts.size(); g++) {
      assertEquals(g, groups.rowGroup(file.toUri().toString(), starts.get(g)));
      if (g > 0) {
        assertEquals(g - 1, groups.rowGroup(file.toUri().toString(), starts.get(g) - 1));
      }
    }
    assertEquals(null, groups.rowGroup("file:/elsewhere.parquet", 0));
  }
}
