package io.antidote.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import io.antidote.detect.trigger.TriggerTokenSettings;
import io.antidote.detect.duplicates.ExactDuplicateSettings;
import io.antidote.detect.integrity.IntegritySettings;
import io.antidote.detect.provenance.ProvenanceSettings;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every setting of an audit, parsed and validated once from the {@code antidote} config subtree.
 */
public record AuditSettings(
    String runId,
    InputSettings input,
    OutputSettings output,
    SparkSettings spark,
    IntegritySettings integrity,
    ProvenanceSettings provenance,
    ExactDuplicateSettings exactDuplicates,
    TriggerTokenSettings triggerTokens,
    Map<String, Double> verdictWeights,
    Config raw) {

  public static AuditSettings fromConfig(Config antidote) {
    String runId = antidote.getString("run.id").trim();
    if (!runId.isEmpty() && !runId.matches("[A-Za-z0-9._:-]+")) {
      throw new InvalidConfigException(
          "antidote.run.id",
          "'" + runId + "' may only hold letters, digits and . _ : - (it names folders)");
    }
    Map<String, Double> weights = new LinkedHashMap<>();
    for (Map.Entry<String, ConfigValue> e : antidote.getObject("verdicts.weights").entrySet()) {
      weights.put(
          e.getKey(), AntidoteConfig.number(antidote, "verdicts.weights." + e.getKey(), 0, 1e6));
    }
    IntegritySettings integrity = IntegritySettings.fromConfig(antidote);
    ProvenanceSettings provenance = ProvenanceSettings.fromConfig(antidote);
    ExactDuplicateSettings duplicates = ExactDuplicateSettings.fromConfig(antidote);
    TriggerTokenSettings triggers =
        TriggerTokenSettings.fromConfig(antidote.getConfig("detectors.trigger-tokens"));
    weights.putIfAbsent("integrity", integrity.weight());
    weights.putIfAbsent("provenance", provenance.weight());
    weights.putIfAbsent("exact_duplicates", duplicates.weight());
    return new AuditSettings(
        runId,
        InputSettings.fromConfig(antidote),
        OutputSettings.fromConfig(antidote),
        SparkSettings.fromConfig(antidote),
        integrity,
        provenance,
        duplicates,
        triggers,
        Map.copyOf(weights),
        antidote);
  }

  /** The effective configuration as JSON, for run.json. */
  public String configJson() {
    return raw.root().render(ConfigRenderOptions.concise());
  }
}
