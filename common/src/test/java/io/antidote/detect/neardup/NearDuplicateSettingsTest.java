package io.antidote.detect.neardup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.antidote.config.AntidoteConfig;
import io.antidote.config.InvalidConfigException;
import io.antidote.config.SettingsBlock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NearDuplicateSettingsTest {
  private static final String KEY = "antidote." + NearDuplicateSettings.PATH + ".";

  static NearDuplicateSettings defaults() {
    return NearDuplicateSettings.fromConfig(SettingsBlock.defaults(NearDuplicateSettings.PATH));
  }

  private static InvalidConfigException rejected(String key, String value) {
    return assertThrows(
        InvalidConfigException.class,
        () ->
            NearDuplicateSettings.fromConfig(
                SettingsBlock.of(
                    AntidoteConfig.load(
                        List.of(), Map.of(NearDuplicateSettings.PATH + "." + key, value)),
                    NearDuplicateSettings.PATH)));
  }

  @Test
  void referenceConfHoldsTheDefaults() {
    NearDuplicateSettings s = defaults();
    assertEquals(Shingling.Unit.CHARACTER, s.unit());
    assertEquals(5, s.shingleSize());
    assertEquals(0.5, s.threshold());
    assertEquals(0.05, s.templateShare());
    assertEquals(50, s.templateMinTexts());
    assertEquals(25, s.bands());
    assertEquals(4, s.rows());
    assertEquals(5, s.campaignMinSize());
    assertEquals(0.01, s.fdr());
    assertEquals(0.80, s.candidateProbabilityAtThreshold(), 0.005);
  }

  @Test
  void badValuesNameTheFullKey() {
    InvalidConfigException threshold = rejected("threshold", "1.5");
    assertEquals(KEY + "threshold", threshold.key());
    assertTrue(threshold.getMessage().contains("1.5"), threshold.getMessage());
    assertEquals(KEY + "threshold", rejected("threshold", "0").key());
    InvalidConfigException shingle = rejected("shingle", "sentence");
    assertEquals(KEY + "shingle", shingle.key());
    assertTrue(shingle.getMessage().contains("word, character"), shingle.getMessage());
    assertEquals(KEY + "template-share", rejected("template-share", "0").key());
    assertEquals(KEY + "template-min-texts", rejected("template-min-texts", "0").key());
    assertEquals(KEY + "bands", rejected("bands", "0").key());
    assertEquals(KEY + "rows", rejected("rows", "65").key());
    assertEquals(KEY + "max-bucket-size", rejected("max-bucket-size", "1").key());
    assertEquals(KEY + "campaign-min-size", rejected("campaign-min-size", "1").key());
    assertEquals(KEY + "max-iterations", rejected("max-iterations", "0").key());
    InvalidConfigException unknown =
        assertThrows(
            InvalidConfigException.class,
            () ->
                AntidoteConfig.load(List.of(), Map.of(NearDuplicateSettings.PATH + ".bandz", "3")));
    assertTrue(unknown.getMessage().contains("bandz"), unknown.getMessage());
  }
}
