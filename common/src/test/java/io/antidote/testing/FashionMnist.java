package io.antidote.testing;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.zip.GZIPInputStream;
import javax.imageio.ImageIO;

/**
 * The real-image fixture: 2,400 Fashion-MNIST test images (Xiao, Rasul, Vollgraf 2017; 28×28 grey,
 * ten classes of clothing, shoes and bags) from Debian's {@code dataset-fashion-mnist}; see {@code
 * images/make-fashion-mnist-sample.sh}.
 */
public final class FashionMnist {
  public static final int SIDE = 28;

  /** What each label shows, as a caption would name it. */
  public static final List<String> CLASSES =
      List.of(
          "t-shirt",
          "pair of trousers",
          "pullover sweater",
          "dress",
          "coat",
          "sandal",
          "shirt",
          "sneaker",
          "handbag",
          "ankle boot");

  /**
   * Kinds of item: a caption naming another kind is a plain mismatch, not a near miss (shirt vs
   * t-shirt).
   */
  private static final int[] KIND = {0, 1, 0, 0, 0, 2, 0, 2, 3, 2};

  private final byte[] pixels;
  private final byte[] labels;

  private FashionMnist(byte[] pixels, byte[] labels) {
    this.pixels = pixels;
    this.labels = labels;
  }

  public static FashionMnist load() {
    return new FashionMnist(
        gunzip("/images/fashion-mnist-images.bin.gz"),
        gunzip("/images/fashion-mnist-labels.bin.gz"));
  }

  public int size() {
    return labels.length;
  }

  public int label(int i) {
    return labels[i];
  }

  public static int kind(int label) {
    return KIND[label];
  }

  /** Grey level 0..255 of pixel (x, y) of image {@code i}. */
  public int pixel(int i, int x, int y) {
    return pixels[i * SIDE * SIDE + y * SIDE + x] & 0xff;
  }

  /** Image {@code i} as an RGB PNG (r = g = b), as a scraped corpus would hold it. */
  public byte[] png(int i) {
    BufferedImage img = new BufferedImage(SIDE, SIDE, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < SIDE; y++) {
      for (int x = 0; x < SIDE; x++) {
        int g = pixel(i, x, y);
        img.setRGB(x, y, (g << 16) | (g << 8) | g);
      }
    }
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ImageIO.write(img, "png", out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] gunzip(String resource) {
    try (InputStream in = new GZIPInputStream(FashionMnist.class.getResourceAsStream(resource))) {
      return in.readAllBytes();
    } catch (IOException | NullPointerException e) {
      throw new IllegalStateException("test resource " + resource + " missing or unreadable", e);
    }
  }
}
