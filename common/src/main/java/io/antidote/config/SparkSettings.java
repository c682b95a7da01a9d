package io.antidote.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValue;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code antidote.spark}: defaults applied only where spark-submit left a setting unset. */
public record SparkSettings(String master, String appName, Map<String, String> conf) {

  public static SparkSettings fromConfig(Config antidote) {
    Map<String, String> conf = new LinkedHashMap<>();
    for (Map.Entry<String, ConfigValue> e : antidote.getObject("spark.conf").entrySet()) {
      Object v = e.getValue().unwrapped();
      if (v instanceof Map || v instanceof java.util.List) {
        throw new InvalidConfigException(
            "antidote.spark.conf." + e.getKey(),
            "Spark settings are plain values; quote dotted keys");
      }
      conf.put(e.getKey(), String.valueOf(v));
    }
    return new SparkSettings(
        antidote.getString("spark.master"), antidote.getString("spark.app-name"), Map.copyOf(conf));
  }
}
