package io.antidote.embed;

import ai.djl.Device;
import ai.djl.ModelException;
import ai.djl.inference.Predictor;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.TranslateException;
import ai.djl.translate.Translator;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * One loaded model on one device, shared by every thread of the JVM. DJL predictors are not
 * thread-safe, so each call borrows a predictor from a pool (creating one when all are busy) and
 * returns it; the weights (one ONNX Runtime session) are loaded once. The pool therefore grows to
 * the number of tasks that embed at the same time on this executor and no further.
 */
public final class EmbeddingModel implements AutoCloseable {

  static {
    // Nothing is ever fetched at run time: models come from the bundled jar, file: or Hadoop URIs.
    if (System.getProperty("offline") == null) {
      System.setProperty("offline", "true");
    }
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
  }

  private final ZooModel<EmbeddingBatch, float[][]> model;
  private final TextEmbeddingTranslator textTranslator;
  private final ConcurrentLinkedDeque<Predictor<EmbeddingBatch, float[][]>> idle =
      new ConcurrentLinkedDeque<>();
  private final ConcurrentLinkedDeque<Predictor<EmbeddingBatch, float[][]>> all =
      new ConcurrentLinkedDeque<>();
  private final Device device;
  private volatile boolean closed;

  private EmbeddingModel(
      ZooModel<EmbeddingBatch, float[][]> model,
      TextEmbeddingTranslator textTranslator,
      Device device) {
    this.model = model;
    this.textTranslator = textTranslator;
    this.device = device;
  }

  /** Loads the model of {@code settings} on {@code device}. Prefer {@link ExecutorModels#get}. */
  public static EmbeddingModel load(
      EmbeddingSettings settings, Device device, Map<String, String> hadoopConf) {
    if (System.getProperty("DJL_CACHE_DIR") == null && System.getenv("DJL_CACHE_DIR") == null) {
      // DJL unpacks the tokenizer's native library under ~/.djl.ai by default; executors' home
      // directories are often read-only, so keep it beside the models.
      System.setProperty(
          "DJL_CACHE_DIR",
          ModelSource.cacheDir(settings).resolve("djl").toAbsolutePath().toString());
    }
    ModelSource.LocalModel local = ModelSource.resolve(settings, hadoopConf);
    TextEmbeddingTranslator text = null;
    Translator<EmbeddingBatch, float[][]> translator;
    if (settings.modality() == EmbeddingSettings.Modality.TEXT) {
      text =
          new TextEmbeddingTranslator(
              local.tokenizerPath(),
              settings.maxTokens(),
              settings.pooling(),
              settings.normalize());
      translator = text;
    } else {
      translator = new ImageEmbeddingTranslator(settings.image(), settings.normalize());
    }
    Criteria.Builder<EmbeddingBatch, float[][]> b =
        Criteria.builder()
            .setTypes(EmbeddingBatch.class, float[][].class)
            .optEngine(settings.engine())
            .optDevice(device)
            .optTranslator(translator);
    if (local.djlUrl() != null) {
      b.optModelUrls(local.djlUrl());
    } else {
      b.optModelPath(local.modelPath());
    }
    if (settings.threadsPerPredictor() > 0 && settings.engine().equals("OnnxRuntime")) {
      b.optOption("intraOpNumThreads", Integer.toString(settings.threadsPerPredictor()));
      b.optOption("interOpNumThreads", "1");
    }
    try {
      return new EmbeddingModel(b.build().loadModel(), text, device);
    } catch (ModelException | IOException e) {
      throw new IllegalStateException(
          "cannot load embedding model "
              + settings.modelUri()
              + " with engine "
              + settings.engine()
              + " on "
              + device
              + ": "
              + e.getMessage(),
          e);
    }
  }

  /** Embeds one batch; safe to call from many threads at once. */
  public float[][] embed(EmbeddingBatch batch) throws TranslateException {
    if (closed) {
      throw new IllegalStateException("embedding model " + model.getName() + " is closed");
    }
    Predictor<EmbeddingBatch, float[][]> p = idle.pollFirst();
    if (p == null) {
      p = model.newPredictor();
      all.add(p);
    }
    try {
      return p.predict(batch);
    } finally {
      idle.addFirst(p);
    }
  }

  /**
   * Number of tokens of {@code text} after truncation, or its length in chars for non-text models.
   */
  public int tokenCount(String text) {
    return textTranslator == null ? text.length() : textTranslator.tokenCount(text);
  }

  public Device device() {
    return device;
  }

  /** Predictors created so far (the most that were in use at once). */
  public int predictorCount() {
    return all.size();
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (Predictor<EmbeddingBatch, float[][]> p : all) {
      p.close();
    }
    model.close();
    if (textTranslator != null) {
      textTranslator.close();
    }
  }
}
