package io.antidote.embed;

import ai.djl.Device;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The models of this JVM, one per (settings, device): created lazily by the first task that needs
 * one, reused by every later task on the executor, closed by a JVM shutdown hook. Keeping them in a
 * static map is what makes them outlive a task: Spark runs many tasks in one executor JVM.
 */
public final class ExecutorModels {
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
        k -> EmbeddingModel.load(settings, device, hadoopConf));
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
