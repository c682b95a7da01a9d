package io.antidote.detect.spectral;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.antidote.detect.groups.GroupBy;
import org.junit.jupiter.api.Test;

class SpectralSignatureSettingsTest {

  @Test
  void emptyBlockGivesDefaults() {
    assertEquals(
        SpectralSignatureSettings.defaults(),
        SpectralSignatureSettings.fromConfig(ConfigFactory.empty()));
  }

  @Test
  void readsKeys() {
    SpectralSignatureSettings s =
        SpectralSignatureSettings.fromConfig(
            ConfigFactory.parseString(
                "epsilon = 0.1, group-by = cluster, clusters = 20, variant = robust"));
    assertEquals(0.1, s.epsilon());
    assertEquals(GroupBy.CLUSTER, s.groupBy());
    assertEquals(20, s.clusters());
    assertEquals(SpectralSignatureSettings.Variant.ROBUST, s.variant());
    assertEquals(0.15, s.removalFraction(), 1e-12);
  }

  @Test
  void errorsNameTheKeyAndValue() {
    IllegalArgumentException bad =
        assertThrows(
            IllegalArgumentException.class,
            () -> SpectralSignatureSettings.fromConfig(ConfigFactory.parseString("epsilon = 0.7")));
    assertTrue(
        bad.getMessage().contains("detectors.spectral-signatures.epsilon"), bad.getMessage());
    assertTrue(bad.getMessage().contains("0.7"), bad.getMessage());
    IllegalArgumentException unknown =
        assertThrows(
            IllegalArgumentException.class,
            () -> SpectralSignatureSettings.fromConfig(ConfigFactory.parseString("epsilom = 0.1")));
    assertTrue(
        unknown.getMessage().contains("detectors.spectral-signatures.epsilom"),
        unknown.getMessage());
    IllegalArgumentException variant =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                SpectralSignatureSettings.fromConfig(ConfigFactory.parseString("variant = fancy")));
    assertTrue(variant.getMessage().contains("fancy"), variant.getMessage());
  }
}
