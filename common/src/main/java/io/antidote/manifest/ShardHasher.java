package io.antidote.manifest;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumFileSystem;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.SerializableConfiguration;

/**
 * Hashes files for a shard manifest as a Spark job: one task per file on the executors (the driver
 * only collects the small entries), each file streamed through SHA-256 in 1 MiB reads, never held
 * in memory. Row and row-group counts come from the Parquet footer alone. A billion-row corpus is
 * read once end to end, so its cost is that of one scan; a single huge file is one task's work.
 */
public final class ShardHasher {
  private static final int BUFFER = 1 << 20;

  /** A file to hash: its path in the manifest and where it is now. */
  public record Shard(String relativePath, String location) implements Serializable {}

  private ShardHasher() {}

  public static List<ShardEntry> hash(SparkSession spark, List<Shard> shards) {
    if (shards.isEmpty()) {
      return List.of();
    }
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Broadcast<SerializableConfiguration> conf =
        jsc.broadcast(new SerializableConfiguration(spark.sparkContext().hadoopConfiguration()));
    int slices =
        Math.max(1, Math.min(shards.size(), spark.sparkContext().defaultParallelism() * 4));
    List<ShardEntry> entries =
        new ArrayList<>(
            jsc.parallelize(shards, slices).map(s -> entry(s, conf.value().value())).collect());
    conf.destroy();
    return entries;
  }

  /** One file's entry, read where the task runs. */
  static ShardEntry entry(Shard shard, Configuration conf) {
    Path p = new Path(shard.location());
    try {
      FileSystem fs = asStored(p.getFileSystem(conf));
      long size = fs.getFileStatus(p).getLen();
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      byte[] buf = new byte[BUFFER];
      try (InputStream in = fs.open(p)) {
        for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
          md.update(buf, 0, n);
        }
      }
      Long rows = null;
      Integer groups = null;
      if (endsWithParquetMagic(fs, p, size)) {
        try (ParquetFileReader r = ParquetFileReader.open(HadoopInputFile.fromPath(p, conf))) {
          long n = 0;
          List<BlockMetaData> blocks = r.getFooter().getBlocks();
          for (BlockMetaData b : blocks) {
            n += b.getRowCount();
          }
          rows = n;
          groups = blocks.size();
        } catch (IOException | RuntimeException e) {
          // A damaged footer: no counts. The digest already tells the file apart.
        }
      }
      return new ShardEntry(
          shard.relativePath(), size, HexFormat.of().formatHex(md.digest()), rows, groups);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot hash " + shard.location() + ": " + e.getMessage(), e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }

  /**
   * The file system without Hadoop's client-side {@code .crc} files (the local one keeps them): a
   * file changed behind its .crc is a changed shard, which the digest shows, not a read error; and
   * a manifest written here gets no .crc beside it.
   */
  static FileSystem asStored(FileSystem fs) {
    return fs instanceof ChecksumFileSystem checksummed ? checksummed.getRawFileSystem() : fs;
  }

  private static boolean endsWithParquetMagic(FileSystem fs, Path p, long size) throws IOException {
    if (size < 12) {
      return false;
    }
    byte[] tail = new byte[4];
    try (FSDataInputStream in = fs.open(p)) {
      in.readFully(size - 4, tail);
    }
    return tail[0] == 'P' && tail[1] == 'A' && tail[2] == 'R' && tail[3] == '1';
  }
}
