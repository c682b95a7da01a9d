package io.antidote.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.antidote.config.InputSettings;
import io.antidote.testing.LaionRows;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class ColumnMappingTest {
  private final Map<String, List<String>> candidates =
      InputSettings.fromConfig(io.antidote.config.SettingsBlock.defaults("input"))
          .columnCandidates();

  @Test
  void laionNamesMapOntoTheCanonicalSchemaAndExtrasPassThrough() {
    ColumnMapping m = ColumnMapping.resolve(LaionRows.SCHEMA, candidates, "test");
    assertEquals("key", m.asNames().get(CorpusSchema.SAMPLE_ID));
    assertEquals("caption", m.asNames().get(CorpusSchema.TEXT));
    assertEquals("jpg", m.asNames().get(CorpusSchema.IMAGE));
    assertEquals(List.of("width"), m.passThrough());
  }

  @Test
  void upperCaseLaionNamesMatch() {
    StructType s =
        new StructType()
            .add("SAMPLE_ID", DataTypes.LongType)
            .add("URL", DataTypes.StringType)
            .add("TEXT", DataTypes.StringType);
    ColumnMapping m = ColumnMapping.resolve(s, candidates, "test");
    assertEquals("SAMPLE_ID", m.asNames().get(CorpusSchema.SAMPLE_ID));
    assertEquals("URL", m.asNames().get(CorpusSchema.URL));
  }

  @Test
  void noContentColumnIsAnErrorListingWhatWasSought() {
    StructType s =
        new StructType().add("key", DataTypes.StringType).add("body", DataTypes.StringType);
    InputException e =
        assertThrows(InputException.class, () -> ColumnMapping.resolve(s, candidates, "s3a://b/x"));
    assertTrue(e.getMessage().contains("s3a://b/x"), e.getMessage());
    assertTrue(e.getMessage().contains("[text, caption, TEXT]"), e.getMessage());
    assertTrue(e.getMessage().contains("[key, body]"), e.getMessage());
  }

  @Test
  void wrongTypeNamesColumnAndExpectedType() {
    StructType s =
        new StructType().add("key", DataTypes.StringType).add("caption", DataTypes.IntegerType);
    InputException e =
        assertThrows(InputException.class, () -> ColumnMapping.resolve(s, candidates, "in"));
    assertEquals(
        "column 'caption' (read as text) in in has type int; expected string", e.getMessage());
    StructType img =
        new StructType().add("key", DataTypes.StringType).add("jpg", DataTypes.StringType);
    InputException ie =
        assertThrows(InputException.class, () -> ColumnMapping.resolve(img, candidates, "in"));
    assertTrue(ie.getMessage().contains("expected binary"), ie.getMessage());
  }
}
