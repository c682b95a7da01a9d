package io.antidote.embed;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigValue;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

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
 * @param threadsPerPredictor ONNX Runtime intra-op threads per predictor; 0 = the runtime's default
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
    public static final List<Double> CLIP_MEAN = List.of(0.48145466, 0.4578275, 0.40821073);
    public static final List<Double> CLIP_STD = List.of(0.26862954, 0.26130258, 0.27577711);

    public ImagePreprocessing {
      mean = List.copyOf(mean);
      std = List.copyOf(std);
    }

    public static ImagePreprocessing clip() {
      return new ImagePreprocessing(
          224, 224, Resize.SHORTER_SIDE_CENTER_CROP, CLIP_MEAN, CLIP_STD, Layout.NCHW);
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

  public static EmbeddingSettings defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
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

  private static final Set<String> KNOWN_KEYS =
      Set.of(
          "modality",
          "model.uri",
          "model.id",
          "model.version",
          "model.tokenizer",
          "model.engine",
          "batch-size",
          "sort-window-batches",
          "max-tokens",
          "pooling",
          "normalize",
          "device",
          "threads-per-predictor",
          "cache-dir",
          "image.width",
          "image.height",
          "image.resize",
          "image.mean",
          "image.std",
          "image.layout",
          // Read by the job, not by these settings: see tablePath(Config).
          "table");

  /**
   * Reads the {@code embed} section. Missing keys take the defaults of {@link #defaults()}; unknown
   * keys and wrong values fail with the key named ({@code embed.batch-size = 0: expected 1..4096}).
   */
  public static EmbeddingSettings fromConfig(Config embed) {
    Set<String> unknown = new TreeSet<>();
    for (Map.Entry<String, ConfigValue> e : embed.entrySet()) {
      if (!KNOWN_KEYS.contains(e.getKey())) {
        unknown.add("embed." + e.getKey());
      }
    }
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException(
          "unknown key(s) "
              + unknown
              + " in the embed section; known keys: embed."
              + new TreeSet<>(KNOWN_KEYS));
    }
    Builder b = builder();
    try {
      if (embed.hasPath("modality")) b.modality(parseEnum(Modality.class, "modality", embed));
      if (embed.hasPath("model.uri")) b.modelUri(embed.getString("model.uri"));
      if (embed.hasPath("model.id")) b.modelId(embed.getString("model.id"));
      if (embed.hasPath("model.version")) b.modelVersion(embed.getString("model.version"));
      if (embed.hasPath("model.tokenizer")) b.tokenizerUri(embed.getString("model.tokenizer"));
      if (embed.hasPath("model.engine")) b.engine(embed.getString("model.engine"));
      if (embed.hasPath("batch-size")) b.batchSize(embed.getInt("batch-size"));
      if (embed.hasPath("sort-window-batches"))
        b.sortWindowBatches(embed.getInt("sort-window-batches"));
      if (embed.hasPath("max-tokens")) b.maxTokens(embed.getInt("max-tokens"));
      if (embed.hasPath("pooling")) b.pooling(parseEnum(Pooling.class, "pooling", embed));
      if (embed.hasPath("normalize")) b.normalize(embed.getBoolean("normalize"));
      if (embed.hasPath("device")) b.device(parseEnum(DevicePreference.class, "device", embed));
      if (embed.hasPath("threads-per-predictor"))
        b.threadsPerPredictor(embed.getInt("threads-per-predictor"));
      if (embed.hasPath("cache-dir")) b.cacheDir(embed.getString("cache-dir"));
      ImagePreprocessing d = b.image;
      b.image(
          new ImagePreprocessing(
              embed.hasPath("image.width") ? embed.getInt("image.width") : d.width(),
              embed.hasPath("image.height") ? embed.getInt("image.height") : d.height(),
              embed.hasPath("image.resize")
                  ? parseEnum(Resize.class, "image.resize", embed)
                  : d.resize(),
              embed.hasPath("image.mean") ? embed.getDoubleList("image.mean") : d.mean(),
              embed.hasPath("image.std") ? embed.getDoubleList("image.std") : d.std(),
              embed.hasPath("image.layout")
                  ? parseEnum(Layout.class, "image.layout", embed)
                  : d.layout()));
    } catch (ConfigException.WrongType e) {
      throw new IllegalArgumentException("embed section: " + e.getMessage(), e);
    }
    return b.build();
  }

  /**
   * The embedding table's location from the {@code embed} section's {@code table} key; empty when
   * the key is absent or blank (the job then uses its default under the output root).
   */
  public static java.util.Optional<String> tablePath(Config embed) {
    if (!embed.hasPath("table") || embed.getString("table").isBlank()) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(embed.getString("table").trim());
  }

  private static <E extends Enum<E>> E parseEnum(Class<E> type, String key, Config c) {
    String raw = c.getString(key);
    String norm = raw.trim().toUpperCase(Locale.ROOT).replace('-', '_');
    for (E e : type.getEnumConstants()) {
      if (e.name().equals(norm)) {
        return e;
      }
    }
    List<String> allowed = new ArrayList<>();
    for (E e : type.getEnumConstants()) {
      allowed.add(e.name().toLowerCase(Locale.ROOT).replace('_', '-'));
    }
    throw new IllegalArgumentException(
        "embed." + key + " = " + raw + ": expected one of " + allowed);
  }

  static void require(boolean ok, String key, Object value, String expected) {
    if (!ok) {
      throw new IllegalArgumentException(key + " = " + value + ": expected " + expected);
    }
  }

  /** Fluent builder; {@link #build()} validates. */
  public static final class Builder {
    private Modality modality = Modality.TEXT;
    private String modelUri = BUNDLED_MINILM;
    private String modelId = "";
    private String modelVersion = "";
    private String tokenizerUri = "";
    private String engine = "OnnxRuntime";
    private int batchSize = 32;
    private int sortWindowBatches = 8;
    private int maxTokens = 256;
    private Pooling pooling = Pooling.MEAN;
    private boolean normalize = true;
    private DevicePreference device = DevicePreference.AUTO;
    private int threadsPerPredictor = 0;
    private String cacheDir = "";
    private ImagePreprocessing image = ImagePreprocessing.clip();

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
