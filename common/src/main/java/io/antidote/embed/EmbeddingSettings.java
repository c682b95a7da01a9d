package io.antidote.embed;

import com.typesafe.config.Config;
import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/**
 * Settings of the embed stage: which model, how inputs are prepared, how rows are batched and where
 * the predictor runs. Plain and serializable so the Spark closure carries it to executors; {@link
 * #fromConfig(Config)} reads the HOCON {@code embed { ... }} section and every check names the key
 * and the value it rejected.
 *
 * @param modality which corpus column is embedded: {@code text} or {@code image}
 * @param modelUri {@code bundled:all-minilm-l6-v2}, {@code file:}, {@code s3a:} (or any Hadoop file
 *     system scheme), or {@code djl:} model-zoo URL
 * @param modelId id written to the embedding table; empty = derived from the URI
 * @param modelVersion version written to the embedding table; empty = derived from the weights
 * @param tokenizerUri tokenizer.json for text models; empty = bundled / beside the model
 * @param engine DJL engine name, {@code OnnxRuntime} or {@code PyTorch} (TorchScript)
 * @param batchSize rows per predictor call
 * @param sortWindowBatches rows are sorted by length within windows of this many batches (1 = off)
 * @param maxTokens text longer than this many tokens is truncated
 * @param pooling how token vectors become one vector ({@code mean} or {@code cls}); ignored when
 *     the model already outputs one vector per row
 * @param normalize L2-normalise the output vectors
 * @param device {@code auto} (the GPU Spark assigned, else CPU), {@code cpu}, or {@code gpu}
 * @param threadsPerPredictor ONNX Runtime intra-op threads per predictor; 0 = in a Spark task on
 *     CPU the task's cores ({@code spark.task.cpus}), elsewhere the runtime's default
 * @param cacheDir local directory for extracted and downloaded models; empty = java.io.tmpdir
 * @param image image decoding and preprocessing
 */
public record EmbeddingSettings(
    Modality modality,
    String modelUri,
    String modelId,
    String modelVersion,
    String tokenizerUri,
    String engine,
    int batchSize,
    int sortWindowBatches,
    int maxTokens,
    Pooling pooling,
    boolean normalize,
    DevicePreference device,
    int threadsPerPredictor,
    String cacheDir,
    ImagePreprocessing image)
    implements Serializable {

  public static final String BUNDLED_MINILM = "bundled:all-minilm-l6-v2";
  public static final int MAX_BATCH_SIZE = 4096;

  public enum Modality {
    TEXT,
    IMAGE
  }

  public enum Pooling {
    MEAN,
    CLS
  }

  public enum DevicePreference {
    AUTO,
    CPU,
    GPU
  }

  public enum Resize {
    /** Scale to exactly width x height, ignoring the aspect ratio. */
    STRETCH,
    /** Scale the shorter side to the target, then crop the centre (CLIP's preprocessing). */
    SHORTER_SIDE_CENTER_CROP
  }

  public enum Layout {
    NCHW,
    NHWC
  }

  /**
   * How an image becomes the model's input tensor: decoded to RGB, resized, scaled to [0, 1], then
   * {@code (x - mean[c]) / std[c]} per channel. Defaults are CLIP ViT-B/32's.
   */
  public record ImagePreprocessing(
      int width, int height, Resize resize, List<Double> mean, List<Double> std, Layout layout)
      implements Serializable {
    public ImagePreprocessing {
      mean = List.copyOf(mean);
      std = List.copyOf(std);
    }

    void validate() {
      require(width >= 1 && width <= 8192, "embed.image.width", width, "1..8192");
      require(height >= 1 && height <= 8192, "embed.image.height", height, "1..8192");
      require(mean.size() == 3, "embed.image.mean", mean, "3 numbers (R, G, B)");
      require(std.size() == 3, "embed.image.std", std, "3 numbers (R, G, B)");
      for (double s : std) {
        require(s > 0, "embed.image.std", std, "positive numbers");
      }
      Objects.requireNonNull(resize, "embed.image.resize");
      Objects.requireNonNull(layout, "embed.image.layout");
    }
  }

  public EmbeddingSettings {
    Objects.requireNonNull(modality, "embed.modality");
    Objects.requireNonNull(pooling, "embed.pooling");
    Objects.requireNonNull(device, "embed.device");
    Objects.requireNonNull(image, "embed.image");
    modelUri = modelUri == null ? "" : modelUri.trim();
    modelId = modelId == null ? "" : modelId.trim();
    modelVersion = modelVersion == null ? "" : modelVersion.trim();
    tokenizerUri = tokenizerUri == null ? "" : tokenizerUri.trim();
    engine = engine == null ? "" : engine.trim();
    cacheDir = cacheDir == null ? "" : cacheDir.trim();
    require(!modelUri.isEmpty(), "embed.model.uri", modelUri, "a model URI");
    require(
        ModelSource.isKnownScheme(modelUri),
        "embed.model.uri",
        modelUri,
        "bundled:all-minilm-l6-v2, file:, s3a: (or another Hadoop scheme), or djl:");
    require(
        !modelUri.startsWith("bundled:") || modelUri.equals(BUNDLED_MINILM),
        "embed.model.uri",
        modelUri,
        BUNDLED_MINILM + " (the only bundled model)");
    require(
        !(modality == Modality.IMAGE && modelUri.equals(BUNDLED_MINILM)),
        "embed.model.uri",
        modelUri,
        "an image model URI when embed.modality = image (no image model is bundled)");
    require(
        engine.equals("OnnxRuntime") || engine.equals("PyTorch"),
        "embed.model.engine",
        engine,
        "OnnxRuntime or PyTorch");
    require(
        batchSize >= 1 && batchSize <= MAX_BATCH_SIZE,
        "embed.batch-size",
        batchSize,
        "1.." + MAX_BATCH_SIZE);
    require(
        sortWindowBatches >= 1 && sortWindowBatches <= 1024,
        "embed.sort-window-batches",
        sortWindowBatches,
        "1..1024 (1 = no sorting)");
    require(maxTokens >= 2 && maxTokens <= 8192, "embed.max-tokens", maxTokens, "2..8192");
    require(
        threadsPerPredictor >= 0 && threadsPerPredictor <= 256,
        "embed.threads-per-predictor",
        threadsPerPredictor,
        "0..256 (0 = runtime default)");
    image.validate();
  }

  /** reference.conf's {@code antidote.embed}: for tests, benchmarks and the embed command. */
  public static EmbeddingSettings defaults() {
    return fromConfig(io.antidote.config.SettingsBlock.defaults("embed"));
  }

  /** A builder that starts from {@link #defaults()}. */
  public static Builder builder() {
    return defaults().toBuilder();
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    b.modality = modality;
    b.modelUri = modelUri;
    b.modelId = modelId;
    b.modelVersion = modelVersion;
    b.tokenizerUri = tokenizerUri;
    b.engine = engine;
    b.batchSize = batchSize;
    b.sortWindowBatches = sortWindowBatches;
    b.maxTokens = maxTokens;
    b.pooling = pooling;
    b.normalize = normalize;
    b.device = device;
    b.threadsPerPredictor = threadsPerPredictor;
    b.cacheDir = cacheDir;
    b.image = image;
    return b;
  }

  /** The corpus column this stage embeds. */
  public String contentColumn() {
    return modality == Modality.TEXT
        ? io.antidote.corpus.CorpusSchema.TEXT
        : io.antidote.corpus.CorpusSchema.IMAGE;
  }

  // ---- HOCON ------------------------------------------------------------------------------------

  /**
   * Reads an {@code embed}-shaped block (the {@code antidote.embed} block, or an alignment tower
   * merged over its runtime keys). Every key comes from the merged configuration, so every default
   * is reference.conf's; errors name the full key.
   */
  public static EmbeddingSettings fromConfig(io.antidote.config.SettingsBlock embed) {
    io.antidote.config.SettingsBlock model = embed.block("model");
    io.antidote.config.SettingsBlock image = embed.block("image");
    Builder b = new Builder();
    b.modality(embed.enumValue("modality", Modality.class));
    b.modelUri(model.string("uri"));
    b.modelId(model.string("id"));
    b.modelVersion(model.string("version"));
    b.tokenizerUri(model.string("tokenizer"));
    b.engine(model.string("engine"));
    b.batchSize(embed.integer("batch-size", 1, MAX_BATCH_SIZE));
    b.sortWindowBatches(embed.integer("sort-window-batches", 1, 1024));
    b.maxTokens(embed.integer("max-tokens", 2, 8192));
    b.pooling(embed.enumValue("pooling", Pooling.class));
    b.normalize(embed.bool("normalize"));
    b.device(embed.enumValue("device", DevicePreference.class));
    b.threadsPerPredictor(embed.integer("threads-per-predictor", 0, 256));
    b.cacheDir(embed.string("cache-dir"));
    b.image(
        new ImagePreprocessing(
            image.integer("width", 1, 8192),
            image.integer("height", 1, 8192),
            image.enumValue("resize", Resize.class),
            image.numberList("mean"),
            image.numberList("std"),
            image.enumValue("layout", Layout.class)));
    try {
      return b.build();
    } catch (io.antidote.config.InvalidConfigException e) {
      // The record names keys as antidote.embed.*; a tower block lives elsewhere.
      String key = e.key().replaceFirst("^antidote\\.embed\\.", "");
      throw new io.antidote.config.InvalidConfigException(
          embed.key(key), e.getMessage().replaceFirst("^configuration key '[^']*': ", ""));
    }
  }

  /**
   * The embedding table's location from the {@code embed} block's {@code table} key; empty when
   * blank (the job then uses its default under the output root).
   */
  public static java.util.Optional<String> tablePath(io.antidote.config.SettingsBlock embed) {
    String t = embed.string("table");
    return t.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(t);
  }

  static void require(boolean ok, String key, Object value, String expected) {
    if (!ok) {
      throw new io.antidote.config.InvalidConfigException(
          "antidote." + key, "'" + value + "': expected " + expected);
    }
  }

  /** Fluent builder; {@link #build()} validates. */
  public static final class Builder {
    private Modality modality;
    private String modelUri;
    private String modelId;
    private String modelVersion;
    private String tokenizerUri;
    private String engine;
    private int batchSize;
    private int sortWindowBatches;
    private int maxTokens;
    private Pooling pooling;
    private boolean normalize;
    private DevicePreference device;
    private int threadsPerPredictor;
    private String cacheDir;
    private ImagePreprocessing image;

    private Builder() {}

    public Builder modality(Modality v) {
      modality = v;
      return this;
    }

    public Builder modelUri(String v) {
      modelUri = v;
      return this;
    }

    public Builder modelId(String v) {
      modelId = v;
      return this;
    }

    public Builder modelVersion(String v) {
      modelVersion = v;
      return this;
    }

    public Builder tokenizerUri(String v) {
      tokenizerUri = v;
      return this;
    }

    public Builder engine(String v) {
      engine = v;
      return this;
    }

    public Builder batchSize(int v) {
      batchSize = v;
      return this;
    }

    public Builder sortWindowBatches(int v) {
      sortWindowBatches = v;
      return this;
    }

    public Builder maxTokens(int v) {
      maxTokens = v;
      return this;
    }

    public Builder pooling(Pooling v) {
      pooling = v;
      return this;
    }

    public Builder normalize(boolean v) {
      normalize = v;
      return this;
    }

    public Builder device(DevicePreference v) {
      device = v;
      return this;
    }

    public Builder threadsPerPredictor(int v) {
      threadsPerPredictor = v;
      return this;
    }

    public Builder cacheDir(String v) {
      cacheDir = v;
      return this;
    }

    public Builder image(ImagePreprocessing v) {
      image = v;
      return this;
    }

    public EmbeddingSettings build() {
      return new EmbeddingSettings(
          modality,
          modelUri,
          modelId,
          modelVersion,
          tokenizerUri,
          engine,
          batchSize,
          sortWindowBatches,
          maxTokens,
          pooling,
          normalize,
          device,
          threadsPerPredictor,
          cacheDir,
          image);
    }
  }
}
