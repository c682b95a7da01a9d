package io.antidote.detect.imagehash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.antidote.config.AntidoteConfig;
import io.antidote.config.AuditSettings;
import io.antidote.config.InvalidConfigException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code antidote.near-duplicates.image}, parsed once with the rest of the audit's settings. */
class ImageHashSettingsTest {
  @Test
  void defaultsAreImagededupsCutWithPigeonholeBands() {
    ImageHashSettings s = AuditSettings.fromConfig(AntidoteConfig.defaults()).imageNearDuplicates();
    assertEquals(10, s.hammingCut());
    assertEquals(11, s.bands());
    assertEquals(0, s.layout().radius());
    assertEquals(List.of(0.04, 0.08), s.cropShares());
    assertEquals(24.0, s.colourCut());
  }

  @Test
  void bandsTheCutCannotBeProbedWithNameTheKey() {
    InvalidConfigException e =
        assertThrows(
            InvalidConfigException.class,
            () ->
                AuditSettings.fromConfig(
                    AntidoteConfig.load(List.of(), Map.of("near-duplicates.image.bands", "2"))));
    assertEquals("antidote.near-duplicates.image.bands", e.key());
    assertTrue(e.getMessage().contains("probe keys per hash"), e.getMessage());
    InvalidConfigException share =
        assertThrows(
            InvalidConfigException.class,
            () ->
                AuditSettings.fromConfig(
                    AntidoteConfig.load(
                        List.of(), Map.of("near-duplicates.image.crop-shares", "[0.04, 0.6]"))));
    assertEquals("antidote.near-duplicates.image.crop-shares", share.key());
    InvalidConfigException colour =
        assertThrows(
            InvalidConfigException.class,
            () ->
                AuditSettings.fromConfig(
                    AntidoteConfig.load(
                        List.of(), Map.of("near-duplicates.image.colour-cut", "300"))));
    assertEquals("antidote.near-duplicates.image.colour-cut", colour.key());
  }
}
