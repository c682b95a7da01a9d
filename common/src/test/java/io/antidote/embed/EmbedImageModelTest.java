package io.antidote.embed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.modality.cv.Image;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The DJL image path (decode, resize, normalise, NCHW, ONNX Runtime) on a small real ONNX model
 * built offline by src/test/resources/embed/make_tiny_image_model.py, checked against the output
 * numpy computes for the same image.
 */
class EmbedImageModelTest {
  private static EmbeddingModel raw;

  @BeforeAll
  static void load() {
    raw = EmbeddingModel.load(EmbedTestData.tinyImageSettings(false), Device.cpu(), Map.of());
  }

  @AfterAll
  static void close() {
    raw.close();
  }

  private static float[] embed(byte[] bytes) throws Exception {
    return raw.embed(new EmbeddingBatch.Images(List.of(EmbedPartition.decode(bytes))))[0];
  }

  @Test
  void matchesNumpyReference() throws Exception {
    float[] ours = embed(EmbedTestData.bytes("tiny-image.png"));
    assertArrayEquals(EmbedTestData.expectedTinyImageVector(), ours, 1e-4f, Arrays.toString(ours));
  }

  @Test
  void resizesLargerImagesAndBatchesMixedSizes() throws Exception {
    byte[] small = EmbedTestData.bytes("tiny-image.png");
    BufferedImage src = ImageIO.read(new ByteArrayInputStream(small));
    // 2x nearest-neighbour upscale with a 16-pixel border: centre crop + downscale sees the same
    // picture.
    BufferedImage big = new BufferedImage(64, 96, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 96; y++) {
      for (int x = 0; x < 64; x++) {
        int sy = (y - 16) / 2;
        big.setRGB(x, y, sy >= 0 && sy < 32 ? src.getRGB(x / 2, sy) : 0x808080);
      }
    }
    Image a = EmbedPartition.decode(small);
    Image b = EmbedPartition.decode(EmbedTestData.encode(big, "png"));
    float[][] both = raw.embed(new EmbeddingBatch.Images(List.of(a, b)));
    double cos = Vectors.cosine(both[0], both[1]);
    assertTrue(cos > 0.98, "cosine of the image and its 2x upscale: " + cos);
    float[] red = embed(EmbedTestData.png(32, 32, 0xd02020, 1));
    float[] red2 = embed(EmbedTestData.png(32, 32, 0xd02020, 2));
    float[] blue = embed(EmbedTestData.png(32, 32, 0x2020d0, 1));
    assertTrue(Vectors.cosine(red, red2) > Vectors.cosine(red, blue) + 0.05, "red~red vs red~blue");
  }

  @Test
  void corruptBytesFailDecodingWithAReason() {
    byte[] png = EmbedTestData.bytes("tiny-image.png");
    IOException e =
        assertThrows(IOException.class, () -> EmbedPartition.decode(Arrays.copyOf(png, 40)));
    assertTrue(e.getMessage() != null && !e.getMessage().isBlank());
    assertThrows(IOException.class, () -> EmbedPartition.decode("not an image".getBytes()));
    assertThrows(IOException.class, () -> EmbedPartition.decode(new byte[0]));
  }

  @Test
  void normalisedVectorsHaveUnitLength() throws Exception {
    try (EmbeddingModel unit =
        EmbeddingModel.load(EmbedTestData.tinyImageSettings(true), Device.cpu(), Map.of())) {
      float[] v =
          unit.embed(
                  new EmbeddingBatch.Images(
                      List.of(EmbedPartition.decode(EmbedTestData.bytes("tiny-image.png")))))[0];
      double ss = 0;
      for (float x : v) ss += x * x;
      assertEquals(1.0, ss, 1e-5);
      assertEquals(16, v.length);
    }
  }
}
