package io.antidote.detect.imagehash;

import io.antidote.embed.RgbImages;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * The edits a host or a campaign makes to a picture without changing what it shows, with the JDK's
 * own encoders and scalers: a JPEG re-encode at a given quality, a resize by a factor (bicubic), a
 * crop of a share of the width and height.
 */
final class ImageEdits {
  private ImageEdits() {}

  static BufferedImage decode(byte[] bytes) {
    try {
      return RgbImages.decode(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The picture as a baseline JPEG at {@code quality} in (0, 1]. */
  static byte[] jpeg(byte[] image, float quality) {
    BufferedImage img = decode(image);
    Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("jpeg");
    ImageWriter w = writers.next();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
      w.setOutput(ios);
      ImageWriteParam p = w.getDefaultWriteParam();
      p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      p.setCompressionQuality(quality);
      w.write(null, new IIOImage(img, null, null), p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      w.dispose();
    }
    return out.toByteArray();
  }

  /** The picture scaled by {@code factor} (bicubic), as PNG. */
  static byte[] resize(byte[] image, double factor) {
    BufferedImage img = decode(image);
    int w = Math.max(1, (int) Math.round(img.getWidth() * factor));
    int h = Math.max(1, (int) Math.round(img.getHeight() * factor));
    return png(draw(img, 0, 0, img.getWidth(), img.getHeight(), w, h));
  }

  /**
   * The picture without {@code share} of its width and height, split between the sides by {@code
   * leftShare} of the cut going to the left and top edges, as PNG.
   */
  static byte[] crop(byte[] image, double share, double leftShare) {
    return crop(image, share, leftShare, leftShare);
  }

  /** As {@link #crop(byte[], double, double)}, the left and top shares of the cut apart. */
  static byte[] crop(byte[] image, double share, double leftShare, double topShare) {
    BufferedImage img = decode(image);
    int cutW = (int) Math.round(img.getWidth() * share);
    int cutH = (int) Math.round(img.getHeight() * share);
    int x0 = (int) Math.round(cutW * leftShare);
    int y0 = (int) Math.round(cutH * topShare);
    int w = img.getWidth() - cutW;
    int h = img.getHeight() - cutH;
    return png(draw(img, x0, y0, w, h, w, h));
  }

  private static BufferedImage draw(
      BufferedImage src, int x0, int y0, int sw, int sh, int w, int h) {
    BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    g.setRenderingHint(
        RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
    g.drawImage(src, 0, 0, w, h, x0, y0, x0 + sw, y0 + sh, null);
    g.dispose();
    return out;
  }

  static byte[] png(BufferedImage img) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(img, "png", out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
