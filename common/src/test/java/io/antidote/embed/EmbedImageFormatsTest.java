package io.antidote.embed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.modality.cv.Image;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every image layout a corpus may hold embeds like the same picture stored as an RGB PNG. The files
 * under src/test/resources/images/formats/ are one real picture (48x40, with alpha) written by
 * make-formats.sh in each layout, each beside NAME.rgb.png, the same picture as 8-bit RGB with
 * alpha over white, written by ImageMagick: an independent decoder to compare pixels and vectors
 * with.
 */
class EmbedImageFormatsTest {
  private static EmbeddingModel model;

  @BeforeAll
  static void load() {
    model = EmbeddingModel.load(EmbedTestData.tinyImageSettings(false), Device.cpu(), Map.of());
  }

  @AfterAll
  static void close() {
    model.close();
  }

  static byte[] file(String name) throws IOException {
    try (InputStream in =
        EmbedImageFormatsTest.class.getResourceAsStream("/images/formats/" + name)) {
      if (in == null) {
        throw new IOException("no test image " + name);
      }
      return in.readAllBytes();
    }
  }

  /**
   * Decodes to 48x40 RGB, pixels within {@code tolerance} (per channel, out of 255) of
   * ImageMagick's, and embeds to a finite vector that is nearly the reference picture's.
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "rgb.png, 0",
    "rgba.png, 1",
    "grey.png, 0",
    "grey-alpha.png, 1",
    "grey16.png, 1",
    "grey-alpha16.png, 1",
    "grey1.png, 0",
    "rgb16.png, 1",
    "rgba16.png, 1",
    "palette.png, 0",
    "palette-alpha.png, 1",
    "palette-alpha.gif, 1",
    "rgb.bmp, 0",
    "rgb.jpg, 6",
    "grey.jpg, 6",
    "cmyk.jpg, 6",
    "ycck.jpg, 6",
  })
  void decodesAndEmbedsLikeTheRgbPng(String name, int tolerance) throws Exception {
    Image decoded = EmbedPartition.decode(file(name));
    BufferedImage ours = (BufferedImage) decoded.getWrappedImage();
    assertEquals(BufferedImage.TYPE_INT_RGB, ours.getType());
    assertEquals(48, decoded.getWidth());
    assertEquals(40, decoded.getHeight());
    BufferedImage reference = ImageIO.read(new ByteArrayInputStream(file(name + ".rgb.png")));
    int worst = 0;
    for (int y = 0; y < 40; y++) {
      for (int x = 0; x < 48; x++) {
        int a = ours.getRGB(x, y);
        int b = reference.getRGB(x, y);
        for (int shift = 0; shift < 24; shift += 8) {
          worst = Math.max(worst, Math.abs(((a >> shift) & 0xff) - ((b >> shift) & 0xff)));
        }
      }
    }
    assertTrue(worst <= tolerance, name + ": a channel differs from ImageMagick's by " + worst);

    float[][] v =
        model.embed(
            new EmbeddingBatch.Images(
                List.of(decoded, EmbedPartition.decode(file(name + ".rgb.png")))));
    for (float x : v[0]) {
      assertTrue(Float.isFinite(x), Arrays.toString(v[0]));
    }
    double cos = Vectors.cosine(v[0], v[1]);
    assertTrue(cos > 0.999, name + ": cosine to the RGB PNG's vector " + cos);
    double dist = 0;
    double norm = 0;
    for (int i = 0; i < v[0].length; i++) {
      dist += (v[0][i] - v[1][i]) * (v[0][i] - v[1][i]);
      norm += v[1][i] * v[1][i];
    }
    assertTrue(
        Math.sqrt(dist) < 0.02 * Math.sqrt(norm),
        name + ": " + Arrays.toString(v[0]) + " vs " + Arrays.toString(v[1]));
  }

  @Test
  void theColourLayoutsShowTheSamePictureAsTheRgbPng() throws Exception {
    // The colour files were all written from rgb.png: their vectors are close to its vector, not
    // only to their own reference (a CMYK file decoded with pale colours would fail here).
    float[] rgb = embed("rgb.png");
    for (String name : List.of("rgb16.png", "rgba.png", "rgba16.png", "cmyk.jpg", "ycck.jpg")) {
      double cos = Vectors.cosine(rgb, embed(name));
      assertTrue(cos > 0.995, name + ": cosine to rgb.png " + cos);
    }
  }

  @Test
  void alphaIsCompositedOverWhite() throws Exception {
    BufferedImage half = new BufferedImage(4, 4, BufferedImage.TYPE_INT_ARGB);
    for (int y = 0; y < 4; y++) {
      for (int x = 0; x < 4; x++) {
        half.setRGB(x, y, x < 2 ? 0x00000000 : 0x80ff0000);
      }
    }
    BufferedImage rgb =
        (BufferedImage) EmbedPartition.decode(EmbedTestData.encode(half, "png")).getWrappedImage();
    assertEquals(0xffffff, rgb.getRGB(0, 0) & 0xffffff, "transparent is white");
    assertEquals(0xff7f7f, rgb.getRGB(3, 3) & 0xffffff, "half-transparent red is pink");
  }

  private static float[] embed(String name) throws Exception {
    return model.embed(new EmbeddingBatch.Images(List.of(EmbedPartition.decode(file(name)))))[0];
  }
}
