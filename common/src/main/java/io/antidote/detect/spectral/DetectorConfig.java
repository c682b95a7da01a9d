package io.antidote.detect.spectral;

import com.typesafe.config.Config;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads one detector's HOCON block: missing keys take the settings' defaults, unknown keys are an
 * error naming the full key (DESIGN: "a wrong key or value stops the job before Spark starts, with
 * the key named").
 */
public final class DetectorConfig {
  private final Config config;
  private final String path;

  public DetectorConfig(Config config, String path, Set<String> knownKeys) {
    this.config = config;
    this.path = path;
    Set<String> unknown = new TreeSet<>(config.root().keySet());
    unknown.removeAll(knownKeys);
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException(
          "unknown key(s) "
              + unknown.stream().map(k -> path + "." + k).toList()
              + "; known keys under "
              + path
              + ": "
              + new TreeSet<>(knownKeys));
    }
  }

  public String key(String name) {
    return path + "." + name;
  }

  public boolean getBoolean(String name, boolean fallback) {
    return config.hasPath(name) ? config.getBoolean(name) : fallback;
  }

  public int getInt(String name, int fallback) {
    return config.hasPath(name) ? config.getInt(name) : fallback;
  }

  public long getLong(String name, long fallback) {
    return config.hasPath(name) ? config.getLong(name) : fallback;
  }

  public double getDouble(String name, double fallback) {
    return config.hasPath(name) ? config.getDouble(name) : fallback;
  }

  public String getString(String name, String fallback) {
    return config.hasPath(name) ? config.getString(name) : fallback;
  }

  /** Fails with "{@code path.name} must be ..., got value" unless {@code ok}. */
  public static void check(boolean ok, String key, String expectation, Object value) {
    if (!ok) {
      throw new IllegalArgumentException(key + " must be " + expectation + ", got " + value);
    }
  }
}
