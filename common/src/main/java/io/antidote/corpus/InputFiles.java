package io.antidote.corpus;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.parquet.format.converter.ParquetMetadataConverter;
import org.apache.parquet.hadoop.Footer;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.schema.Type;
import org.apache.spark.sql.execution.datasources.parquet.ParquetFileFormat$;
import org.apache.spark.sql.execution.datasources.parquet.ParquetToSparkSchemaConverter;
import org.apache.spark.sql.internal.SQLConf;
import org.apache.spark.sql.types.StructType;

/**
 * Lists the files behind the input paths (files, folders, globs) the way Spark will read them,
 * skipping hidden and marker files ({@code _SUCCESS}, {@code .crc}), and checks that each is a
 * Parquet file by its magic bytes and a readable footer, so a stray CSV, a truncated upload or a
 * damaged footer is named before any work starts (and before Spark logs its own stack traces). The
 * footers read there also give each file's schema and row count ({@link InputFooter}).
 */
public final class InputFiles {
  private static final byte[] MAGIC = "PAR1".getBytes(StandardCharsets.US_ASCII);

  private InputFiles() {}

  public static List<InputFile> list(List<String> paths, Configuration conf) {
    if (paths.isEmpty()) {
      throw new InputException(
          "no input paths given: pass --input PATH (Parquet files, folders or globs) or set input.paths");
    }
    List<InputFile> files = new ArrayList<>();
    for (String p : paths) {
      Path path = new Path(p);
      try {
        FileSystem fs = path.getFileSystem(conf);
        FileStatus[] matches = fs.globStatus(path);
        if (matches == null || matches.length == 0) {
          throw new InputException(
              "input path " + p + " does not exist (or the glob matches nothing)");
        }
        int before = files.size();
        for (FileStatus m : matches) {
          if (m.isDirectory()) {
            RemoteIterator<LocatedFileStatus> it = fs.listFiles(m.getPath(), true);
            while (it.hasNext()) {
              LocatedFileStatus f = it.next();
              if (isData(m.getPath(), f.getPath())) {
                files.add(
                    new InputFile(f.getPath().toString(), f.getLen(), f.getModificationTime()));
              }
            }
          } else if (!isHidden(m.getPath().getName())) {
            files.add(new InputFile(m.getPath().toString(), m.getLen(), m.getModificationTime()));
          }
        }
        if (files.size() == before) {
          throw new InputException("input path " + p + " holds no data files");
        }
      } catch (IOException e) {
        throw new InputException(
            "cannot list input path " + p + ": " + StorageErrors.explain(e), e);
      }
    }
    files.sort(Comparator.comparing(InputFile::path));
    return List.copyOf(files);
  }

  /** Whether a file under a listed folder is data Spark would read (no hidden part in its path). */
  private static boolean isData(Path root, Path file) {
    String rel = file.toUri().getPath().substring(root.toUri().getPath().length());
    return Arrays.stream(rel.split("/")).noneMatch(InputFiles::isHidden);
  }

  private static boolean isHidden(String name) {
    return name.startsWith("_") || name.startsWith(".");
  }

  /**
   * The first file whose Parquet footer cannot be read, with the reason. Only called after Spark
   * failed without naming a file, so the cost (one footer read per file on the driver) is paid on
   * the error path.
   */
  public static java.util.Optional<String> findUnreadableFooter(
      List<InputFile> files, Configuration conf) {
    for (InputFile f : files) {
      try (org.apache.parquet.hadoop.ParquetFileReader r =
          org.apache.parquet.hadoop.ParquetFileReader.open(
              org.apache.parquet.hadoop.util.HadoopInputFile.fromPath(new Path(f.path()), conf))) {
        r.getFooter();
      } catch (IOException | RuntimeException e) {
        return java.util.Optional.of(
            "input file "
                + f.path()
                + " is a corrupt Parquet file: its footer cannot be read ("
                + reason(e)
                + ")");
      }
    }
    return java.util.Optional.empty();
  }

  /**
   * Footers read at once on the driver: the reads are small and wait on storage (tens of
   * milliseconds each on S3), so threads hide the latency; 10,000 files take a few seconds.
   */
  private static final int FOOTER_READERS = 16;

  /**
   * Throws naming the first file (in path order) that does not start and end with Parquet's magic
   * bytes, or whose footer (the file's schema and row groups) parquet-hadoop cannot read; else
   * returns every file's footer. The cost is three small reads per file (the head, the tail, the
   * footer), {@value #FOOTER_READERS} files at a time on the driver.
   *
   * @param sqlConf how Spark maps Parquet types to its own (the session's settings)
   */
  public static List<InputFooter> verifyParquet(
      List<InputFile> files, Configuration conf, SQLConf sqlConf) {
    ParquetToSparkSchemaConverter converter = new ParquetToSparkSchemaConverter(sqlConf);
    ExecutorService pool =
        Executors.newFixedThreadPool(
            Math.max(1, Math.min(FOOTER_READERS, files.size())),
            r -> {
              Thread t = new Thread(r, "antidote-footer-reader");
              t.setDaemon(true);
              return t;
            });
    try {
      List<Future<InputFooter>> reads = new ArrayList<>();
      for (InputFile f : files) {
        reads.add(pool.submit(() -> verifyParquet(f, conf, converter)));
      }
      List<InputFooter> footers = new ArrayList<>();
      for (Future<InputFooter> read : reads) {
        footers.add(read.get());
      }
      return List.copyOf(footers);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading the input files' footers", e);
    } finally {
      pool.shutdownNow();
    }
  }

  private static InputFooter verifyParquet(
      InputFile f, Configuration conf, ParquetToSparkSchemaConverter converter) {
    Path path = new Path(f.path());
    if (f.length() < 12) {
      throw new InputException(
          "input file "
              + f.path()
              + " is not a Parquet file: "
              + f.length()
              + " bytes is too short to hold one");
    }
    try (FSDataInputStream in = path.getFileSystem(conf).open(path)) {
      byte[] head = new byte[4];
      byte[] tail = new byte[8];
      in.readFully(0, head);
      in.readFully(f.length() - 8, tail);
      if (!Arrays.equals(head, MAGIC)) {
        throw new InputException(
            "input file " + f.path() + " is not a Parquet file (it does not start with PAR1)");
      }
      if (!Arrays.equals(Arrays.copyOfRange(tail, 4, 8), MAGIC)) {
        throw new InputException(
            "input file "
                + f.path()
                + " is a truncated or corrupt Parquet file (it does not end with PAR1)");
      }
      ParquetMetadata footer =
          readFooter(in, f, ByteBuffer.wrap(tail, 0, 4).order(ByteOrder.LITTLE_ENDIAN).getInt());
      return footerOf(f, path, footer, converter);
    } catch (IOException e) {
      throw new InputException(
          "cannot read input file " + f.path() + ": " + StorageErrors.explain(e), e);
    }
  }

  /**
   * The file's schema exactly as Spark infers it from this footer (its own schema when Spark wrote
   * the file, else the Parquet schema converted under the session's settings).
   */
  private static InputFooter footerOf(
      InputFile f, Path path, ParquetMetadata footer, ParquetToSparkSchemaConverter converter) {
    StructType schema;
    try {
      schema = ParquetFileFormat$.MODULE$.readSchemaFromFooter(new Footer(path, footer), converter);
    } catch (RuntimeException e) { // a Parquet type Spark cannot read (e.g. INT96 turned off)
      throw new InputException(
          "input file " + f.path() + " has a schema Spark cannot read: " + reason(e), e);
    }
    Map<String, String> parquetTypes = new LinkedHashMap<>();
    for (Type t : footer.getFileMetaData().getSchema().getFields()) {
      parquetTypes.put(t.getName(), parquetType(t));
    }
    long rows = footer.getBlocks().stream().mapToLong(BlockMetaData::getRowCount).sum();
    return new InputFooter(f, schema, Map.copyOf(parquetTypes), rows);
  }

  /** "INT64", "BINARY (STRING)", "INT96", or "group" for nested columns. */
  private static String parquetType(Type t) {
    if (!t.isPrimitive()) {
      return t.getLogicalTypeAnnotation() == null
          ? "group"
          : "group (" + t.getLogicalTypeAnnotation() + ")";
    }
    String physical = t.asPrimitiveType().getPrimitiveTypeName().name();
    return t.getLogicalTypeAnnotation() == null
        ? physical
        : physical + " (" + t.getLogicalTypeAnnotation() + ")";
  }

  /** Reads and parses the footer of {@code f}, of {@code length} bytes before the tail. */
  private static ParquetMetadata readFooter(FSDataInputStream in, InputFile f, int length)
      throws IOException {
    long room = f.length() - 12;
    if (length <= 0 || length > room) {
      throw new InputException(
          "input file "
              + f.path()
              + " is a corrupt Parquet file: its footer cannot be read (the tail gives a footer of "
              + length
              + " bytes, the file has room for "
              + room
              + ")");
    }
    byte[] footer = new byte[length];
    in.readFully(f.length() - 8 - length, footer);
    try {
      return new ParquetMetadataConverter()
          .readParquetMetadata(
              new ByteArrayInputStream(footer), ParquetMetadataConverter.NO_FILTER);
    } catch (IOException | RuntimeException e) {
      throw new InputException(
          "input file "
              + f.path()
              + " is a corrupt Parquet file: its footer cannot be read ("
              + reason(e)
              + ")",
          e);
    }
  }

  /** The first non-empty message in {@code e}'s cause chain, else its class name. */
  static String reason(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t.getMessage() != null && !t.getMessage().isBlank()) {
        return t.getMessage();
      }
    }
    return e.getClass().getSimpleName();
  }
}
