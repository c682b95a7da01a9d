package io.antidote.output;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * One output table as a run staged it: a Parquet folder partitioned by run_id (and, for some
 * tables, more columns) holding only that run's rows. Read back with every partition column as a
 * string, as written: Spark's partition type inference would turn a run id like "42" into an int.
 */
record StagedTable(Path dir, List<String> partitionColumns) {

  /** The staged table under {@code dir}, its partition columns found from the folder names. */
  static StagedTable at(FileSystem fs, Path dir) throws IOException {
    List<String> columns = new ArrayList<>();
    Path level = dir;
    while (true) {
      Path next = null;
      for (FileStatus st : fs.listStatus(level)) {
        String name = st.getPath().getName();
        int eq = name.indexOf('=');
        if (st.isDirectory() && eq > 0) {
          columns.add(name.substring(0, eq));
          next = st.getPath();
          break;
        }
      }
      if (next == null) {
        return new StagedTable(dir, List.copyOf(columns));
      }
      level = next;
    }
  }

  Dataset<Row> read(SparkSession spark) {
    String path = dir.toString();
    StructType inferred = spark.read().parquet(path).schema();
    List<StructField> fields = new ArrayList<>();
    for (StructField f : inferred.fields()) {
      fields.add(
          partitionColumns.contains(f.name())
              ? new StructField(f.name(), DataTypes.StringType, true, f.metadata())
              : f);
    }
    return spark.read().schema(new StructType(fields.toArray(new StructField[0]))).parquet(path);
  }

  static UncheckedIOException unreadable(Path dir, IOException e) {
    return new UncheckedIOException("cannot list staged table " + dir + ": " + e.getMessage(), e);
  }
}
