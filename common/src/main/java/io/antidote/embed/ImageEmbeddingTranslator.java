package io.antidote.embed;

import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.ImageFactory;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.NoBatchifyTranslator;
import ai.djl.translate.TranslatorContext;
import ai.djl.util.PairList;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * Image embeddings: each decoded image is resized ({@link EmbeddingSettings.Resize}), scaled to [0,
 * 1], normalised per channel with the model's mean and std, and laid out as NCHW (or NHWC) float32;
 * the model's output row is the embedding (a [B, D] output as it is, anything larger flattened per
 * row), L2-normalised if asked.
 */
final class ImageEmbeddingTranslator implements NoBatchifyTranslator<EmbeddingBatch, float[][]> {
  private final EmbeddingSettings.ImagePreprocessing prep;
  private final boolean normalize;
  private volatile String inputName;

  ImageEmbeddingTranslator(EmbeddingSettings.ImagePreprocessing prep, boolean normalize) {
    this.prep = prep;
    this.normalize = normalize;
  }

  @Override
  public synchronized void prepare(TranslatorContext ctx) {
    if (inputName != null) {
      return;
    }
    PairList<String, Shape> described = ctx.getModel().describeInput();
    inputName =
        described != null && !described.isEmpty() ? described.get(0).getKey() : "pixel_values";
  }

  @Override
  public NDList processInput(TranslatorContext ctx, EmbeddingBatch input) {
    List<Image> images = ((EmbeddingBatch.Images) input).images();
    int b = images.size();
    int w = prep.width();
    int h = prep.height();
    float[] data = new float[b * 3 * w * h];
    for (int i = 0; i < b; i++) {
      pixels(resize(images.get(i)), data, i * 3 * w * h);
    }
    Shape shape =
        prep.layout() == EmbeddingSettings.Layout.NCHW
            ? new Shape(b, 3, h, w)
            : new Shape(b, h, w, 3);
    NDArray a = ctx.getNDManager().create(data, shape);
    a.setName(inputName);
    return new NDList(a);
  }

  @Override
  public float[][] processOutput(TranslatorContext ctx, NDList list) {
    return Vectors.rows(list.get(0), null, EmbeddingSettings.Pooling.MEAN, normalize);
  }

  Image resize(Image img) {
    int w = prep.width();
    int h = prep.height();
    // DJL's resize copies the image's own type, which fails for TYPE_CUSTOM ("Unknown image type
    // 0"); images from EmbedPartition.decode are RGB already, any other caller's are made so here.
    BufferedImage bi = (BufferedImage) img.getWrappedImage();
    if (bi.getType() != BufferedImage.TYPE_INT_RGB) {
      img = ImageFactory.getInstance().fromImage(RgbImages.toRgb(bi));
    }
    if (img.getWidth() == w && img.getHeight() == h) {
      return img;
    }
    if (prep.resize() == EmbeddingSettings.Resize.STRETCH) {
      return img.resize(w, h, true);
    }
    double scale = Math.max((double) w / img.getWidth(), (double) h / img.getHeight());
    int sw = Math.max(w, (int) Math.round(img.getWidth() * scale));
    int sh = Math.max(h, (int) Math.round(img.getHeight() * scale));
    Image scaled = img.resize(sw, sh, true);
    return scaled.getSubImage((sw - w) / 2, (sh - h) / 2, w, h);
  }

  /** RGB pixels of {@code img}, scaled and normalised, written at {@code offset} in the layout. */
  void pixels(Image img, float[] out, int offset) {
    BufferedImage bi = (BufferedImage) img.getWrappedImage();
    int w = prep.width();
    int h = prep.height();
    int[] argb = bi.getRGB(0, 0, w, h, null, 0, w);
    float[] mean = {
      prep.mean().get(0).floatValue(),
      prep.mean().get(1).floatValue(),
      prep.mean().get(2).floatValue()
    };
    float[] std = {
      prep.std().get(0).floatValue(), prep.std().get(1).floatValue(), prep.std().get(2).floatValue()
    };
    boolean nchw = prep.layout() == EmbeddingSettings.Layout.NCHW;
    int plane = w * h;
    for (int p = 0; p < plane; p++) {
      int px = argb[p];
      float[] rgb = {((px >> 16) & 0xff) / 255f, ((px >> 8) & 0xff) / 255f, (px & 0xff) / 255f};
      for (int c = 0; c < 3; c++) {
        float v = (rgb[c] - mean[c]) / std[c];
        out[offset + (nchw ? c * plane + p : p * 3 + c)] = v;
      }
    }
  }
}
