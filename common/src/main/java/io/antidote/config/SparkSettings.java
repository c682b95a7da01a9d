package io.antidote.config;

import com.typesafe.config.ConfigValue;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code antidote.spark}: defaults applied only where spark-submit left a setting unset. */
public record SparkSettings(
    String master, String appName, int rowsPerShufflePartition, Map<String, String> conf) {

  /** reference.conf's settings alone: what every session the job builds starts from. */
  public static SparkSettings defaults() {
    return fromConfig(SettingsBlock.of(AntidoteConfig.defaults(), "spark"));
  }

  public static SparkSettings fromConfig(SettingsBlock spark) {
    Map<String, String> conf = new LinkedHashMap<>();
    for (Map.Entry<String, ConfigValue> e : spark.config().getObject("conf").entrySet()) {
      Object v = e.getValue().unwrapped();
      if (v instanceof Map || v instanceof java.util.List) {
        throw new InvalidConfigException(
            spark.key("conf." + e.getKey()), "Spark settings are plain values; quote dotted keys");
      }
      conf.put(e.getKey(), String.valueOf(v));
    }
    return new SparkSettings(
        spark.string("master"),
        spark.string("app-name"),
        spark.integer("rows-per-shuffle-partition", 1, Integer.MAX_VALUE),
        Map.copyOf(conf));
  }
}
