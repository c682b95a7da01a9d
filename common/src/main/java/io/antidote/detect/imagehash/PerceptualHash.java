package io.antidote.detect.imagehash;

import io.antidote.embed.RgbImages;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.Arrays;
import java.util.Locale;

/**
 * The 64-bit DCT perceptual hash (pHash) of an image, the variant of Python's ImageHash ({@code
 * imagehash.phash}, Buchner; after Zauner, "Implementation and Benchmarking of Perceptual Image
 * Hash Functions", 2010), which imagededup's {@code PHash} also follows. Pure math; the Spark glue
 * is {@link ImageHashes}.
 *
 * <p>Exactly: decode through {@link RgbImages} (every ImageIO format and layout, CMYK JPEG, alpha
 * composited over white); grey by ITU-R 601-2 luma {@code 0.299 R + 0.587 G + 0.114 B} (PIL's
 * {@code convert("L")}); resize to 32×32 with a Lanczos-3 filter widened by the scale factor when
 * shrinking (PIL's {@code ANTIALIAS}); 2-D DCT-II; keep the top-left 8×8 (lowest frequencies, DC
 * included); bit = coefficient strictly greater than the median of those 64 coefficients, the DC
 * term included in the median (ImageHash; imagededup excludes DC from the median and tests {@code
 * >=}, which moves at most a few bits). Bits in row-major order of the 8×8 block, coefficient (0,
 * 0) the most significant, so {@link #hex} prints what {@code str(imagehash.phash(img))} prints.
 *
 * <p>Deviations from Python's numbers: grey and resampling stay in double precision (PIL rounds to
 * 8 bits after each pass), and alpha is composited over white where PIL's {@code convert("L")}
 * ignores it (a transparent pixel then counts as whatever colour it stores, often black). So a hash
 * computed here and one computed by ImageHash on the same opaque file differ by a few bits, not
 * zero; use one implementation for a reference column.
 *
 * <p>Assumes near-duplicates keep their low-frequency layout: re-encoding, rescaling, small crops,
 * mild colour changes. It fails on flips, rotations, large crops and overlays that cover much of
 * the picture (the DCT's low frequencies move), and it says nothing about what an image shows: two
 * different sketches on a white page can be a few bits apart.
 */
public final class PerceptualHash {
  /** The bits of a hash. */
  public static final int BITS = 64;

  /** The side of the grey image the DCT runs on (hash side × ImageHash's highfreq_factor 4). */
  static final int SIDE = 32;

  /** The side of the kept low-frequency block. */
  static final int LOW = 8;

  /** Lanczos lobes. */
  private static final double LOBES = 3.0;

  /**
   * Where a crop's cut goes: this share of it to the left (top), the rest to the right (bottom).
   */
  private static final double[] ANCHORS = {0.0, 0.5, 1.0};

  /** COS[k][n] = cos(pi k (2n + 1) / 2N): the DCT-II basis rows for the kept frequencies. */
  private static final double[][] COS = new double[LOW][SIDE];

  static {
    for (int k = 0; k < LOW; k++) {
      for (int n = 0; n < SIDE; n++) {
        COS[k][n] = Math.cos(Math.PI * k * (2 * n + 1) / (2.0 * SIDE));
      }
    }
  }

  private PerceptualHash() {}

  /** The hash of encoded image bytes; throws naming why when they cannot be decoded. */
  public static long of(byte[] encoded) throws IOException {
    return of(RgbImages.decode(encoded));
  }

  /** The hash of a decoded image (any {@link BufferedImage} type; alpha over white). */
  public static long of(BufferedImage image) {
    BufferedImage rgb = RgbImages.toRgb(image);
    int w = rgb.getWidth();
    int h = rgb.getHeight();
    return ofGrey(resize(grey(rgb), w, 0, 0, w, h));
  }

  /**
   * The hash of the image followed by the hashes of its crops: for each share in {@code
   * cropShares}, the image without that share of its width and height, the cut placed at nine
   * anchors (left, centre, right × top, middle, bottom). pHash is fragile under cropping (a 5 %
   * crop of a 64-pixel emoji moves it beyond 10 bits about half the time, since the low frequencies
   * follow the frame), so a crop of an indexed image is found by its distance to the nearest of
   * these crops instead (a crop of up to 10 % at any anchor lands within a few percent of one of
   * them when the shares are 4 % and 8 %).
   */
  public static long[] withCrops(byte[] encoded, double[] cropShares) throws IOException {
    return variants(encoded, cropShares).hashes();
  }

  /**
   * The hashes of {@link #withCrops} and, from the same decode, the {@link ColourThumbnail} of the
   * image and of each crop, in the same order.
   */
  public static Variants variants(byte[] encoded, double[] cropShares) throws IOException {
    BufferedImage rgb = RgbImages.toRgb(RgbImages.decode(encoded));
    int w = rgb.getWidth();
    int h = rgb.getHeight();
    double[] g = grey(rgb);
    int count = 1 + ANCHORS.length * ANCHORS.length * cropShares.length;
    long[] out = new long[count];
    double[] colours = new double[count * ColourThumbnail.VALUES];
    out[0] = ofGrey(resize(g, w, 0, 0, w, h));
    ColourThumbnail.of(rgb, 0, 0, w, h, colours, 0);
    int n = 1;
    for (double share : cropShares) {
      int cutW = (int) Math.round(w * share);
      int cutH = (int) Math.round(h * share);
      for (double ax : ANCHORS) {
        for (double ay : ANCHORS) {
          int x0 = (int) Math.round(cutW * ax);
          int y0 = (int) Math.round(cutH * ay);
          int cw = Math.max(1, w - cutW);
          int ch = Math.max(1, h - cutH);
          out[n] = ofGrey(resize(g, w, x0, y0, cw, ch));
          ColourThumbnail.of(rgb, x0, y0, cw, ch, colours, n * ColourThumbnail.VALUES);
          n++;
        }
      }
    }
    return new Variants(out, colours);
  }

  /**
   * An image's hash and its crops' ({@link #withCrops}), and their colour thumbnails, {@link
   * ColourThumbnail#VALUES} per variant in the same order.
   */
  public record Variants(long[] hashes, double[] colours) {}

  /** The hash of a 32×32 grey image, row-major. */
  static long ofGrey(double[] grey32) {
    double[] low = lowFrequencies(grey32);
    double[] sorted = low.clone();
    Arrays.sort(sorted);
    double median = (sorted[BITS / 2 - 1] + sorted[BITS / 2]) / 2;
    long bits = 0;
    for (int i = 0; i < BITS; i++) {
      if (low[i] > median) {
        bits |= 1L << (BITS - 1 - i);
      }
    }
    return bits;
  }

  /**
   * The top-left 8×8 of the 2-D DCT-II of a 32×32 image, row-major (vertical frequency first), in
   * scipy's unnormalised scale divided by 4 (a common factor, irrelevant to the median test).
   * Coefficients below a relative 1e-9 of the image's energy are set to 0: on a flat image every AC
   * coefficient is 0 up to rounding noise, and without this the noise would decide the bits, so one
   * blank image would hash to many values.
   */
  static double[] lowFrequencies(double[] grey32) {
    // Rows first: t[y][v] = sum_x X[y][x] cos_v(x); then columns: d[u][v] = sum_y cos_u(y) t[y][v].
    double[][] t = new double[SIDE][LOW];
    double energy = 0;
    for (int y = 0; y < SIDE; y++) {
      for (int v = 0; v < LOW; v++) {
        double s = 0;
        for (int x = 0; x < SIDE; x++) {
          s += grey32[y * SIDE + x] * COS[v][x];
        }
        t[y][v] = s;
      }
      for (int x = 0; x < SIDE; x++) {
        energy += Math.abs(grey32[y * SIDE + x]);
      }
    }
    double tiny = 1e-9 * (energy + 1);
    double[] d = new double[LOW * LOW];
    for (int u = 0; u < LOW; u++) {
      for (int v = 0; v < LOW; v++) {
        double s = 0;
        for (int y = 0; y < SIDE; y++) {
          s += COS[u][y] * t[y][v];
        }
        d[u * LOW + v] = Math.abs(s) < tiny ? 0 : s;
      }
    }
    return d;
  }

  /** ITU-R 601-2 luma of each pixel, row-major, in [0, 255]. */
  static double[] grey(BufferedImage rgb) {
    int w = rgb.getWidth();
    int h = rgb.getHeight();
    double[] out = new double[w * h];
    int[] row = new int[w];
    for (int y = 0; y < h; y++) {
      rgb.getRGB(0, y, w, 1, row, 0, w);
      for (int x = 0; x < w; x++) {
        int p = row[x];
        out[y * w + x] =
            (299 * ((p >> 16) & 0xff) + 587 * ((p >> 8) & 0xff) + 114 * (p & 0xff)) / 1000.0;
      }
    }
    return out;
  }

  /**
   * Separable Lanczos-3 resampling of the {@code w}×{@code h} region at ({@code left}, {@code top})
   * of a grey image {@code stride} pixels wide to 32×32, the filter widened by the scale when
   * shrinking so that every source pixel contributes (PIL's antialiased resize; plain point
   * sampling would alias a large image's texture into the low frequencies).
   */
  static double[] resize(double[] grey, int stride, int left, int top, int w, int h) {
    double[][] wx = weights(w);
    int[] x0 = starts(w);
    double[][] wy = weights(h);
    int[] y0 = starts(h);
    double[] horizontal = new double[h * SIDE];
    for (int y = 0; y < h; y++) {
      for (int i = 0; i < SIDE; i++) {
        double s = 0;
        for (int j = 0; j < wx[i].length; j++) {
          s += wx[i][j] * grey[(top + y) * stride + left + x0[i] + j];
        }
        horizontal[y * SIDE + i] = s;
      }
    }
    double[] out = new double[SIDE * SIDE];
    for (int i = 0; i < SIDE; i++) {
      for (int x = 0; x < SIDE; x++) {
        double s = 0;
        for (int j = 0; j < wy[i].length; j++) {
          s += wy[i][j] * horizontal[(y0[i] + j) * SIDE + x];
        }
        out[i * SIDE + x] = s;
      }
    }
    return out;
  }

  /** For each output index along an axis of {@code in} pixels, the first source pixel it reads. */
  private static int[] starts(int in) {
    int[] s = new int[SIDE];
    for (int i = 0; i < SIDE; i++) {
      s[i] = window(in, i)[0];
    }
    return s;
  }

  /** [first, end) source pixels of output {@code i}, PIL's rounding. */
  private static int[] window(int in, int i) {
    double scale = (double) in / SIDE;
    double support = LOBES * Math.max(scale, 1.0);
    double center = (i + 0.5) * scale;
    int first = Math.max(0, (int) (center - support + 0.5));
    int end = Math.min(in, (int) (center + support + 0.5));
    return new int[] {first, end};
  }

  /** Normalised filter weights of each output index along an axis of {@code in} pixels. */
  private static double[][] weights(int in) {
    double scale = (double) in / SIDE;
    double filterScale = Math.max(scale, 1.0);
    double[][] w = new double[SIDE][];
    for (int i = 0; i < SIDE; i++) {
      int[] win = window(in, i);
      double center = (i + 0.5) * scale;
      double[] k = new double[win[1] - win[0]];
      double sum = 0;
      for (int j = 0; j < k.length; j++) {
        k[j] = lanczos((win[0] + j - center + 0.5) / filterScale);
        sum += k[j];
      }
      for (int j = 0; j < k.length; j++) {
        k[j] = sum == 0 ? 1.0 / k.length : k[j] / sum;
      }
      w[i] = k;
    }
    return w;
  }

  private static double lanczos(double x) {
    if (x == 0) {
      return 1;
    }
    if (Math.abs(x) >= LOBES) {
      return 0;
    }
    double px = Math.PI * x;
    return LOBES * Math.sin(px) * Math.sin(px / LOBES) / (px * px);
  }

  /** Hamming distance: the number of bits in which two hashes differ. */
  public static int distance(long a, long b) {
    return Long.bitCount(a ^ b);
  }

  /** 1 - distance / 64: the similarity a near-duplicate edge carries. */
  public static double similarity(int distance) {
    return 1.0 - distance / (double) BITS;
  }

  /** 16 lowercase hex digits, most significant bit first (as ImageHash prints a hash). */
  public static String hex(long hash) {
    return String.format(Locale.ROOT, "%016x", hash);
  }

  /**
   * A hash written as 16 hex digits (either case, as {@link #hex} and ImageHash print it); throws
   * {@link IllegalArgumentException} saying what was expected otherwise.
   */
  public static long parse(String hex) {
    if (hex == null || !hex.matches("[0-9a-fA-F]{16}")) {
      throw new IllegalArgumentException(
          "'"
              + (hex == null ? "null" : hex.length() > 40 ? hex.substring(0, 40) + "…" : hex)
              + "' is not a 64-bit perceptual hash (expected 16 hex digits)");
    }
    return Long.parseUnsignedLong(hex, 16);
  }
}
