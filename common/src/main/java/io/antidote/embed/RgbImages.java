package io.antidote.embed;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.stream.ImageInputStream;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Image bytes to one pixel layout, 8-bit RGB ({@link BufferedImage#TYPE_INT_RGB}), whatever the
 * file holds: every format ImageIO decodes (PNG, JPEG, GIF, BMP, WBMP, TIFF) in every layout (grey,
 * grey + alpha, palette, 1- to 16-bit samples, RGBA, {@code TYPE_CUSTOM}), and the CMYK and YCCK
 * JPEGs that ImageIO's JPEG reader refuses or misreads. The model then sees the same picture
 * whether a corpus stored it as an RGB PNG or in any of those.
 *
 * <p>Transparency is composited over a fixed white background ({@link #BACKGROUND}), the way a
 * browser shows the image on a default page: a transparent pixel embeds as white, half-transparent
 * red as pink. The choice is fixed so that a picture embeds to the same vector on every run.
 *
 * <p>Public for the perceptual hash ({@code io.antidote.detect.imagehash.PerceptualHash}), which
 * must see the same picture the embedding model sees.
 */
public final class RgbImages {
  /** The background alpha is composited over: white. */
  static final int BACKGROUND = 0xffffff;

  private static final String JPEG_METADATA = "javax_imageio_jpeg_image_1.0";

  private RgbImages() {}

  /** Decodes {@code bytes} to an RGB image; throws naming why when no reader can. */
  public static BufferedImage decode(byte[] bytes) throws IOException {
    if (bytes.length == 0) {
      throw new IOException("empty image bytes");
    }
    try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
      Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
      if (!readers.hasNext()) {
        throw new IOException(
            "not a decodable image ("
                + bytes.length
                + " bytes): no image reader recognises the format");
      }
      ImageReader reader = readers.next();
      try {
        reader.setInput(in, false, false);
        if ("jpeg".equalsIgnoreCase(reader.getFormatName())) {
          IIOMetadata meta = reader.getImageMetadata(0);
          if (frameComponents(meta) == 4) {
            // ImageIO refuses four-channel JPEGs as images, or converts them through a generic
            // CMYK profile that ignores Adobe's inverted samples (pale, wrong colours): decode
            // the samples as they are and convert here.
            return fromInk(reader.readRaster(0, null), adobeTransform(meta));
          }
        }
        BufferedImage img = reader.read(0);
        if (img == null || img.getWidth() <= 0 || img.getHeight() <= 0) {
          throw new IOException("not a decodable image (" + bytes.length + " bytes)");
        }
        return toRgb(img);
      } finally {
        reader.dispose();
      }
    }
  }

  /**
   * {@code img} as {@link BufferedImage#TYPE_INT_RGB}, alpha composited over {@link #BACKGROUND};
   * {@code img} itself when it already is.
   */
  public static BufferedImage toRgb(BufferedImage img) {
    if (img.getType() == BufferedImage.TYPE_INT_RGB) {
      return img;
    }
    int w = img.getWidth();
    int h = img.getHeight();
    BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    int[] rgb = new int[w];
    ColorModel cm = img.getColorModel();
    if (cm instanceof ComponentColorModel
        && cm.getColorSpace().getType() == ColorSpace.TYPE_GRAY
        && cm.getNumColorComponents() == 1) {
      // ImageIO tags grey samples with a linear grey colour space, so getRGB would brighten them
      // through a gamma curve; PNG and JPEG store grey as display values like R = G = B, so scale
      // the raw samples instead (as libpng, browsers and ImageMagick do).
      Raster r = img.getRaster();
      boolean alpha = cm.hasAlpha();
      double greyMax = (1L << cm.getComponentSize(0)) - 1;
      double alphaMax = alpha ? (1L << cm.getComponentSize(1)) - 1 : 1;
      int bands = r.getNumBands();
      int[] px = new int[w * bands];
      for (int y = 0; y < h; y++) {
        r.getPixels(0, y, w, 1, px);
        for (int x = 0; x < w; x++) {
          int g = (int) Math.round(px[x * bands] * 255 / greyMax);
          int a = alpha ? (int) Math.round(px[x * bands + 1] * 255 / alphaMax) : 255;
          if (alpha && cm.isAlphaPremultiplied() && a > 0) {
            g = Math.min(255, Math.round(g * 255f / a));
          }
          rgb[x] = (over(g, a, 16) << 16) | (over(g, a, 8) << 8) | over(g, a, 0);
        }
        out.setRGB(0, y, w, 1, rgb, 0, w);
      }
      return out;
    }
    // Every other colour model (palette, packed, 8/16-bit RGB(A), TYPE_CUSTOM) converts itself to
    // non-premultiplied sRGB ARGB.
    for (int y = 0; y < h; y++) {
      img.getRGB(0, y, w, 1, rgb, 0, w);
      for (int x = 0; x < w; x++) {
        int p = rgb[x];
        int a = p >>> 24;
        rgb[x] =
            a == 255
                ? p & 0xffffff
                : (over((p >> 16) & 0xff, a, 16) << 16)
                    | (over((p >> 8) & 0xff, a, 8) << 8)
                    | over(p & 0xff, a, 0);
      }
      out.setRGB(0, y, w, 1, rgb, 0, w);
    }
    return out;
  }

  /**
   * Channel value {@code c} with alpha {@code a} over the background's channel at {@code shift}.
   */
  private static int over(int c, int a, int shift) {
    int bg = (BACKGROUND >> shift) & 0xff;
    return (c * a + bg * (255 - a) + 127) / 255;
  }

  /**
   * RGB from the four 8-bit samples of a CMYK or YCCK JPEG, by the naive (profile-free) formula R =
   * (1 - C)(1 - K) that ImageMagick and browsers use without a colour profile. With an Adobe APP14
   * marker the samples are stored inverted (Photoshop's convention, which libjpeg and Pillow
   * follow); transform 2 means they were stored as YCbCr of the inverted C, M, Y plus K.
   */
  static BufferedImage fromInk(Raster r, int adobeTransform) {
    int w = r.getWidth();
    int h = r.getHeight();
    boolean inverted = adobeTransform >= 0;
    boolean ycck = adobeTransform == 2;
    BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    int[] px = new int[w * 4];
    int[] rgb = new int[w];
    for (int y = 0; y < h; y++) {
      r.getPixels(r.getMinX(), r.getMinY() + y, w, 1, px);
      for (int x = 0; x < w; x++) {
        double c0 = px[x * 4];
        double c1 = px[x * 4 + 1];
        double c2 = px[x * 4 + 2];
        double k = px[x * 4 + 3];
        if (ycck) {
          // YCbCr -> "RGB" (JFIF equations), which is 255 minus the stored C, M, Y.
          double yy = c0;
          double cb = c1 - 128;
          double cr = c2 - 128;
          c0 = 255 - clamp(yy + 1.402 * cr);
          c1 = 255 - clamp(yy - 0.344136 * cb - 0.714136 * cr);
          c2 = 255 - clamp(yy + 1.772 * cb);
        }
        // Stored inverted, a sample is already 255 - ink; otherwise invert it here.
        double keep = inverted ? k : 255 - k;
        int red = (int) Math.round((inverted ? c0 : 255 - c0) * keep / 255);
        int green = (int) Math.round((inverted ? c1 : 255 - c1) * keep / 255);
        int blue = (int) Math.round((inverted ? c2 : 255 - c2) * keep / 255);
        rgb[x] = (red << 16) | (green << 8) | blue;
      }
      out.setRGB(0, y, w, 1, rgb, 0, w);
    }
    return out;
  }

  private static double clamp(double v) {
    return Math.max(0, Math.min(255, v));
  }

  /** The number of components in the JPEG's frame header, or -1 if the metadata does not say. */
  private static int frameComponents(IIOMetadata meta) {
    NodeList sof = jpegTree(meta).getElementsByTagName("sof");
    if (sof.getLength() == 0) {
      return -1;
    }
    String n = ((Element) sof.item(0)).getAttribute("numFrameComponents");
    return n.isEmpty() ? -1 : Integer.parseInt(n);
  }

  /** The Adobe APP14 marker's transform (0 CMYK, 2 YCCK), or -1 when there is no such marker. */
  private static int adobeTransform(IIOMetadata meta) {
    NodeList adobe = jpegTree(meta).getElementsByTagName("app14Adobe");
    if (adobe.getLength() == 0) {
      return -1;
    }
    String t = ((Element) adobe.item(0)).getAttribute("transform");
    return t.isEmpty() ? 0 : Integer.parseInt(t);
  }

  private static Element jpegTree(IIOMetadata meta) {
    return (Element) meta.getAsTree(JPEG_METADATA);
  }
}
