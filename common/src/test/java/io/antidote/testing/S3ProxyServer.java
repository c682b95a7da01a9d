package io.antidote.testing;

import com.amazonaws.auth.AWSStaticCredentialsProvider;
import com.amazonaws.auth.BasicAWSCredentials;
import com.amazonaws.client.builder.AwsClientBuilder;
import com.amazonaws.services.s3.AmazonS3;
import com.amazonaws.services.s3.AmazonS3ClientBuilder;
import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;

/**
 * A real S3 API server for tests: S3Proxy's shaded jar (copied to target/s3proxy by the build) run
 * as a child process on 127.0.0.1. A child process keeps its Jetty 11 away from Spark's Jetty 9.4
 * on the test classpath.
 *
 * <p>The backend is jclouds' in-memory {@code transient} store, whose keys are flat strings as on
 * S3. The {@code filesystem} backends map S3A's directory markers ({@code dir/}) to folders: the
 * old one retries deleting a marker over a non-empty folder for ten seconds per marker, the NIO.2
 * one answers 500, so every S3A commit took minutes or failed.
 */
public final class S3ProxyServer implements AutoCloseable {
  public static final String ACCESS_KEY = "antidote-test";
  public static final String SECRET_KEY = "antidote-test-secret";

  private final Process process;
  private final int port;

  private S3ProxyServer(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /** Starts the server and creates {@code buckets} through the S3 API. */
  public static S3ProxyServer start(Path workDir, List<String> buckets) throws Exception {
    File jar = new File("target/s3proxy/s3proxy.jar");
    if (!jar.isFile()) {
      throw new IllegalStateException(
          jar.getAbsolutePath() + " is missing; the build copies it in generate-test-resources");
    }
    Files.createDirectories(workDir);
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Path props = workDir.resolve("s3proxy.properties");
    Path log = workDir.resolve("s3proxy.log");
    Files.writeString(
        props,
        String.join(
            "\n",
            "s3proxy.endpoint=http://127.0.0.1:" + port,
            "s3proxy.authorization=aws-v2-or-v4",
            "s3proxy.identity=" + ACCESS_KEY,
            "s3proxy.credential=" + SECRET_KEY,
            "jclouds.provider=transient",
            "jclouds.identity=" + ACCESS_KEY,
            "jclouds.credential=" + SECRET_KEY,
            ""));
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p =
        new ProcessBuilder(
                java, "-Xmx512m", "-jar", jar.getAbsolutePath(), "--properties", props.toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    S3ProxyServer server = new S3ProxyServer(p, port);
    long deadline = System.currentTimeMillis() + 60_000;
    while (System.currentTimeMillis() < deadline) {
      if (!p.isAlive()) {
        throw new IllegalStateException("S3Proxy exited: " + Files.readString(log));
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 200);
      } catch (IOException notYet) {
        Thread.sleep(100);
        continue;
      }
      server.createBuckets(buckets);
      return server;
    }
    server.close();
    throw new IllegalStateException("S3Proxy did not listen on port " + port + " within 60 s");
  }

  private void createBuckets(List<String> buckets) {
    AmazonS3 client =
        AmazonS3ClientBuilder.standard()
            .withEndpointConfiguration(
                new AwsClientBuilder.EndpointConfiguration(endpoint(), "us-east-1"))
            .withPathStyleAccessEnabled(true)
            .withCredentials(
                new AWSStaticCredentialsProvider(new BasicAWSCredentials(ACCESS_KEY, SECRET_KEY)))
            .build();
    try {
      buckets.forEach(client::createBucket);
    } finally {
      client.shutdown();
    }
  }

  public String endpoint() {
    return "http://127.0.0.1:" + port;
  }

  /** Points Hadoop's S3A connector at this server: path-style, no TLS, static keys. */
  public void configure(Configuration conf) {
    settings().forEach(conf::set);
  }

  /**
   * {@link #configure}'s Hadoop settings as pairs, for a child JVM ({@code spark.hadoop.KEY=VALUE})
   * or a caller that changes some of them.
   */
  public Map<String, String> settings() {
    Map<String, String> m = new TreeMap<>();
    m.put("fs.s3a.endpoint", endpoint());
    m.put("fs.s3a.path.style.access", "true");
    m.put("fs.s3a.connection.ssl.enabled", "false");
    m.put("fs.s3a.access.key", ACCESS_KEY);
    m.put("fs.s3a.secret.key", SECRET_KEY);
    m.put(
        "fs.s3a.aws.credentials.provider", "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider");
    m.put("fs.s3a.directory.marker.retention", "keep");
    m.put("fs.s3a.change.detection.mode", "none");
    m.put("fs.s3a.attempts.maximum", "3");
    m.put("fs.s3a.retry.limit", "3");
    // One rename per task file instead of two: renames are copies on S3.
    m.put("mapreduce.fileoutputcommitter.algorithm.version", "2");
    return m;
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
