package io.antidote.corpus;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.parquet.format.converter.ParquetMetadataConverter;

/**
 * Lists the files behind the input paths (files, folders, globs) the way Spark will read them,
 * skipping hidden and marker files ({@code _SUCCESS}, {@code .crc}), and checks that each is a
 * Parquet file by its magic bytes and a readable footer, so a stray CSV, a truncated upload or a
 * damaged footer is named before any work starts (and before Spark logs its own stack traces).
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
   * Throws naming the first file that does not start and end with Parquet's magic bytes, or whose
   * footer (the file's schema and row groups) parquet-hadoop cannot read. The cost is three small
   * reads per file on the driver: the head, the tail, the footer.
   */
  public static void verifyParquet(List<InputFile> files, Configuration conf) {
    for (InputFile f : files) {
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
        readFooter(in, f, ByteBuffer.wrap(tail, 0, 4).order(ByteOrder.LITTLE_ENDIAN).getInt());
      } catch (IOException e) {
        throw new InputException(
            "cannot read input file " + f.path() + ": " + StorageErrors.explain(e), e);
      }
    }
  }

  /** Reads and parses the footer of {@code f}, of {@code length} bytes before the tail. */
  private static void readFooter(FSDataInputStream in, InputFile f, int length) throws IOException {
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
      new ParquetMetadataConverter()
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
