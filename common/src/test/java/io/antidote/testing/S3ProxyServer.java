package io.antidote.testing;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;

/**
 * A real S3 API server for tests: S3Proxy's shaded jar (copied to target/s3proxy by the build) run
 * as a child process on 127.0.0.1 with its filesystem backend. A child process keeps its Jetty 11
 * away from Spark's Jetty 9.4 on the test classpath. Buckets are folders under the backend
 * directory.
 */
public final class S3ProxyServer implements AutoCloseable {
  public static final String ACCESS_KEY = "antidote-test";
  public static final String SECRET_KEY = "antidote-test-secret";

  private final Process process;
  private final int port;
  private final Path baseDir;

  private S3ProxyServer(Process process, int port, Path baseDir) {
    this.process = process;
    this.port = port;
    this.baseDir = baseDir;
  }

  public static S3ProxyServer start(Path workDir, List<String> buckets) throws Exception {
    File jar = new File("target/s3proxy/s3proxy.jar");
    if (!jar.isFile()) {
      throw new IllegalStateException(
          jar.getAbsolutePath() + " is missing; the build copies it in generate-test-resources");
    }
    Path base = Files.createDirectories(workDir.resolve("s3-backend"));
    for (String b : buckets) {
      Files.createDirectories(base.resolve(b));
    }
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Path props = workDir.resolve("s3proxy.properties");
    Files.writeString(
        props,
        String.join(
            "\n",
            "s3proxy.endpoint=http://127.0.0.1:" + port,
            "s3proxy.authorization=aws-v2-or-v4",
            "s3proxy.identity=" + ACCESS_KEY,
            "s3proxy.credential=" + SECRET_KEY,
            "jclouds.provider=filesystem",
            "jclouds.filesystem.basedir=" + base,
            ""));
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p =
        new ProcessBuilder(
                java, "-Xmx256m", "-jar", jar.getAbsolutePath(), "--properties", props.toString())
            .redirectErrorStream(true)
            .redirectOutput(workDir.resolve("s3proxy.log").toFile())
            .start();
    S3ProxyServer server = new S3ProxyServer(p, port, base);
    long deadline = System.currentTimeMillis() + 60_000;
    while (System.currentTimeMillis() < deadline) {
      if (!p.isAlive()) {
        throw new IllegalStateException(
            "S3Proxy exited: " + Files.readString(workDir.resolve("s3proxy.log")));
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return server;
      } catch (IOException notYet) {
        Thread.sleep(100);
      }
    }
    server.close();
    throw new IllegalStateException("S3Proxy did not listen on port " + port + " within 60 s");
  }

  public String endpoint() {
    return "http://127.0.0.1:" + port;
  }

  public Path backendDir() {
    return baseDir;
  }

  /** Points Hadoop's S3A connector at this server: path-style, no TLS, static keys. */
  public void configure(Configuration conf) {
    conf.set("fs.s3a.endpoint", endpoint());
    conf.set("fs.s3a.path.style.access", "true");
    conf.set("fs.s3a.connection.ssl.enabled", "false");
    conf.set("fs.s3a.access.key", ACCESS_KEY);
    conf.set("fs.s3a.secret.key", SECRET_KEY);
    conf.set(
        "fs.s3a.aws.credentials.provider", "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider");
    conf.set("fs.s3a.directory.marker.retention", "keep");
    conf.set("fs.s3a.change.detection.mode", "none");
    conf.set("fs.s3a.attempts.maximum", "3");
    conf.set("fs.s3a.retry.limit", "3");
    // One rename per task file instead of two: renames are copies on S3.
    conf.set("mapreduce.fileoutputcommitter.algorithm.version", "2");
  }

  @Override
  public void close() {
    process.destroy();
    try {
      process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
