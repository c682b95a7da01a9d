package io.antidote.embed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.antidote.config.AntidoteConfig;
import io.antidote.config.InvalidConfigException;
import io.antidote.config.SettingsBlock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EmbeddingSettingsTest {

  private static EmbeddingSettings embed(Map<String, String> overrides) {
    return EmbeddingSettings.fromConfig(
        SettingsBlock.of(AntidoteConfig.load(List.of(), overrides), "embed"));
  }

  @Test
  void defaultsAreTheBundledTextModel() {
    EmbeddingSettings s = EmbeddingSettings.defaults();
    assertEquals(EmbeddingSettings.BUNDLED_MINILM, s.modelUri());
    assertEquals(EmbeddingSettings.Modality.TEXT, s.modality());
    assertEquals("OnnxRuntime", s.engine());
    assertEquals(32, s.batchSize());
    assertEquals("text", s.contentColumn());
    assertEquals(
        java.util.Optional.empty(), EmbeddingSettings.tablePath(SettingsBlock.defaults("embed")));
  }

  /** A file of the repository's conf/, which the build puts on the test classpath under conf/. */
  private static java.io.File shippedConf(String name) {
    try (java.io.InputStream in =
        EmbeddingSettingsTest.class.getResourceAsStream("/conf/" + name)) {
      if (in == null) {
        throw new IllegalStateException("conf/" + name + " is not on the test classpath");
      }
      java.nio.file.Path f = java.nio.file.Files.createTempFile("antidote-", "-" + name);
      java.nio.file.Files.copy(in, f, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      f.toFile().deleteOnExit();
      return f.toFile();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void gpuConfLayersOverTheDefaults() {
    com.typesafe.config.Config gpu =
        AntidoteConfig.load(List.of(shippedConf("gpu.conf")), Map.of());
    EmbeddingSettings s = EmbeddingSettings.fromConfig(SettingsBlock.of(gpu, "embed"));
    assertEquals(EmbeddingSettings.DevicePreference.GPU, s.device());
    assertEquals(128, s.batchSize());
    assertEquals("0.25", gpu.getString("spark.conf.\"spark.task.resource.gpu.amount\""));
  }

  @Test
  void readsHocon() {
    Map<String, String> o = new java.util.LinkedHashMap<>();
    o.put("embed.modality", "image");
    o.put("embed.model", "{ uri = \"s3a://models/clip/visual.onnx\", id = clip-vit-b32-visual }");
    o.put("embed.batch-size", "128");
    o.put("embed.device", "gpu");
    o.put("embed.threads-per-predictor", "1");
    o.put(
        "embed.image",
        "{ width = 32, height = 32, resize = stretch, mean = [0.5, 0.5, 0.5],"
            + " std = [0.5, 0.5, 0.5], layout = nhwc }");
    o.put("embed.table", "s3a://b/emb");
    EmbeddingSettings s = embed(o);
    assertEquals(EmbeddingSettings.Modality.IMAGE, s.modality());
    assertEquals("s3a://models/clip/visual.onnx", s.modelUri());
    assertEquals("clip-vit-b32-visual", s.modelId());
    assertEquals(128, s.batchSize());
    assertEquals(EmbeddingSettings.DevicePreference.GPU, s.device());
    assertEquals(EmbeddingSettings.Resize.STRETCH, s.image().resize());
    assertEquals(EmbeddingSettings.Layout.NHWC, s.image().layout());
    assertEquals(List.of(0.5, 0.5, 0.5), s.image().mean());
    assertEquals("image", s.contentColumn());
    assertEquals(
        java.util.Optional.of("s3a://b/emb"),
        EmbeddingSettings.tablePath(SettingsBlock.of(AntidoteConfig.load(List.of(), o), "embed")));
  }

  @Test
  void errorsNameTheFullKeyAndValue() {
    assertMessage("antidote.embed.batch-size", "embed.batch-size", "0");
    assertMessage("antidote.embed.device", "embed.device", "tpu");
    assertMessage("antidote.embed.model.engine", "embed.model.engine", "TensorFlow");
    assertMessage("antidote.embed.batchsize", "embed.batchsize", "10");
    assertMessage("antidote.embed.image.std", "embed.image.std", "[1, 0, 1]");
    assertMessage("antidote.embed.model.uri", "embed.model.uri", "bundled:clip");
    assertMessage("no image model is bundled", "embed.modality", "image");
  }

  private static void assertMessage(String expected, String key, String value) {
    InvalidConfigException e =
        assertThrows(InvalidConfigException.class, () -> embed(Map.of(key, value)));
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }

  @Test
  void modelIdentityIsDerivedFromTheUriAndWeights() {
    ModelIdentity bundled = ModelIdentity.of(EmbeddingSettings.defaults(), java.util.Map.of());
    assertEquals("all-minilm-l6-v2", bundled.modelId());
    assertTrue(
        bundled.modelVersion().startsWith(ModelSource.bundledMiniLmVersion() + ";prep="),
        bundled.modelVersion());
    ModelIdentity tiny =
        ModelIdentity.of(EmbedTestData.tinyImageSettings(true), java.util.Map.of());
    assertEquals("tiny-image-embedder", tiny.modelId());
    assertTrue(tiny.modelVersion().startsWith("sha256:"), tiny.modelVersion());
    ModelIdentity other =
        ModelIdentity.of(
            EmbeddingSettings.defaults().toBuilder().maxTokens(128).build(), java.util.Map.of());
    assertTrue(
        !other.modelVersion().equals(bundled.modelVersion()), "preprocessing changes the version");
    assertEquals("clip-visual", ModelIdentity.defaultId("s3a://bucket/models/clip-visual.onnx"));
    assertEquals("resnet18", ModelIdentity.defaultId("djl://ai.djl.pytorch/resnet18"));
  }
}
