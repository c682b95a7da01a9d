package io.antidote.embed;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the embedding table records about the model: its id and version. The version changes
 * whenever the vectors would: it is the weights' version (the model jar's version, or the SHA-256
 * of the weights file) plus a short hash of the settings that change preprocessing (pooling,
 * normalisation, token limit, image size and normalisation), so a cache entry is never reused
 * across a preprocessing change. An explicit {@code embed.model.version} is taken as it is.
 *
 * @param modelId e.g. {@code all-minilm-l6-v2}
 * @param modelVersion e.g. {@code 1.20.0-beta30;prep=1a2b3c4d}
 * @param modelUri where the model came from
 * @param engine DJL engine name
 */
public record ModelIdentity(String modelId, String modelVersion, String modelUri, String engine)
    implements Serializable {

  /** Resolves id and version on the driver (downloading a remote model once to hash it). */
  public static ModelIdentity of(EmbeddingSettings s, Map<String, String> hadoopConf) {
    String uri = s.modelUri();
    String id = s.modelId().isEmpty() ? defaultId(uri) : s.modelId();
    String version = s.modelVersion();
    if (version.isEmpty()) {
      String weights;
      if (uri.equals(EmbeddingSettings.BUNDLED_MINILM)) {
        weights = ModelSource.bundledMiniLmVersion();
      } else if (uri.startsWith("djl:")) {
        weights = "url";
      } else {
        Path local = ModelSource.localCopy(uri, ModelSource.cacheDir(s), hadoopConf);
        weights = "sha256:" + ModelSource.sha256OfPath(local).substring(0, 16);
      }
      version = weights + ";prep=" + preprocessingHash(s);
    }
    return new ModelIdentity(id, version, uri, s.engine());
  }

  static String defaultId(String uri) {
    if (uri.equals(EmbeddingSettings.BUNDLED_MINILM)) {
      return "all-minilm-l6-v2";
    }
    String tail = uri.replaceAll("/+$", "");
    tail = tail.substring(Math.max(tail.lastIndexOf('/'), tail.lastIndexOf(':')) + 1);
    int q = tail.indexOf('?');
    if (q >= 0) {
      tail = tail.substring(0, q);
    }
    int dot = tail.lastIndexOf('.');
    return dot > 0 ? tail.substring(0, dot) : tail;
  }

  /** Hash of the settings that change the vectors for the same weights. */
  static String preprocessingHash(EmbeddingSettings s) {
    String prep =
        s.modality()
            + "|"
            + s.pooling()
            + "|"
            + s.normalize()
            + "|"
            + (s.modality() == EmbeddingSettings.Modality.TEXT
                ? s.maxTokens() + "|" + s.tokenizerUri()
                : s.image().toString());
    return ModelSource.sha256Hex(prep).substring(0, 8);
  }

  /** For run.json. */
  public Map<String, String> toMap() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("model_id", modelId);
    m.put("model_version", modelVersion);
    m.put("model_uri", modelUri);
    m.put("engine", engine);
    return m;
  }
}
