package io.antidote.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigSyntax;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import com.typesafe.config.ConfigValueType;
import java.io.File;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Loads Antidote's HOCON configuration: {@code reference.conf} (every default), then the given
 * files in order, then {@code --conf key=value} overrides. Every key the user set is checked
 * against the reference: unknown keys and values of the wrong type stop the job here, naming the
 * key, before Spark starts.
 */
public final class AntidoteConfig {
  public static final String ROOT = "antidote";

  /** Objects whose keys are free-form (Spark settings). */
  private static final Set<String> FREE_FORM = Set.of("antidote.spark.conf");

  private AntidoteConfig() {}

  /** The reference defaults alone (the {@code antidote} subtree). */
  public static Config defaults() {
    return load(List.of(), Map.of());
  }

  /**
   * Merges reference, files and overrides, validates, and returns the {@code antidote} subtree.
   *
   * @param overrides keys with or without the {@code antidote.} prefix; values are HOCON
   *     lists/objects when they start with {@code [} or <code>{</code>, else literal strings (so
   *     {@code s3a://b/x} needs no quoting); numbers and booleans given as strings are converted
   *     when read.
   */
  public static Config load(List<File> files, Map<String, String> overrides) {
    Config reference = ConfigFactory.defaultReference(AntidoteConfig.class.getClassLoader());
    Config user = ConfigFactory.empty();
    for (Map.Entry<String, String> e : overrides.entrySet()) {
      String key = qualify(e.getKey());
      user = user.withValue(key, overrideValue(key, e.getValue()));
    }
    for (int i = files.size() - 1; i >= 0; i--) {
      File f = files.get(i);
      if (!f.isFile()) {
        throw new InvalidConfigException("--config", "file " + f + " does not exist");
      }
      try {
        user =
            user.withFallback(
                ConfigFactory.parseFile(f, ConfigParseOptions.defaults().setAllowMissing(false)));
      } catch (ConfigException e) {
        throw new InvalidConfigException("--config", "cannot parse " + f + ": " + e.getMessage());
      }
    }
    validate(user, reference);
    Config merged;
    try {
      merged = user.withFallback(reference).resolve();
    } catch (ConfigException e) {
      throw new InvalidConfigException(ROOT, e.getMessage());
    }
    return merged.getConfig(ROOT);
  }

  private static String qualify(String key) {
    String k = key.trim();
    return k.startsWith(ROOT + ".") ? k : ROOT + "." + k;
  }

  private static ConfigValue overrideValue(String key, String raw) {
    String v = raw.trim();
    if (v.startsWith("[") || v.startsWith("{")) {
      try {
        return ConfigFactory.parseString(
                "v = " + v, ConfigParseOptions.defaults().setSyntax(ConfigSyntax.CONF))
            .getValue("v");
      } catch (ConfigException e) {
        throw new InvalidConfigException(key, "cannot parse value " + raw + ": " + e.getMessage());
      }
    }
    return ConfigValueFactory.fromAnyRef(raw);
  }

  /** Every user-set leaf must exist in the reference and be readable as the reference's type. */
  static void validate(Config user, Config reference) {
    for (Map.Entry<String, ConfigValue> e : user.entrySet()) {
      String key = e.getKey();
      if (!key.startsWith(ROOT + ".")) {
        throw new InvalidConfigException(
            key,
            "unknown key (Antidote settings live under '"
                + ROOT
                + ".'; Spark settings go to spark-submit --conf or antidote.spark.conf)");
      }
      if (isFreeForm(key)) {
        continue;
      }
      if (!reference.hasPathOrNull(key)) {
        throw new InvalidConfigException(key, "unknown key" + suggestion(key, reference));
      }
      checkType(key, user, reference.getValue(key));
    }
  }

  private static boolean isFreeForm(String key) {
    for (String f : FREE_FORM) {
      if (key.startsWith(f + ".")) {
        return true;
      }
    }
    return false;
  }

  private static void checkType(String key, Config user, ConfigValue expected) {
    ConfigValueType type = expected.valueType();
    try {
      switch (type) {
        case BOOLEAN -> user.getBoolean(key);
        case NUMBER -> user.getNumber(key);
        case STRING -> {
          ConfigValueType actual = user.getValue(key).valueType();
          if (actual == ConfigValueType.LIST || actual == ConfigValueType.OBJECT) {
            throw new InvalidConfigException(
                key, "expected a string, got a " + actual.name().toLowerCase());
          }
        }
        case LIST -> {
          ConfigValue v = user.getValue(key);
          if (v.valueType() == ConfigValueType.STRING) {
            return; // a single value given on the command line stands for a one-element list
          }
          ConfigList unused = user.getList(key);
        }
        case OBJECT -> {
          ConfigObject unused = user.getObject(key);
        }
        default -> {}
      }
    } catch (ConfigException.WrongType e) {
      throw new InvalidConfigException(
          key,
          "expected a "
              + type.name().toLowerCase()
              + ", got '"
              + user.getValue(key).unwrapped()
              + "'");
    }
  }

  private static String suggestion(String key, Config reference) {
    String leaf = key.substring(key.lastIndexOf('.') + 1);
    for (Map.Entry<String, ConfigValue> e : reference.entrySet()) {
      String k = e.getKey();
      if (k.startsWith(ROOT + ".") && k.endsWith("." + leaf)) {
        return " (did you mean '" + k.substring(ROOT.length() + 1) + "'?)";
      }
    }
    String parent = key.contains(".") ? key.substring(0, key.lastIndexOf('.')) : key;
    if (reference.hasPath(parent)
        && reference.getValue(parent).valueType() == ConfigValueType.OBJECT) {
      String shortParent = parent.substring(Math.min(parent.length(), ROOT.length() + 1));
      for (String sibling : reference.getObject(parent).keySet()) {
        if (editDistance(sibling, leaf) <= 2) {
          return " (did you mean '" + shortParent + "." + sibling + "'?)";
        }
      }
      return " (known keys under '"
          + parent.substring(Math.min(parent.length(), ROOT.length() + 1))
          + "': "
          + String.join(", ", reference.getObject(parent).keySet())
          + ")";
    }
    return "";
  }

  private static int editDistance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        cur[j] = Math.min(sub, Math.min(prev[j], cur[j - 1]) + 1);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
