package io.antidote.embed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import java.util.List;
import org.junit.jupiter.api.Test;

class EmbeddingSettingsTest {

  @Test
  void defaultsAreTheBundledTextModel() {
    EmbeddingSettings s = EmbeddingSettings.defaults();
    assertEquals(EmbeddingSettings.BUNDLED_MINILM, s.modelUri());
    assertEquals(EmbeddingSettings.Modality.TEXT, s.modality());
    assertEquals("OnnxRuntime", s.engine());
    assertEquals(32, s.batchSize());
    assertEquals("text", s.contentColumn());
    assertEquals(EmbeddingSettings.defaults(), EmbeddingSettings.fromConfig(ConfigFactory.empty()));
  }

  @Test
  void proposedReferenceBlockIsTheDefaults() {
    com.typesafe.config.Config block =
        ConfigFactory.parseResources("embed/embed-reference.conf").getConfig("embed");
    assertEquals(EmbeddingSettings.defaults(), EmbeddingSettings.fromConfig(block));
    assertEquals(java.util.Optional.empty(), EmbeddingSettings.tablePath(block));
  }

  @Test
  void gpuConfLayersOverTheDefaults() {
    com.typesafe.config.Config gpu =
        ConfigFactory.parseResources(
                "conf/gpu.conf", ConfigParseOptions.defaults().setAllowMissing(false))
            .withFallback(
                ConfigFactory.parseResources("embed/embed-reference.conf").atKey("antidote"))
            .resolve();
    EmbeddingSettings s = EmbeddingSettings.fromConfig(gpu.getConfig("antidote.embed"));
    assertEquals(EmbeddingSettings.DevicePreference.GPU, s.device());
    assertEquals(128, s.batchSize());
    assertEquals("0.25", gpu.getString("antidote.spark.conf.\"spark.task.resource.gpu.amount\""));
  }

  @Test
  void readsHocon() {
    EmbeddingSettings s =
        EmbeddingSettings.fromConfig(
            ConfigFactory.parseString(
                "modality = image\n"
                    + "model { uri = \"s3a://models/clip/visual.onnx\", id = clip-vit-b32-visual,"
                    + " version = \"openai-2021\" }\n"
                    + "batch-size = 128\n"
                    + " device = gpu\n"
                    + " threads-per-predictor = 1\n"
                    + "image { width = 32, height = 32, resize = stretch, mean = [0.5, 0.5, 0.5],"
                    + " std = [0.5, 0.5, 0.5], layout = nhwc }"));
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
        java.util.Optional.empty(),
        EmbeddingSettings.tablePath(ConfigFactory.parseString("table = \"\"")));
    assertEquals(
        java.util.Optional.of("s3a://b/emb"),
        EmbeddingSettings.tablePath(ConfigFactory.parseString("table = \"s3a://b/emb\"")));
  }

  @Test
  void errorsNameTheKeyAndValue() {
    assertMessage("embed.batch-size = 0", "batch-size = 0");
    assertMessage("embed.device = tpu", "device = tpu");
    assertMessage("embed.model.engine = TensorFlow", "model.engine = TensorFlow");
    assertMessage("embed.batchsize", "batchsize = 10");
    assertMessage("embed.image.std", "image.std = [1, 0, 1]");
    assertMessage("embed.model.uri = bundled:clip", "model.uri = \"bundled:clip\"");
    assertMessage("no image model is bundled", "modality = image");
  }

  private static void assertMessage(String expected, String hocon) {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> EmbeddingSettings.fromConfig(ConfigFactory.parseString(hocon)));
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
