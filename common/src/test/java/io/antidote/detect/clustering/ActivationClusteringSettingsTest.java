package io.antidote.detect.clustering;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.antidote.config.AntidoteConfig;
import io.antidote.config.InvalidConfigException;
import io.antidote.config.SettingsBlock;
import io.antidote.detect.groups.GroupBy;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ActivationClusteringSettingsTest {
  private static final String KEY = "antidote." + ActivationClusteringSettings.PATH + ".";

  private static InvalidConfigException rejected(String key, String value) {
    return assertThrows(
        InvalidConfigException.class,
        () ->
            ActivationClusteringSettings.fromConfig(
                SettingsBlock.of(
                    AntidoteConfig.load(
                        List.of(), Map.of(ActivationClusteringSettings.PATH + "." + key, value)),
                    ActivationClusteringSettings.PATH)));
  }

  @Test
  void referenceConfHoldsTheDefaults() {
    ActivationClusteringSettings s = ClusteringTesting.defaults();
    assertTrue(s.common().enabled());
    assertEquals(10, s.dims());
    assertEquals(0.35, s.maxRelativeSize());
    assertEquals(20, s.nullSamples());
    assertEquals(0.01, s.nullScaleFloor());
    assertEquals(50, s.maxIterations());
    assertEquals(500, s.silhouetteSample());
    assertEquals(42L, s.seed());
    assertEquals(GroupBy.AUTO, s.groupBy());
    assertEquals(10, s.clusters());
    assertEquals(50, s.minGroupSize());
  }

  @Test
  void outOfRangeValuesNameTheFullKey() {
    InvalidConfigException size = rejected("max-relative-size", "0.5");
    assertEquals(KEY + "max-relative-size", size.key());
    assertTrue(size.getMessage().contains("0.5"), size.getMessage());
    assertEquals(KEY + "dims", rejected("dims", "65").key());
    assertEquals(KEY + "null-samples", rejected("null-samples", "1").key());
    assertEquals(KEY + "null-scale-floor", rejected("null-scale-floor", "0").key());
    assertEquals(KEY + "max-iterations", rejected("max-iterations", "0").key());
    assertEquals(KEY + "silhouette-sample", rejected("silhouette-sample", "9").key());
    assertEquals(KEY + "clusters", rejected("clusters", "0").key());
    assertEquals(KEY + "min-group-size", rejected("min-group-size", "9").key());
    assertEquals(KEY + "group-by", rejected("group-by", "colour").key());
  }
}
