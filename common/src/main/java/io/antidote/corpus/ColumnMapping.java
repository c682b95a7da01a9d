package io.antidote.corpus;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.TimestampNTZType;
import org.apache.spark.sql.types.TimestampType;

/**
 * Which input column feeds each canonical column, decided from the input schema alone (no data
 * moves). The first candidate name present wins; an exact match beats a case-insensitive one. A
 * present column of a type that cannot stand for the canonical one is an error naming both.
 */
public final class ColumnMapping {
  private final Map<String, StructField> sources;
  private final List<String> passThrough;

  private ColumnMapping(Map<String, StructField> sources, List<String> passThrough) {
    this.sources = sources;
    this.passThrough = passThrough;
  }

  /**
   * @param inputDescription named in errors, e.g. the input paths
   */
  public static ColumnMapping resolve(
      StructType input, Map<String, List<String>> candidates, String inputDescription) {
    return resolve(input, candidates, inputDescription, Map.of());
  }

  /**
   * {@link #resolve(StructType, Map, String)} for one file, whose columns' Parquet types (by name)
   * are named beside Spark's in errors.
   */
  static ColumnMapping resolve(
      StructType input,
      Map<String, List<String>> candidates,
      String inputDescription,
      Map<String, String> parquetTypes) {
    Map<String, StructField> sources = new LinkedHashMap<>();
    for (String canonical : CorpusSchema.COLUMNS) {
      List<String> names = candidates.getOrDefault(canonical, List.of(canonical));
      find(input, names)
          .ifPresent(
              field -> {
                checkType(canonical, field, inputDescription, parquetTypes.get(field.name()));
                sources.put(canonical, field);
              });
    }
    if (!sources.containsKey(CorpusSchema.TEXT) && !sources.containsKey(CorpusSchema.IMAGE)) {
      throw new InputException(
          "input "
              + inputDescription
              + " has neither a text column (looked for "
              + candidates.get(CorpusSchema.TEXT)
              + ") nor an image column (looked for "
              + candidates.get(CorpusSchema.IMAGE)
              + "); its columns are "
              + List.of(input.fieldNames())
              + ". Map yours with --conf input.columns.text=[name]");
    }
    List<String> passThrough = new ArrayList<>();
    for (StructField f : input.fields()) {
      boolean mapped = sources.values().stream().anyMatch(s -> s.name().equals(f.name()));
      boolean shadowsCanonical =
          CorpusSchema.COLUMNS.stream().anyMatch(c -> c.equalsIgnoreCase(f.name()));
      if (!mapped && shadowsCanonical) {
        throw new InputException(
            "column '"
                + f.name()
                + "' in "
                + inputDescription
                + " has a canonical name but is not mapped to it (another column was); rename it or"
                + " list it first under input.columns");
      }
      if (!mapped) {
        passThrough.add(f.name());
      }
    }
    return new ColumnMapping(Collections.unmodifiableMap(sources), List.copyOf(passThrough));
  }

  private static Optional<StructField> find(StructType input, List<String> names) {
    for (String name : names) {
      for (StructField f : input.fields()) {
        if (f.name().equals(name)) {
          return Optional.of(f);
        }
      }
    }
    for (String name : names) {
      for (StructField f : input.fields()) {
        if (f.name().equalsIgnoreCase(name)) {
          return Optional.of(f);
        }
      }
    }
    return Optional.empty();
  }

  private static void checkType(
      String canonical, StructField field, String inputDescription, String parquetType) {
    DataType t = field.dataType();
    boolean ok =
        switch (canonical) {
          case CorpusSchema.IMAGE -> t instanceof BinaryType;
          case CorpusSchema.SHA256 -> t instanceof StringType || t instanceof BinaryType;
          case CorpusSchema.CRAWL_TIME ->
              t instanceof TimestampType
                  || t instanceof TimestampNTZType
                  || t instanceof DateType
                  || t instanceof StringType
                  || t instanceof LongType;
          case CorpusSchema.SAMPLE_ID, CorpusSchema.LABEL ->
              t instanceof StringType || t instanceof LongType || t instanceof IntegerType;
          default -> t instanceof StringType;
        };
    if (!ok) {
      String expected =
          switch (canonical) {
            case CorpusSchema.IMAGE -> "binary";
            case CorpusSchema.SHA256 -> "string (hex) or binary";
            case CorpusSchema.CRAWL_TIME ->
                "timestamp, date, ISO-8601 string or epoch seconds (long)";
            case CorpusSchema.SAMPLE_ID, CorpusSchema.LABEL -> "string, int or long";
            default -> "string";
          };
      throw new InputException(
          "column '"
              + field.name()
              + "' (read as "
              + canonical
              + ") in "
              + inputDescription
              + " has type "
              + t.simpleString()
              + "; expected "
              + expected
              + (parquetType == null
                  ? ""
                  : " (the file stores it as Parquet " + parquetType + ")"));
    }
  }

  /** The input column feeding {@code canonical}, if any. */
  public Optional<StructField> source(String canonical) {
    return Optional.ofNullable(sources.get(canonical));
  }

  /** Input columns that are not mapped: carried through untouched. */
  public List<String> passThrough() {
    return passThrough;
  }

  /** Canonical column → input column name, for run.json and the curated corpus. */
  public Map<String, String> asNames() {
    Map<String, String> m = new LinkedHashMap<>();
    sources.forEach((k, v) -> m.put(k, v.name()));
    return m;
  }
}
