package io.antidote.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import io.antidote.detect.duplicates.ExactDuplicateSettings;
import io.antidote.detect.integrity.IntegritySettings;
import io.antidote.flags.Action;
import java.io.File;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AntidoteConfigTest {

  @Test
  void defaultsParseIntoSettings() {
    AuditSettings s = AuditSettings.fromConfig(AntidoteConfig.defaults());
    assertEquals("antidote-out", s.output().root());
    assertEquals(OutputSettings.IfExists.FAIL, s.output().ifExists());
    assertEquals(5, s.detector(ExactDuplicateSettings.class).maxGroupSize());
    assertEquals(Action.DROP, s.detector(IntegritySettings.class).common().action());
    assertEquals(List.of("text", "caption", "TEXT"), s.input().columnCandidates().get("text"));
    assertEquals("local[*]", s.spark().master());
  }

  @Test
  void overridesTakeUnquotedPathsAndConvertNumbers() {
    Config c =
        AntidoteConfig.load(
            List.of(),
            Map.of(
                "input.paths", "s3a://bucket/laion/part-*.parquet",
                "antidote.detectors.exact-duplicates.max-group-size", "12",
                "detectors.integrity.enabled", "false"));
    AuditSettings s = AuditSettings.fromConfig(c);
    assertEquals(List.of("s3a://bucket/laion/part-*.parquet"), s.input().paths());
    assertEquals(12, s.detector(ExactDuplicateSettings.class).maxGroupSize());
    assertEquals(false, s.detector(IntegritySettings.class).common().enabled());
  }

  @Test
  void unknownKeyIsNamedWithASuggestion() {
    InvalidConfigException e =
        assertThrows(
            InvalidConfigException.class,
            () ->
                AntidoteConfig.load(List.of(), Map.of("detectors.integrity.max-group-size", "3")));
    assertEquals("antidote.detectors.integrity.max-group-size", e.key());
    assertTrue(e.getMessage().contains("unknown key"), e.getMessage());
    assertTrue(
        e.getMessage().contains("detectors.exact-duplicates.max-group-size"), e.getMessage());
  }

  @Test
  void wrongTypeIsNamed() {
    InvalidConfigException e =
        assertThrows(
            InvalidConfigException.class,
            () ->
                AntidoteConfig.load(
                    List.of(), Map.of("detectors.exact-duplicates.max-group-size", "lots")));
    assertEquals("antidote.detectors.exact-duplicates.max-group-size", e.key());
    assertTrue(e.getMessage().contains("expected a number, got 'lots'"), e.getMessage());
  }

  @Test
  void badEnumAndRangeValuesAreNamed() {
    InvalidConfigException e =
        assertThrows(
            InvalidConfigException.class,
            () ->
                AuditSettings.fromConfig(
                    AntidoteConfig.load(List.of(), Map.of("output.if-exists", "replace"))));
    assertTrue(e.getMessage().contains("antidote.output.if-exists"), e.getMessage());
    assertTrue(e.getMessage().contains("fail, skip, overwrite"), e.getMessage());
    InvalidConfigException range =
        assertThrows(
            InvalidConfigException.class,
            () ->
                AuditSettings.fromConfig(
                    AntidoteConfig.load(
                        List.of(), Map.of("detectors.exact-duplicates.max-group-size", "0"))));
    assertTrue(range.getMessage().contains("outside"), range.getMessage());
    InvalidConfigException runId =
        assertThrows(
            InvalidConfigException.class,
            () ->
                AuditSettings.fromConfig(
                    AntidoteConfig.load(List.of(), Map.of("run.id", "../etc"))));
    assertEquals("antidote.run.id", runId.key());
  }

  @Test
  void filesLayerInOrderAndOverridesWin(@TempDir Path dir) throws Exception {
    File a = dir.resolve("a.conf").toFile();
    File b = dir.resolve("b.conf").toFile();
    Files.writeString(
        a.toPath(),
        "antidote.output.root = /a\nantidote.detectors.exact-duplicates.max-group-size = 7\n");
    Files.writeString(b.toPath(), "antidote { output.root = /b }\n");
    AuditSettings s = AuditSettings.fromConfig(AntidoteConfig.load(List.of(a, b), Map.of()));
    assertEquals("/b", s.output().root());
    assertEquals(7, s.detector(ExactDuplicateSettings.class).maxGroupSize());
    AuditSettings o =
        AuditSettings.fromConfig(AntidoteConfig.load(List.of(a, b), Map.of("output.root", "/c")));
    assertEquals("/c", o.output().root());
  }

  @Test
  void keysOutsideTheNamespaceAndMissingFilesAreRejected(@TempDir Path dir) throws Exception {
    File f = dir.resolve("bad.conf").toFile();
    Files.writeString(f.toPath(), "spark.executor.memory = 4g\n");
    InvalidConfigException e =
        assertThrows(InvalidConfigException.class, () -> AntidoteConfig.load(List.of(f), Map.of()));
    assertEquals("spark.executor.memory", e.key());
    assertThrows(
        InvalidConfigException.class,
        () -> AntidoteConfig.load(List.of(dir.resolve("missing.conf").toFile()), Map.of()));
  }

  @Test
  void sparkConfIsFreeForm() {
    SparkSettings s =
        SparkSettings.fromConfig(
            SettingsBlock.of(
                AntidoteConfig.load(
                    List.of(), Map.of("spark.conf.\"spark.executor.memory\"", "8g")),
                "spark"));
    assertEquals("8g", s.conf().get("spark.executor.memory"));
  }

  @Test
  void shippedConfFilesAreValid() throws Exception {
    // The repository's conf/ folder, copied onto the test classpath by the pom.
    URL confDir = AntidoteConfigTest.class.getResource("/conf");
    assertNotNull(confDir, "conf/ is on the test classpath");
    List<Path> files;
    try (Stream<Path> s = Files.list(Path.of(confDir.toURI()))) {
      files = s.filter(p -> p.getFileName().toString().endsWith(".conf")).sorted().toList();
    }
    assertTrue(files.size() >= 3, "conf/*.conf files exist: " + files);
    for (Path f : files) {
      AuditSettings.fromConfig(AntidoteConfig.load(List.of(f.toFile()), Map.of()));
    }
  }
}
