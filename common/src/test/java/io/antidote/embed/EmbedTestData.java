package io.antidote.embed;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import javax.imageio.ImageIO;

/** Test resources of the embed package: the tiny image model and its reference output. */
final class EmbedTestData {
  private EmbedTestData() {}

  static Path resource(String name) {
    try {
      return Paths.get(EmbedTestData.class.getResource("/embed/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static byte[] bytes(String name) {
    try (InputStream in = EmbedTestData.class.getResourceAsStream("/embed/" + name)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Settings for the tiny 32x32 test model (preprocessing as in make_tiny_image_model.py). */
  static EmbeddingSettings tinyImageSettings(boolean normalize) {
    return EmbeddingSettings.builder()
        .modality(EmbeddingSettings.Modality.IMAGE)
        .modelUri(resource("tiny-image-embedder.onnx").toUri().toString())
        .normalize(normalize)
        .batchSize(4)
        .image(
            new EmbeddingSettings.ImagePreprocessing(
                32,
                32,
                EmbeddingSettings.Resize.SHORTER_SIDE_CENTER_CROP,
                java.util.List.of(0.5, 0.4, 0.3),
                java.util.List.of(0.25, 0.2, 0.3),
                EmbeddingSettings.Layout.NCHW))
        .build();
  }

  static float[] expectedTinyImageVector() {
    String[] parts =
        new String(bytes("tiny-image-expected.txt"), StandardCharsets.UTF_8).trim().split("\\s+");
    float[] v = new float[parts.length];
    for (int i = 0; i < parts.length; i++) {
      v[i] = Float.parseFloat(parts[i]);
    }
    return v;
  }

  /** A solid-colour (plus a little texture) PNG of the given size. */
  static byte[] png(int w, int h, int rgb, int seed) {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    java.util.Random r = new java.util.Random(seed);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int noise = r.nextInt(16);
        int c =
            (Math.min(255, ((rgb >> 16) & 0xff) + noise) << 16)
                | (Math.min(255, ((rgb >> 8) & 0xff) + noise) << 8)
                | Math.min(255, (rgb & 0xff) + noise);
        img.setRGB(x, y, c);
      }
    }
    return encode(img, "png");
  }

  static byte[] encode(BufferedImage img, String format) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(img, format, out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
