package io.antidote.detect.imagehash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.antidote.testing.FashionMnist;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The pHash math on real pictures: Fashion-MNIST items and the decoder's format fixtures. */
class PerceptualHashTest {
  private static final FashionMnist FASHION = FashionMnist.load();
  private static final int N = 400;

  private static byte[] format(String name) throws IOException {
    try (InputStream in = PerceptualHashTest.class.getResourceAsStream("/images/formats/" + name)) {
      if (in == null) {
        throw new IOException("no test image " + name);
      }
      return in.readAllBytes();
    }
  }

  @Test
  void identicalPicturesHashAlikeAndHexRoundTrips() throws IOException {
    for (int i = 0; i < 50; i++) {
      byte[] png = FASHION.png(i);
      long h = PerceptualHash.of(png);
      assertEquals(0, PerceptualHash.distance(h, PerceptualHash.of(png.clone())));
      assertEquals(h, PerceptualHash.parse(PerceptualHash.hex(h)));
      assertEquals(h, PerceptualHash.parse(PerceptualHash.hex(h).toUpperCase()));
    }
  }

  /** A flat image has only a DC term: one hash, not rounding noise. */
  @Test
  void flatImagesHashToTheDcBitOnly() {
    for (int grey : new int[] {0, 17, 128, 255}) {
      for (int side : new int[] {7, 32, 333}) {
        BufferedImage img = new BufferedImage(side, side + 5, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < side + 5; y++) {
          for (int x = 0; x < side; x++) {
            img.setRGB(x, y, (grey << 16) | (grey << 8) | grey);
          }
        }
        assertEquals(grey == 0 ? 0L : Long.MIN_VALUE, PerceptualHash.of(img), grey + "/" + side);
      }
    }
  }

  /**
   * Every layout the decoder reads (grey, alpha, palette, 16-bit, CMYK JPEG) is the same picture.
   */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "rgba.png",
        "rgba16.png",
        "palette-alpha.png",
        "palette-alpha.gif",
        "rgb.png",
        "rgb16.png",
        "rgb.bmp",
        "rgb.jpg",
        "palette.png",
        "cmyk.jpg",
        "ycck.jpg"
      })
  void everyColourLayoutHashesLikeItsRgbRendering(String name) throws IOException {
    long own = PerceptualHash.of(format(name));
    long reference = PerceptualHash.of(format(name + ".rgb.png"));
    assertTrue(
        PerceptualHash.distance(own, reference) <= 2,
        name + ": " + PerceptualHash.distance(own, reference));
  }

  @Test
  void editedCopiesAreNearAndOtherItemsFar() {
    Random r = new Random(11);
    int jpegNear = 0;
    int resizeNear = 0;
    int cropNear = 0;
    int otherFar = 0;
    int others = 0;
    for (int i = 0; i < N; i++) {
      byte[] png = FASHION.png(i);
      long h = hash(png);
      if (PerceptualHash.distance(h, hash(ImageEdits.jpeg(png, 0.7f + 0.2f * r.nextFloat())))
          <= 10) {
        jpegNear++;
      }
      if (PerceptualHash.distance(
              h, hash(ImageEdits.resize(png, Math.pow(2, -1 + 2 * r.nextDouble()))))
          <= 10) {
        resizeNear++;
      }
      byte[] crop = ImageEdits.crop(png, 0.10 * r.nextDouble(), r.nextDouble(), r.nextDouble());
      long ch = hash(crop);
      int best = 64;
      for (long v : withCrops(png)) {
        best = Math.min(best, PerceptualHash.distance(v, ch));
      }
      if (best <= 10) {
        cropNear++;
      }
      int j = (i * 7 + 13) % FASHION.size();
      if (FashionMnist.kind(FASHION.label(j)) != FashionMnist.kind(FASHION.label(i))) {
        others++;
        if (PerceptualHash.distance(h, hash(FASHION.png(j))) > 10) {
          otherFar++;
        }
      }
    }
    System.out.printf(
        "Fashion-MNIST %d items within 10 bits: jpeg %d, resize %d, crop (via crop hashes) %d;"
            + " other kinds beyond 10 bits %d of %d%n",
        N, jpegNear, resizeNear, cropNear, otherFar, others);
    assertTrue(jpegNear >= 0.98 * N, "re-encoded " + jpegNear);
    assertTrue(resizeNear >= 0.95 * N, "resized " + resizeNear);
    assertTrue(cropNear >= 0.9 * N, "cropped " + cropNear);
    assertEquals(others, otherFar, "items of another kind within the cut");
  }

  @Test
  void badHexIsRefusedWithTheValue() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> PerceptualHash.parse("12g4"));
    assertTrue(e.getMessage().contains("'12g4'") && e.getMessage().contains("16 hex digits"));
    assertThrows(IllegalArgumentException.class, () -> PerceptualHash.parse("0123456789abcdef0"));
  }

  private static long hash(byte[] bytes) {
    try {
      return PerceptualHash.of(bytes);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static long[] withCrops(byte[] bytes) {
    try {
      return PerceptualHash.withCrops(bytes, new double[] {0.04, 0.08});
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
