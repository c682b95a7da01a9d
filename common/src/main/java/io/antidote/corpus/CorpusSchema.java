package io.antidote.corpus;

import java.util.List;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The canonical corpus schema (README.md, "Input"). Every stage reads and writes these column
 * names; readers map other names onto them ({@link ColumnMapping}) and carry unknown columns
 * through untouched.
 */
public final class CorpusSchema {
  public static final String SAMPLE_ID = "sample_id";
  public static final String URL = "url";
  public static final String TEXT = "text";
  public static final String IMAGE = "image";
  public static final String LABEL = "label";
  public static final String SHA256 = "sha256";
  public static final String SOURCE = "source";
  public static final String CRAWL_TIME = "crawl_time";

  /** The canonical columns in their documented order. */
  public static final StructType SCHEMA =
      new StructType(
          new StructField[] {
            DataTypes.createStructField(SAMPLE_ID, DataTypes.StringType, false),
            DataTypes.createStructField(URL, DataTypes.StringType, true),
            DataTypes.createStructField(TEXT, DataTypes.StringType, true),
            DataTypes.createStructField(IMAGE, DataTypes.BinaryType, true),
            DataTypes.createStructField(LABEL, DataTypes.StringType, true),
            DataTypes.createStructField(SHA256, DataTypes.StringType, true),
            DataTypes.createStructField(SOURCE, DataTypes.StringType, true),
            DataTypes.createStructField(CRAWL_TIME, DataTypes.TimestampType, true)
          });

  public static final List<String> COLUMNS = List.of(SCHEMA.fieldNames());

  /** Internal lineage columns the reader adds: the input file and the row's index in it. */
  public static final String INPUT_FILE = "_antidote_input_file";

  public static final String ROW_INDEX = "_antidote_row_index";

  private CorpusSchema() {}

  public static DataType typeOf(String column) {
    return SCHEMA.apply(column).dataType();
  }
}
