package io.antidote.config;

import com.typesafe.config.Config;
import io.antidote.corpus.CorpusSchema;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code antidote.input}: where the corpus is and how its columns map onto the canonical schema.
 */
public record InputSettings(
    List<String> paths,
    Map<String, List<String>> columnCandidates,
    DuplicateIdPolicy duplicateSampleIds,
    boolean verifyFiles) {

  public enum DuplicateIdPolicy {
    FAIL,
    KEEP_FIRST
  }

  public static InputSettings fromConfig(Config antidote) {
    Config c = antidote.getConfig("input");
    Map<String, List<String>> candidates = new LinkedHashMap<>();
    for (String column : CorpusSchema.COLUMNS) {
      String key = "input.columns." + column;
      List<String> names = AntidoteConfig.stringList(antidote, key);
      if (names.isEmpty()) {
        throw new InvalidConfigException(
            AntidoteConfig.ROOT + "." + key, "needs at least one column name");
      }
      candidates.put(column, List.copyOf(names));
    }
    return new InputSettings(
        AntidoteConfig.stringList(antidote, "input.paths"),
        Map.copyOf(candidates),
        AntidoteConfig.enumValue(antidote, "input.duplicate-sample-ids", DuplicateIdPolicy.class),
        c.getBoolean("verify-files"));
  }
}
