package io.antidote.corpus;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The one schema Spark reads every input file with, agreed from the files' footers before any row
 * is read. Spark (without {@code mergeSchema}) takes the schema of whichever file it lists first
 * and reads every other file as if it had it: a file whose column has another physical type fails
 * mid-run with Spark's own error, and a column missing from that one file vanishes from the whole
 * read, the curated corpus included. So each file is checked on its own (mapped columns of the
 * canonical types), every file must give a column the same type and take each canonical column from
 * the same input column, and the read schema is the union of the files' columns (a file without one
 * reads it as null). Column names match case-insensitively, as Spark's reader does. Assumes a
 * file's pages agree with its footer: pages that do not are found by Spark when it reads them.
 */
public final class InputSchemas {
  private InputSchemas() {}

  /**
   * @param footers every input file's footer, in path order (the first of two disagreeing files of
   *     equal standing is taken as right)
   * @return the schema to read every file with: the union of their columns, all nullable
   * @throws InputException naming the file, the column, its type and the type expected
   */
  public static StructType agreed(List<InputFooter> footers, Map<String, List<String>> candidates) {
    List<ColumnMapping> mappings = new ArrayList<>();
    for (InputFooter f : footers) {
      mappings.add(
          ColumnMapping.resolve(
              f.schema(), candidates, "input file " + f.file().path(), f.parquetTypes()));
    }
    Map<String, List<Found>> byColumn = new LinkedHashMap<>();
    for (InputFooter f : footers) {
      for (StructField field : f.schema().fields()) {
        byColumn
            .computeIfAbsent(key(field.name()), k -> new ArrayList<>())
            .add(new Found(f, field.name(), nullable(field.dataType())));
      }
    }
    List<StructField> union = new ArrayList<>();
    for (List<Found> found : byColumn.values()) {
      DataType agreed = majority(found);
      checkAgreement(found, agreed, footers.size());
      union.add(DataTypes.createStructField(found.get(0).name(), agreed, true));
    }
    StructType schema = new StructType(union.toArray(new StructField[0]));
    ColumnMapping all = ColumnMapping.resolve(schema, candidates, "the input files");
    for (int i = 0; i < footers.size(); i++) {
      checkSameSources(footers.get(i), mappings.get(i), all, footers);
    }
    return schema;
  }

  /** One file's column: the name as that file spells it and its type, nullability aside. */
  private record Found(InputFooter footer, String name, DataType type) {
    String described() {
      String parquet = footer.parquetTypes().get(name);
      return type.simpleString() + (parquet == null ? "" : " (Parquet " + parquet + ")");
    }
  }

  private static String key(String name) {
    return name.toLowerCase(Locale.ROOT);
  }

  /** The type most files give the column; between equals, the first file's. */
  private static DataType majority(List<Found> found) {
    Map<DataType, Integer> votes = new LinkedHashMap<>();
    found.forEach(f -> votes.merge(f.type(), 1, Integer::sum));
    DataType best = found.get(0).type();
    for (Map.Entry<DataType, Integer> v : votes.entrySet()) {
      if (v.getValue() > votes.get(best)) {
        best = v.getKey();
      }
    }
    return best;
  }

  private static void checkAgreement(List<Found> found, DataType agreed, int files) {
    List<Found> odd = found.stream().filter(f -> !f.type().equals(agreed)).toList();
    if (odd.isEmpty()) {
      return;
    }
    Found first = odd.get(0);
    Found example = found.stream().filter(f -> f.type().equals(agreed)).findFirst().orElseThrow();
    long agreeing = found.size() - odd.size();
    throw new InputException(
        "input file "
            + first.footer().file().path()
            + " has column '"
            + first.name()
            + "' of type "
            + first.described()
            + ", but "
            + agreeing
            + " of the "
            + files
            + " input files have it as "
            + example.described()
            + " (e.g. "
            + example.footer().file().path()
            + "). Spark reads all input files with one schema, so a column needs one type in"
            + " every file: rewrite the file with that type, or leave it out of the input ("
            + odd.size()
            + " file(s) differ, the first is named)");
  }

  /**
   * A file that takes a canonical column from another input column than the rest (caption here,
   * text there) would be read with that column null: refused, naming both.
   */
  private static void checkSameSources(
      InputFooter footer, ColumnMapping own, ColumnMapping all, List<InputFooter> footers) {
    for (String canonical : CorpusSchema.COLUMNS) {
      if (own.source(canonical).isEmpty()) {
        continue; // the column is absent from this file: its rows read it as null
      }
      String mine = own.source(canonical).get().name();
      String theirs = all.source(canonical).orElseThrow().name();
      if (!key(mine).equals(key(theirs))) {
        String other =
            footers.stream()
                .filter(
                    f ->
                        List.of(f.schema().fieldNames()).stream()
                            .anyMatch(theirs::equalsIgnoreCase))
                .findFirst()
                .map(f -> f.file().path())
                .orElse("another input file");
        throw new InputException(
            "input file "
                + footer.file().path()
                + " takes "
                + canonical
                + " from column '"
                + mine
                + "', but "
                + other
                + " from column '"
                + theirs
                + "': read together, one of them would have no "
                + canonical
                + ". Give the files the same column names, or audit them separately");
      }
    }
  }

  /** {@code t} with every nested field, element and value nullable: files differ only there. */
  static DataType nullable(DataType t) {
    if (t instanceof StructType s) {
      List<StructField> fields = new ArrayList<>();
      for (StructField f : s.fields()) {
        fields.add(new StructField(f.name(), nullable(f.dataType()), true, f.metadata()));
      }
      return new StructType(fields.toArray(new StructField[0]));
    }
    if (t instanceof ArrayType a) {
      return DataTypes.createArrayType(nullable(a.elementType()), true);
    }
    if (t instanceof MapType m) {
      return DataTypes.createMapType(nullable(m.keyType()), nullable(m.valueType()), true);
    }
    return t;
  }
}
