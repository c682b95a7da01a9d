package io.antidote.jobs;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.CountDownLatch;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.util.Progressable;

/**
 * The local file system, except that the first call that would create or move anything at or under
 * the directory named by the system property {@value #ROOT} writes the marker file named by {@value
 * #MARKER} and then blocks the calling thread for good, before doing anything. A test installs it
 * in a child JVM (as {@code fs.file.impl}) to stop that JVM at a known point, e.g. an audit with
 * every table staged and its commit not yet begun, and kill it there.
 */
public class PauseBeforeRootFileSystem extends LocalFileSystem {
  /** Absolute local path of the directory whose first modification blocks. */
  public static final String ROOT = "antidote.test.pause-root";

  /**
   * Local file written (atomically, with the blocked path as its content) when the pause begins.
   */
  public static final String MARKER = "antidote.test.pause-marker";

  private static final CountDownLatch NEVER = new CountDownLatch(1);

  private void pauseIfUnderRoot(Path p) throws IOException {
    String root = System.getProperty(ROOT);
    String marker = System.getProperty(MARKER);
    if (root == null || marker == null) {
      return;
    }
    String path = makeQualified(p).toUri().getPath();
    if (!path.equals(root) && !path.startsWith(root + "/")) {
      return;
    }
    java.nio.file.Path m = java.nio.file.Path.of(marker);
    java.nio.file.Path tmp = m.resolveSibling(m.getFileName() + ".tmp");
    Files.writeString(tmp, path, StandardCharsets.UTF_8);
    Files.move(tmp, m, StandardCopyOption.ATOMIC_MOVE);
    try {
      NEVER.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("paused before touching " + path);
    }
  }

  @Override
  public boolean mkdirs(Path f) throws IOException {
    pauseIfUnderRoot(f);
    return super.mkdirs(f);
  }

  @Override
  public boolean mkdirs(Path f, FsPermission permission) throws IOException {
    pauseIfUnderRoot(f);
    return super.mkdirs(f, permission);
  }

  @Override
  public boolean rename(Path src, Path dst) throws IOException {
    pauseIfUnderRoot(dst);
    return super.rename(src, dst);
  }

  @Override
  public FSDataOutputStream create(
      Path f,
      FsPermission permission,
      boolean overwrite,
      int bufferSize,
      short replication,
      long blockSize,
      Progressable progress)
      throws IOException {
    pauseIfUnderRoot(f);
    return super.create(f, permission, overwrite, bufferSize, replication, blockSize, progress);
  }
}
