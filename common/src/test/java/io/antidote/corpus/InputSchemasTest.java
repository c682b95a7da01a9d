package io.antidote.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.antidote.config.InputSettings;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** The read schema agreed from footers: pure logic on schemas, no session, no files. */
class InputSchemasTest {
  private final Map<String, List<String>> candidates =
      InputSettings.fromConfig(io.antidote.config.SettingsBlock.defaults("input"))
          .columnCandidates();

  private static InputFooter footer(String name, StructType schema, Map<String, String> parquet) {
    return new InputFooter(new InputFile("file:/in/" + name, 100, 0), schema, parquet, 10);
  }

  private static StructType laion(org.apache.spark.sql.types.DataType crawlTime) {
    return new StructType()
        .add("key", DataTypes.StringType)
        .add("caption", DataTypes.StringType)
        .add("crawl_time", crawlTime);
  }

  @Test
  void theMajorityTypeWinsAndTheOddFileIsNamedWithBothTypes() {
    List<InputFooter> footers =
        List.of(
            footer("a", laion(DataTypes.StringType), Map.of("crawl_time", "BINARY (STRING)")),
            footer("b", laion(DataTypes.TimestampType), Map.of("crawl_time", "INT96")),
            footer("c", laion(DataTypes.TimestampType), Map.of("crawl_time", "INT96")));
    InputException e =
        assertThrows(InputException.class, () -> InputSchemas.agreed(footers, candidates));
    assertTrue(
        e.getMessage()
            .startsWith(
                "input file file:/in/a has column 'crawl_time' of type string (Parquet BINARY"
                    + " (STRING)), but 2 of the 3 input files have it as timestamp (Parquet INT96)"
                    + " (e.g. file:/in/b)"),
        e.getMessage());
  }

  @Test
  void aTieIsSettledByTheFirstFileInPathOrder() {
    List<InputFooter> footers =
        List.of(
            footer("a", laion(DataTypes.TimestampType), Map.of()),
            footer("b", laion(DataTypes.StringType), Map.of()));
    InputException e =
        assertThrows(InputException.class, () -> InputSchemas.agreed(footers, candidates));
    assertTrue(e.getMessage().startsWith("input file file:/in/b has column 'crawl_time'"));
  }

  @Test
  void theReadSchemaIsTheUnionOfColumnsMatchedWithoutCaseOrNullability() {
    StructType a =
        laion(DataTypes.TimestampType)
            .add("tags", DataTypes.createArrayType(DataTypes.StringType, false), false);
    StructType b =
        new StructType()
            .add("key", DataTypes.StringType)
            .add("Caption", DataTypes.StringType)
            .add("tags", DataTypes.createArrayType(DataTypes.StringType, true))
            .add("width", DataTypes.IntegerType);
    StructType agreed =
        InputSchemas.agreed(
            List.of(footer("a", a, Map.of()), footer("b", b, Map.of())), candidates);
    assertEquals(
        List.of("key", "caption", "crawl_time", "tags", "width"), List.of(agreed.fieldNames()));
    assertEquals(
        DataTypes.createArrayType(DataTypes.StringType, true), agreed.apply("tags").dataType());
    assertTrue(List.of(agreed.fields()).stream().allMatch(f -> f.nullable()));
  }

  @Test
  void aMistypedCanonicalColumnIsNamedInItsFileEvenWhenMostFilesShareTheMistake() {
    StructType wrong =
        new StructType().add("key", DataTypes.StringType).add("caption", DataTypes.LongType);
    StructType right =
        new StructType().add("key", DataTypes.StringType).add("caption", DataTypes.StringType);
    InputException e =
        assertThrows(
            InputException.class,
            () ->
                InputSchemas.agreed(
                    List.of(
                        footer("a", right, Map.of()),
                        footer("b", wrong, Map.of("caption", "INT64")),
                        footer("c", wrong, Map.of("caption", "INT64"))),
                    candidates));
    assertEquals(
        "column 'caption' (read as text) in input file file:/in/b has type bigint; expected string"
            + " (the file stores it as Parquet INT64)",
        e.getMessage());
  }
}
