package io.antidote.detect.imagehash;

import java.awt.image.BufferedImage;

/**
 * A 2×2 RGB thumbnail (the mean colour of each quarter, 12 values in [0, 255]) that confirms a
 * pHash match. pHash is computed on grey luma, so pictures that differ only in colour hash alike:
 * on the demo's 240 emoji, 29 pairs of different pictures are within 10 bits (same-layout country
 * flags, one heart in red and in blue 4 bits apart). Comparing colour at a coarse grid is the
 * colour-layout idea of MPEG-7's Colour Layout Descriptor (Kasutani and Yamada, ICIP 2001), cut
 * down to four cells so that re-encoding and resampling barely move it.
 *
 * <p>Distance: the mean absolute difference of the 12 values, the least over the crop variants of
 * either image against the other's own thumbnail (the crops {@link PerceptualHash#variants}
 * hashes), since a crop shifts the quarters. Measured on the demo emoji and Fashion-MNIST with
 * planted copies: JPEG at quality 0.7-0.9 at most 2.7, resized 0.5-2× at most 4.5, cropped up to 10
 * % at most 18.8; the cut 24 leaves 12 of the 29 look-alike emoji pairs (flags and coloured hearts
 * sit at 40-90). Assumes a copy keeps its colours: a recoloured copy (a colour filter, grey
 * conversion) is no edge, and same-colour look-alikes (two yellow faces) are not told apart.
 */
public final class ColourThumbnail {
  /** Cells per side. */
  static final int SIDE = 2;

  /** Values per thumbnail: cells × RGB. */
  public static final int VALUES = SIDE * SIDE * 3;

  private ColourThumbnail() {}

  /** The thumbnail of the {@code w}×{@code h} region at ({@code left}, {@code top}), appended. */
  static void of(BufferedImage rgb, int left, int top, int w, int h, double[] out, int at) {
    double[] sum = new double[VALUES];
    long[] pixels = new long[SIDE * SIDE];
    int[] row = new int[w];
    for (int y = 0; y < h; y++) {
      rgb.getRGB(left, top + y, w, 1, row, 0, w);
      int cy = Math.min(SIDE - 1, y * SIDE / h);
      for (int x = 0; x < w; x++) {
        int c = cy * SIDE + Math.min(SIDE - 1, x * SIDE / w);
        int p = row[x];
        sum[3 * c] += (p >> 16) & 0xff;
        sum[3 * c + 1] += (p >> 8) & 0xff;
        sum[3 * c + 2] += p & 0xff;
        pixels[c]++;
      }
    }
    for (int c = 0; c < SIDE * SIDE; c++) {
      for (int k = 0; k < 3; k++) {
        out[at + 3 * c + k] = pixels[c] == 0 ? 0 : sum[3 * c + k] / pixels[c];
      }
    }
  }

  /**
   * The colour distance of two images, each given as its own thumbnail followed by its crops'
   * ({@link #VALUES} per variant): the least mean absolute difference between one image's own
   * thumbnail and any variant of the other's, in [0, 255].
   */
  public static double distance(double[] a, double[] b) {
    return Math.min(nearest(a, b), nearest(b, a));
  }

  /** The least distance of {@code own}'s first thumbnail to any thumbnail of {@code variants}. */
  private static double nearest(double[] own, double[] variants) {
    double best = Double.MAX_VALUE;
    for (int v = 0; v + VALUES <= variants.length; v += VALUES) {
      double s = 0;
      for (int i = 0; i < VALUES; i++) {
        s += Math.abs(own[i] - variants[v + i]);
      }
      best = Math.min(best, s / VALUES);
    }
    return best;
  }
}
