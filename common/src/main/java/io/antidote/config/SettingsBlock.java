package io.antidote.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigValueType;
import java.util.List;
import java.util.Locale;

/**
 * One block of the merged configuration (reference.conf under the user's files and overrides), read
 * with the full key in every error. There are no fallbacks here: every default lives in
 * reference.conf, and {@link AntidoteConfig#load} has already rejected unknown keys and wrong
 * types, so this class only checks ranges and enumerations. Every failure is an {@link
 * InvalidConfigException} naming {@code antidote.<path>.<key>}, which the jobs turn into exit code
 * 2.
 */
public final class SettingsBlock {
  private final Config antidote;
  private final Config block;
  private final String path;

  private SettingsBlock(Config antidote, Config block, String path) {
    this.antidote = antidote;
    this.block = block;
    this.path = path;
  }

  /**
   * A block assembled by the caller (e.g. an alignment tower merged over the embed block's runtime
   * keys), read as if it lived at {@code path}: errors name {@code antidote.<path>.<key>}.
   */
  public static SettingsBlock assembled(Config block, String path) {
    return new SettingsBlock(null, block, path);
  }

  private SettingsBlock(Config antidote, String path) {
    this.antidote = antidote;
    this.path = path;
    try {
      this.block = path.isEmpty() ? antidote : antidote.getConfig(path);
    } catch (ConfigException e) {
      throw new InvalidConfigException(fullKey(path), "expected a block: " + e.getMessage());
    }
  }

  /**
   * The block at {@code path} (relative to {@code antidote}, e.g. {@code detectors.integrity}) of
   * the {@code antidote} subtree that {@link AntidoteConfig#load} returned.
   */
  public static SettingsBlock of(Config antidote, String path) {
    return new SettingsBlock(antidote, path);
  }

  /** The block at {@code path} of the reference defaults alone: for tests and benchmarks. */
  public static SettingsBlock defaults(String path) {
    return new SettingsBlock(AntidoteConfig.defaults(), path);
  }

  /** A nested block, e.g. {@code block("image")} of {@code embed}. */
  public SettingsBlock block(String name) {
    String sub = path.isEmpty() ? name : path + "." + name;
    if (antidote == null) {
      try {
        return new SettingsBlock(null, block.getConfig(name), sub);
      } catch (ConfigException e) {
        throw new InvalidConfigException(fullKey(sub), "expected a block: " + e.getMessage());
      }
    }
    return new SettingsBlock(antidote, sub);
  }

  /** The whole {@code antidote} subtree, for settings that read a sibling block. */
  public Config root() {
    if (antidote == null) {
      throw new IllegalStateException("an assembled block has no root");
    }
    return antidote;
  }

  /** This block's own configuration, for code that hands it on (e.g. to a Spark conf). */
  public Config config() {
    return block;
  }

  public String path() {
    return path;
  }

  /** {@code antidote.<path>.<name>}: what errors and documentation call the key. */
  public String key(String name) {
    return fullKey(path.isEmpty() ? name : path + "." + name);
  }

  private static String fullKey(String relative) {
    return AntidoteConfig.ROOT + "." + relative;
  }

  public boolean has(String name) {
    return block.hasPath(name);
  }

  public boolean bool(String name) {
    try {
      return block.getBoolean(name);
    } catch (ConfigException e) {
      throw wrong(name, "a boolean");
    }
  }

  public String string(String name) {
    try {
      return block.getString(name).trim();
    } catch (ConfigException e) {
      throw wrong(name, "a string");
    }
  }

  /** A string list that also accepts one comma-separated string (as --conf key=a,b gives). */
  public List<String> stringList(String name) {
    try {
      if (block.getValue(name).valueType() == ConfigValueType.STRING) {
        String v = block.getString(name).trim();
        return v.isEmpty() ? List.of() : List.of(v.split(","));
      }
      return List.copyOf(block.getStringList(name));
    } catch (ConfigException e) {
      throw wrong(name, "a list of strings");
    }
  }

  public List<Double> numberList(String name) {
    try {
      return List.copyOf(block.getDoubleList(name));
    } catch (ConfigException e) {
      throw wrong(name, "a list of numbers");
    }
  }

  public List<Integer> intList(String name) {
    try {
      return List.copyOf(block.getIntList(name));
    } catch (ConfigException e) {
      throw wrong(name, "a list of integers");
    }
  }

  /** A number in [min, max]. */
  public double number(String name, double min, double max) {
    double v;
    try {
      v = block.getDouble(name);
    } catch (ConfigException e) {
      throw wrong(name, "a number");
    }
    if (Double.isNaN(v) || v < min || v > max) {
      throw new InvalidConfigException(key(name), v + " is outside [" + min + ", " + max + "]");
    }
    return v;
  }

  /** An integer in [min, max]. */
  public int integer(String name, int min, int max) {
    return (int) longValue(name, min, max);
  }

  /** A whole number in [min, max]. */
  public long longValue(String name, long min, long max) {
    long v;
    try {
      v = block.getLong(name);
    } catch (ConfigException e) {
      throw wrong(name, "a whole number");
    }
    if (v < min || v > max) {
      throw new InvalidConfigException(key(name), v + " is outside [" + min + ", " + max + "]");
    }
    return v;
  }

  /** An enumerated value; {@code a-b} in the file is the constant {@code A_B}. */
  public <E extends Enum<E>> E enumValue(String name, Class<E> type) {
    String v = string(name);
    for (E e : type.getEnumConstants()) {
      if (e.name().replace('_', '-').equalsIgnoreCase(v)) {
        return e;
      }
    }
    StringBuilder accepted = new StringBuilder();
    for (E e : type.getEnumConstants()) {
      if (accepted.length() > 0) {
        accepted.append(", ");
      }
      accepted.append(e.name().replace('_', '-').toLowerCase(Locale.ROOT));
    }
    throw new InvalidConfigException(key(name), "'" + v + "' is not one of " + accepted);
  }

  /** Fails with "antidote.path.name: must be expectation, got value" unless {@code ok}. */
  public void check(boolean ok, String name, String expectation, Object value) {
    if (!ok) {
      throw new InvalidConfigException(key(name), "must be " + expectation + ", got " + value);
    }
  }

  private InvalidConfigException wrong(String name, String expected) {
    if (!block.hasPath(name)) {
      return new InvalidConfigException(key(name), "is missing (expected " + expected + ")");
    }
    return new InvalidConfigException(
        key(name), "expected " + expected + ", got '" + block.getValue(name).unwrapped() + "'");
  }
}
