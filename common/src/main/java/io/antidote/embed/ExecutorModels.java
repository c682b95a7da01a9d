package io.antidote.embed;

import ai.djl.Device;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The models of this JVM, one per (settings, device): created lazily by the first task that needs
 * one, reused by every later task on the executor, closed by a JVM shutdown hook. Keeping them in a
 * static map is what makes them outlive a task: Spark runs many tasks in one executor JVM.
 */
public final class ExecutorModels {
  private static final Logger LOG = LoggerFactory.getLogger(ExecutorModels.class);

  private record Key(EmbeddingSettings settings, String device) {}

  private static final Map<Key, EmbeddingModel> MODELS = new ConcurrentHashMap<>();

  static {
    Runtime.getRuntime()
        .addShutdownHook(new Thread(ExecutorModels::closeAll, "antidote-embedding-models-close"));
  }

  private ExecutorModels() {}

  public static EmbeddingModel get(
      EmbeddingSettings settings, Device device, Map<String, String> hadoopConf) {
    return MODELS.computeIfAbsent(
        new Key(loadingKey(settings), device.toString()),
        k -> {
          EmbeddingModel m = EmbeddingModel.load(settings, device, hadoopConf);
          // Once per model and device in this JVM: where the vectors come from, in the log that
          // replaces DJL's own CUDA probing warnings (conf/log4j2.properties).
          LOG.info(
              "{} embedding model loaded on device {} ({})",
              settings.modality().name().toLowerCase(java.util.Locale.ROOT),
              device,
              settings.engine());
          return m;
        });
  }

  /** The settings that change the loaded model; batching and naming do not. */
  static EmbeddingSettings loadingKey(EmbeddingSettings s) {
    return s.toBuilder()
        .batchSize(1)
        .sortWindowBatches(1)
        .modelId("")
        .modelVersion("")
        .device(EmbeddingSettings.DevicePreference.AUTO)
        .build();
  }

  /** Models loaded in this JVM (for tests and metrics). */
  public static int loadedCount() {
    return MODELS.size();
  }

  /** Closes and forgets every model; the next {@link #get} loads again. */
  public static synchronized void closeAll() {
    for (EmbeddingModel m : MODELS.values()) {
      try {
        m.close();
      } catch (RuntimeException e) {
        // At shutdown there is nobody to tell but stderr.
        System.err.println("closing embedding model failed: " + e);
      }
    }
    MODELS.clear();
  }
}
