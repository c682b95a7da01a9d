package io.antidote.corpus;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.SerializableConfiguration;
import scala.Tuple2;

/**
 * Where each row group of each input file starts, so lineage can name the row group a sample came
 * from. Footers are read by a Spark job (one small read per file on the executors), not on the
 * driver.
 */
public final class RowGroups implements Serializable {
  private static final long serialVersionUID = 1L;
  private final Map<String, long[]> startsByFile;

  private RowGroups(Map<String, long[]> startsByFile) {
    this.startsByFile = startsByFile;
  }

  public static RowGroups read(SparkSession spark, List<InputFile> files) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Broadcast<SerializableConfiguration> conf =
        jsc.broadcast(new SerializableConfiguration(spark.sparkContext().hadoopConfiguration()));
    List<String> paths = files.stream().map(InputFile::path).toList();
    int slices = Math.max(1, Math.min(paths.size(), spark.sparkContext().defaultParallelism() * 4));
    List<Tuple2<String, long[]>> starts =
        jsc.parallelize(paths, slices).map(p -> new Tuple2<>(p, starts(p, conf.value()))).collect();
    Map<String, long[]> m = new HashMap<>();
    for (Tuple2<String, long[]> t : starts) {
      m.put(new Path(t._1()).toUri().getPath(), t._2());
    }
    return new RowGroups(m);
  }

  private static long[] starts(String path, SerializableConfiguration conf) {
    try (ParquetFileReader r =
        ParquetFileReader.open(HadoopInputFile.fromPath(new Path(path), conf.value()))) {
      List<Long> s = new ArrayList<>();
      long first = 0;
      for (BlockMetaData b : r.getFooter().getBlocks()) {
        s.add(first);
        first += b.getRowCount();
      }
      return s.stream().mapToLong(Long::longValue).toArray();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the footer of " + path, e);
    }
  }

  /** The row group holding row {@code rowIndex} of {@code file}, or null if the file is unknown. */
  public Integer rowGroup(String file, long rowIndex) {
    long[] s = startsByFile.get(new Path(file).toUri().getPath());
    if (s == null || s.length == 0) {
      return null;
    }
    int i = Arrays.binarySearch(s, rowIndex);
    return i >= 0 ? i : -i - 2;
  }
}
