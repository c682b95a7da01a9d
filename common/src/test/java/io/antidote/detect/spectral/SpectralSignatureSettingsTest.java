package io.antidote.detect.spectral;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.antidote.config.AntidoteConfig;
import io.antidote.config.InvalidConfigException;
import io.antidote.config.SettingsBlock;
import io.antidote.detect.DetectorEntry;
import io.antidote.detect.DetectorEnvironment;
import io.antidote.detect.DetectorRegistry;
import io.antidote.detect.clustering.ActivationClusteringDetector;
import io.antidote.detect.groups.GroupBy;
import io.antidote.flags.Action;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SpectralSignatureSettingsTest {
  private static final String KEY = "antidote." + SpectralSignatureSettings.PATH + ".";

  private static SpectralSignatureSettings parse(Map<String, String> overrides) {
    return SpectralSignatureSettings.fromConfig(
        SettingsBlock.of(
            AntidoteConfig.load(List.of(), overrides), SpectralSignatureSettings.PATH));
  }

  private static InvalidConfigException rejected(String key, String value) {
    return assertThrows(
        InvalidConfigException.class,
        () -> parse(Map.of(SpectralSignatureSettings.PATH + "." + key, value)));
  }

  @Test
  void referenceConfHoldsTheDefaults() {
    SpectralSignatureSettings s = SpectralTesting.defaults();
    assertTrue(s.common().enabled());
    assertEquals(Action.REVIEW, s.common().action());
    assertEquals(SpectralSignatureSettings.Mode.TEST, s.mode());
    assertEquals(0.15, s.nullScaleFloor());
    assertEquals(0.05, s.epsilon());
    assertEquals(1.5, s.removalFactor());
    assertEquals(1, s.components());
    assertEquals(GroupBy.AUTO, s.groupBy());
    assertEquals(10, s.clusters());
    assertEquals(42L, s.seed());
    assertEquals(50, s.minGroupSize());
    assertEquals(SpectralSignatureSettings.Variant.STANDARD, s.variant());
    assertEquals(32, s.robustDims());
    assertEquals(3, s.robustIterations());
    assertEquals(4.0, s.queAlpha());
  }

  @Test
  void readsKeys() {
    SpectralSignatureSettings s =
        parse(
            Map.of(
                SpectralSignatureSettings.PATH,
                "{mode = budget, epsilon = 0.1, group-by = cluster, clusters = 20, variant = robust}"));
    assertEquals(0.1, s.epsilon());
    assertEquals(SpectralSignatureSettings.Mode.BUDGET, s.mode());
    assertEquals(GroupBy.CLUSTER, s.groupBy());
    assertEquals(20, s.clusters());
    assertEquals(SpectralSignatureSettings.Variant.ROBUST, s.variant());
    assertEquals(0.15, s.removalFraction(), 1e-12);
  }

  @Test
  void outOfRangeValuesNameTheFullKey() {
    InvalidConfigException epsilon = rejected("epsilon", "0.7");
    assertEquals(KEY + "epsilon", epsilon.key());
    assertTrue(epsilon.getMessage().contains("0.7"), epsilon.getMessage());
    assertEquals(KEY + "epsilon", rejected("epsilon", "0").key());
    assertEquals(KEY + "removal-factor", rejected("removal-factor", "0.5").key());
    // removal-factor * epsilon = 30 * 0.05 > 1: the whole group would be flagged.
    assertEquals(KEY + "removal-factor", rejected("removal-factor", "30").key());
    assertEquals(KEY + "components", rejected("components", "17").key());
    assertEquals(KEY + "min-group-size", rejected("min-group-size", "2").key());
    assertEquals(KEY + "robust-dims", rejected("robust-dims", "1").key());
    assertEquals(KEY + "robust-iterations", rejected("robust-iterations", "21").key());
    assertEquals(KEY + "que-alpha", rejected("que-alpha", "51").key());
    assertEquals(KEY + "weight", rejected("weight", "-1").key());
    InvalidConfigException variant = rejected("variant", "fancy");
    assertEquals(KEY + "variant", variant.key());
    assertTrue(variant.getMessage().contains("fancy"), variant.getMessage());
    assertEquals(KEY + "group-by", rejected("group-by", "colour").key());
    assertEquals(KEY + "mode", rejected("mode", "quota").key());
    assertEquals(KEY + "null-scale-floor", rejected("null-scale-floor", "0").key());
    // The robust QUE score ranks rows for a budget; it has no calibrated null for test mode.
    assertEquals(KEY + "variant", rejected("variant", "robust").key());
  }

  @Test
  void unknownKeysStopTheLoadNamingTheKey() {
    InvalidConfigException unknown =
        assertThrows(
            InvalidConfigException.class,
            () ->
                AntidoteConfig.load(
                    List.of(), Map.of(SpectralSignatureSettings.PATH + ".epsilom", "0.1")));
    assertTrue(
        unknown.getMessage().contains("detectors.spectral-signatures.epsilom"),
        unknown.getMessage());
  }

  @Test
  void registryBuildsBothEmbeddingDetectorsOrReportsWhyNot() {
    List<DetectorEntry.Configured<?>> configured =
        DetectorRegistry.configure(AntidoteConfig.defaults());
    List<String> paths = configured.stream().map(c -> c.entry().path()).toList();
    assertTrue(paths.contains(SpectralSignatureSettings.PATH), paths.toString());
    assertTrue(paths.contains("detectors.activation-clustering"), paths.toString());
    DetectorEnvironment noEmbed =
        new DetectorEnvironment(null, io.antidote.embed.EmbeddingSettings.defaults(), false);
    for (DetectorEntry.Configured<?> c : configured) {
      String path = c.entry().path();
      if (path.equals(SpectralSignatureSettings.PATH)
          || path.equals("detectors.activation-clustering")) {
        var detector = c.build(noEmbed);
        assertTrue(
            detector.name().equals(SpectralSignatureDetector.NAME)
                || detector.name().equals(ActivationClusteringDetector.NAME),
            detector.name());
        assertEquals(List.of(), detector.inputs());
        assertEquals(
            Optional.of("antidote.embed.enabled is false"), detector.flag(null).notRunReason());
      }
    }
  }
}
