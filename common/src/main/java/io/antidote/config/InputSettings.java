package io.antidote.config;

import io.antidote.corpus.CorpusSchema;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code antidote.input}: where the corpus is, how its columns map onto the canonical schema, and
 * the signed shard manifest it must match ({@code manifest}, empty = none).
 */
public record InputSettings(
    List<String> paths,
    Map<String, List<String>> columnCandidates,
    DuplicateIdPolicy duplicateSampleIds,
    boolean verifyFiles,
    String manifest) {

  public enum DuplicateIdPolicy {
    FAIL,
    KEEP_FIRST
  }

  public static InputSettings fromConfig(SettingsBlock input) {
    Map<String, List<String>> candidates = new LinkedHashMap<>();
    SettingsBlock columns = input.block("columns");
    for (String column : CorpusSchema.COLUMNS) {
      List<String> names = columns.stringList(column);
      columns.check(!names.isEmpty(), column, "at least one column name", names);
      candidates.put(column, List.copyOf(names));
    }
    return new InputSettings(
        input.stringList("paths"),
        Map.copyOf(candidates),
        input.enumValue("duplicate-sample-ids", DuplicateIdPolicy.class),
        input.bool("verify-files"),
        input.string("manifest"));
  }
}
