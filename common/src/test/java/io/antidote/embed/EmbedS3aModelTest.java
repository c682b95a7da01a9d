package io.antidote.embed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model given by an {@code s3a:} URI is downloaded once into the local cache through Hadoop's S3A
 * file system, from a real S3 API server (S3Proxy, filesystem backend, run as a child process on
 * 127.0.0.1).
 */
class EmbedS3aModelTest {
  @TempDir static Path tmp;
  private static Process s3proxy;
  private static Map<String, String> s3a;

  @BeforeAll
  static void startS3Proxy() throws Exception {
    Path jar = Paths.get("target", "s3proxy", "s3proxy.jar").toAbsolutePath();
    assertTrue(
        Files.isRegularFile(jar),
        "S3Proxy jar missing at " + jar + " (copied at generate-test-resources)");
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Path data = Files.createDirectories(tmp.resolve("s3data"));
    Files.createDirectories(data.resolve("models"));
    Path props = tmp.resolve("s3proxy.properties");
    Files.writeString(
        props,
        String.join(
            "\n",
            "s3proxy.endpoint=http://127.0.0.1:" + port,
            "s3proxy.authorization=aws-v2-or-v4",
            "s3proxy.identity=test-identity",
            "s3proxy.credential=test-credential",
            "jclouds.provider=filesystem",
            "jclouds.filesystem.basedir=" + data,
            ""));
    s3proxy =
        new ProcessBuilder("java", "-jar", jar.toString(), "--properties", props.toString())
            .redirectErrorStream(true)
            .redirectOutput(tmp.resolve("s3proxy.log").toFile())
            .start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) {
      try (Socket ignored = new Socket("127.0.0.1", port)) {
        break;
      } catch (IOException e) {
        if (System.nanoTime() > deadline || !s3proxy.isAlive()) {
          throw new IllegalStateException(
              "S3Proxy did not start: " + Files.readString(tmp.resolve("s3proxy.log")));
        }
        Thread.sleep(100);
      }
    }
    s3a = new HashMap<>();
    s3a.put("fs.s3a.endpoint", "http://127.0.0.1:" + port);
    s3a.put("fs.s3a.access.key", "test-identity");
    s3a.put("fs.s3a.secret.key", "test-credential");
    s3a.put("fs.s3a.path.style.access", "true");
    s3a.put("fs.s3a.connection.ssl.enabled", "false");
    s3a.put("fs.s3a.directory.marker.retention", "keep");
    s3a.put(
        "fs.s3a.aws.credentials.provider", "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider");
    s3a.put("fs.s3a.attempts.maximum", "1");
    s3a.put("fs.s3a.retry.limit", "1");
    Configuration conf = new Configuration();
    s3a.forEach(conf::set);
    org.apache.hadoop.fs.Path dst =
        new org.apache.hadoop.fs.Path("s3a://models/tiny/tiny-image-embedder.onnx");
    try (FileSystem fs = FileSystem.newInstance(dst.toUri(), conf)) {
      fs.copyFromLocalFile(
          new org.apache.hadoop.fs.Path(EmbedTestData.resource("tiny-image-embedder.onnx").toUri()),
          dst);
    }
  }

  @AfterAll
  static void stopS3Proxy() throws Exception {
    if (s3proxy != null) {
      s3proxy.destroy();
      s3proxy.waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void s3aModelIsDownloadedOnceAndEmbedsLikeTheLocalFile() throws Exception {
    Path cache = tmp.resolve("cache");
    EmbeddingSettings local = EmbedTestData.tinyImageSettings(false);
    EmbeddingSettings remote =
        local.toBuilder()
            .modelUri("s3a://models/tiny/tiny-image-embedder.onnx")
            .cacheDir(cache.toString())
            .build();
    ModelIdentity remoteId = ModelIdentity.of(remote, s3a);
    ModelIdentity localId = ModelIdentity.of(local, Map.of());
    assertEquals("tiny-image-embedder", remoteId.modelId());
    assertEquals(localId.modelVersion(), remoteId.modelVersion(), "same weights, same version");
    try (EmbeddingModel model = EmbeddingModel.load(remote, Device.cpu(), s3a)) {
      float[] v =
          model
              .embed(
                  new EmbeddingBatch.Images(
                      List.of(EmbedPartition.decode(EmbedTestData.bytes("tiny-image.png")))))[0];
      assertArrayEquals(EmbedTestData.expectedTinyImageVector(), v, 1e-4f);
    }
    try (var files = Files.walk(cache)) {
      assertEquals(
          1,
          files.filter(p -> p.getFileName().toString().equals("tiny-image-embedder.onnx")).count());
    }
  }
}
