package io.antidote.embed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.Device;
import io.antidote.testing.S3ProxyServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
  private static S3ProxyServer s3proxy;
  private static Map<String, String> s3a;

  @BeforeAll
  static void startS3Proxy() throws Exception {
    s3proxy = S3ProxyServer.start(tmp, List.of("models"));
    Configuration settings = new Configuration(false);
    s3proxy.configure(settings);
    s3a = new HashMap<>();
    settings.forEach(e -> s3a.put(e.getKey(), e.getValue()));
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
  static void stopS3Proxy() {
    if (s3proxy != null) {
      s3proxy.close();
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
