package io.antidote.corpus;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.encode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.when;

import io.antidote.config.InputSettings;
import io.antidote.flags.FlagSchema;
import io.antidote.udfs.AntidoteFunctions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a Parquet corpus from {@code file:}, {@code hdfs:} or {@code s3a:} into the canonical
 * schema. Input-level problems (no files, not Parquet, missing or mistyped columns, a column whose
 * type differs between files, no rows, duplicate ids under the {@code fail} policy) throw {@link
 * InputException} naming the file or column; row-level problems (null id, no content, text that is
 * not UTF-8, later duplicates under {@code keep-first}) send the row to the rejected table.
 */
public final class CorpusReader {
  private static final Logger LOG = LoggerFactory.getLogger(CorpusReader.class);
  private static final String REJECT_REASON = "_antidote_reject_reason";
  private static final int DUPLICATES_SHOWN = 10;

  private CorpusReader() {}

  public static Corpus read(SparkSession spark, InputSettings settings) {
    List<InputFile> files =
        InputFiles.list(settings.paths(), spark.sparkContext().hadoopConfiguration());
    long bytes = files.stream().mapToLong(InputFile::length).sum();
    LOG.info("input: {} file(s), {} bytes under {}", files.size(), bytes, settings.paths());
    String description = String.join(", ", settings.paths());
    StructType schema = null;
    long rowsInFooters = -1;
    if (settings.verifyFiles()) {
      List<InputFooter> footers =
          InputFiles.verifyParquet(
              files, spark.sparkContext().hadoopConfiguration(), spark.sessionState().conf());
      schema = InputSchemas.agreed(footers, settings.columnCandidates());
      rowsInFooters = footers.stream().mapToLong(InputFooter::rows).sum();
      LOG.info("input footers: {} rows; schema agreed: {}", rowsInFooters, schema.simpleString());
    }

    try {
      return read(spark, settings, files, description, schema, rowsInFooters);
    } catch (Exception e) { // Spark throws its checked SparkException undeclared
      // Reading the schema, and the jobs below (any rows? duplicate ids?), read the files.
      throw explainReadFailure(e, files, spark.sparkContext().hadoopConfiguration());
    }
  }

  /**
   * Every output table, the curated corpus among them, is partitioned by run_id: an input column of
   * that name (in any case) would silently be replaced by the run id in the curated corpus.
   */
  static void refuseOutputPartitionColumn(
      org.apache.spark.sql.types.StructType schema, String description) {
    for (String name : schema.fieldNames()) {
      if (name.equalsIgnoreCase(FlagSchema.RUN_ID)) {
        throw new InputException(
            "input "
                + description
                + " has a column named '"
                + name
                + "', the partition column of every output table: the curated corpus would"
                + " replace its values with the run id. Rename it in the input (e.g. to"
                + " source_run_id); if it names the rows' origin, map the new name with"
                + " --conf input.columns.source=[source_run_id]");
      }
    }
  }

  /**
   * @param schema the schema agreed from the footers, or null to let Spark take one file's
   * @param rowsInFooters the rows the files' footers hold, or -1 when they were not read
   */
  private static Corpus read(
      SparkSession spark,
      InputSettings settings,
      List<InputFile> files,
      String description,
      StructType schema,
      long rowsInFooters) {
    String[] paths = settings.paths().toArray(new String[0]);
    Dataset<Row> raw =
        schema == null ? spark.read().parquet(paths) : spark.read().schema(schema).parquet(paths);
    refuseOutputPartitionColumn(raw.schema(), description);
    ColumnMapping mapping =
        ColumnMapping.resolve(raw.schema(), settings.columnCandidates(), description);
    LOG.info("column mapping: {}; carried through: {}", mapping.asNames(), mapping.passThrough());

    boolean derivedIds = mapping.source(CorpusSchema.SAMPLE_ID).isEmpty();
    List<Column> select = new ArrayList<>();
    for (String canonical : CorpusSchema.COLUMNS) {
      select.add(canonicalColumn(mapping, canonical).as(canonical));
    }
    for (String extra : mapping.passThrough()) {
      select.add(col("`" + extra + "`"));
    }
    raw =
        raw.withColumn(CorpusSchema.INPUT_FILE, col("_metadata.file_path"))
            .withColumn(CorpusSchema.ROW_INDEX, col("_metadata.row_index"));
    select.add(col(CorpusSchema.INPUT_FILE));
    select.add(col(CorpusSchema.ROW_INDEX));
    Dataset<Row> canonical = raw.select(select.toArray(new Column[0]));
    if (derivedIds) {
      // No id column: derive a stable one from url and content hash, as README.md ("Input")
      // describes.
      canonical =
          canonical.withColumn(
              CorpusSchema.SAMPLE_ID,
              functionsSha256(
                  concat_ws(
                      "\n",
                      org.apache.spark.sql.functions.coalesce(col(CorpusSchema.URL), lit("")),
                      AntidoteFunctions.CONTENT_SHA256.apply(
                          col(CorpusSchema.IMAGE), col(CorpusSchema.TEXT)))));
      LOG.warn(
          "input has no sample id column (looked for {}); deriving ids from url and content hash",
          settings.columnCandidates().get(CorpusSchema.SAMPLE_ID));
    }

    // encode() goes through a Java String, so bytes that are not UTF-8 come back as U+FFFD: a row
    // whose text does not survive the round trip is not valid UTF-8.
    Column text = col(CorpusSchema.TEXT);
    Column reason =
        when(col(CorpusSchema.SAMPLE_ID).isNull(), lit(RejectedSchema.NULL_SAMPLE_ID))
            .when(
                col(CorpusSchema.IMAGE).isNull().and(text.isNull()), lit(RejectedSchema.NO_CONTENT))
            .when(
                text.isNotNull()
                    .and(not(encode(text, "UTF-8").equalTo(text.cast(DataTypes.BinaryType)))),
                lit(RejectedSchema.INVALID_UTF8_TEXT));
    Dataset<Row> marked = canonical.withColumn(REJECT_REASON, reason);
    Dataset<Row> valid = marked.where(col(REJECT_REASON).isNull()).drop(REJECT_REASON);
    Dataset<Row> rejected =
        rejectedRows(marked.where(col(REJECT_REASON).isNotNull()), REJECT_REASON);

    if (valid.isEmpty()) {
      long all = raw.count();
      throw new InputException(
          all == 0
              ? "input " + description + " has no rows to audit"
              : "input "
                  + description
                  + " has "
                  + all
                  + " rows but none can be audited: "
                  + rejected.select(RejectedSchema.REASON).distinct().limit(3).collectAsList());
    }

    switch (settings.duplicateSampleIds()) {
      case FAIL -> failOnDuplicateIds(valid, description);
      case KEEP_FIRST -> {
        Column rank =
            row_number()
                .over(
                    Window.partitionBy(CorpusSchema.SAMPLE_ID)
                        .orderBy(col(CorpusSchema.INPUT_FILE), col(CorpusSchema.ROW_INDEX)));
        Dataset<Row> ranked = valid.withColumn("_antidote_rank", rank);
        Dataset<Row> later =
            ranked
                .where(col("_antidote_rank").gt(1))
                .withColumn(REJECT_REASON, lit(RejectedSchema.DUPLICATE_SAMPLE_ID));
        rejected = rejected.unionByName(rejectedRows(later, REJECT_REASON));
        valid = ranked.where(col("_antidote_rank").equalTo(1)).drop("_antidote_rank");
      }
      default -> throw new IllegalStateException(settings.duplicateSampleIds().toString());
    }
    long rowsRead = rowsInFooters >= 0 ? rowsInFooters : raw.count();
    return new Corpus(raw, valid, rejected, mapping, files, derivedIds, rowsRead);
  }

  private static Column functionsSha256(Column c) {
    return org.apache.spark.sql.functions.sha2(c.cast(DataTypes.BinaryType), 256);
  }

  private static Dataset<Row> rejectedRows(Dataset<Row> rows, String reasonColumn) {
    return rows.select(
        col(CorpusSchema.SAMPLE_ID).as(RejectedSchema.SAMPLE_ID),
        col(CorpusSchema.INPUT_FILE).as(RejectedSchema.INPUT_FILE),
        col(CorpusSchema.ROW_INDEX).as(RejectedSchema.ROW_INDEX),
        col(reasonColumn).as(RejectedSchema.REASON));
  }

  private static void failOnDuplicateIds(Dataset<Row> valid, String description) {
    Dataset<Row> dups =
        valid.groupBy(CorpusSchema.SAMPLE_ID).agg(count(lit(1)).as("n")).where(col("n").gt(1));
    List<Row> shown =
        dups.orderBy(col("n").desc(), col(CorpusSchema.SAMPLE_ID))
            .limit(DUPLICATES_SHOWN)
            .collectAsList();
    if (!shown.isEmpty()) {
      long total = dups.count();
      String examples =
          shown.stream()
              .map(r -> "'" + r.getString(0) + "' x" + r.getLong(1))
              .collect(Collectors.joining(", "));
      throw new InputException(
          total
              + " sample_id value(s) occur more than once in "
              + description
              + " (for example "
              + examples
              + "); ids must be unique. Fix the input, or pass --conf input.duplicate-sample-ids=keep-first"
              + " to keep each id's first row and send the others to the rejected table");
    }
  }

  private static Column canonicalColumn(ColumnMapping mapping, String canonical) {
    StructField expected = CorpusSchema.SCHEMA.apply(canonical);
    return mapping
        .source(canonical)
        .map(field -> convert(canonical, field))
        .orElse(lit(null).cast(expected.dataType()));
  }

  private static Column convert(String canonical, StructField field) {
    Column c = col("`" + field.name() + "`");
    return switch (canonical) {
      case CorpusSchema.SHA256 ->
          field.dataType() instanceof BinaryType
              ? lower(org.apache.spark.sql.functions.hex(c))
              : lower(org.apache.spark.sql.functions.trim(c));
      case CorpusSchema.CRAWL_TIME ->
          field.dataType() instanceof LongType
              ? org.apache.spark.sql.functions.timestamp_seconds(c)
              : c.cast(DataTypes.TimestampType);
      default -> c.cast(CorpusSchema.typeOf(canonical));
    };
  }

  /**
   * Turns a Spark failure caused by unreadable input into an {@link InputException} naming the
   * file: Spark buries the path somewhere in the cause chain (a footer read, a task failure), so
   * look for any input file named there. Failures that are not about the input are returned as they
   * are.
   */
  public static RuntimeException explainReadFailure(Throwable failure, List<InputFile> files) {
    return explain(failure, files);
  }

  /**
   * {@link #explainReadFailure(Throwable, List)}, and when the failure is about the input without
   * naming a file (a task that could not read a footer says which class it could not read, not from
   * where), the first input file whose footer cannot be read, found by reading each footer on the
   * driver: a cost paid on this error path only.
   */
  public static RuntimeException explainReadFailure(
      Throwable failure, List<InputFile> files, org.apache.hadoop.conf.Configuration conf) {
    RuntimeException explained = explain(failure, files);
    if (explained instanceof InputException
        && explained != failure
        && !explained.getMessage().startsWith("cannot read input file")) {
      java.util.Optional<String> culprit = InputFiles.findUnreadableFooter(files, conf);
      if (culprit.isPresent()) {
        return new InputException(culprit.get(), failure);
      }
    }
    return explained;
  }

  private static RuntimeException explain(Throwable failure, List<InputFile> files) {
    if (failure instanceof InputException ie) {
      return ie;
    }
    boolean aboutInput = false;
    String detail = null;
    for (Throwable t = failure; t != null; t = t.getCause()) {
      String m = String.valueOf(t.getMessage());
      for (InputFile f : files) {
        String name = f.path().substring(f.path().lastIndexOf('/') + 1);
        if (m.contains(name)) {
          return new InputException(
              "cannot read input file " + f.path() + ": " + rootMessage(failure), failure);
        }
      }
      if (m.contains("CANNOT_READ_FILE_FOOTER")
          || m.contains("is not a Parquet file")
          || m.contains("FAILED_READ_FILE")
          || m.contains("Could not read footer")
          || m.contains("can not read FileMetaData")
          || m.contains("can not read class org.apache.parquet.format.FileMetaData")
          || t instanceof org.apache.parquet.io.ParquetDecodingException) {
        aboutInput = true;
        detail = firstLine(m);
      }
      if (t instanceof AnalysisException && detail == null) {
        return new InputException("the input does not match its schema: " + firstLine(m), failure);
      }
    }
    if (aboutInput) {
      return new InputException(
          "cannot read the input: " + detail + " (" + rootMessage(failure) + ")", failure);
    }
    return failure instanceof RuntimeException re ? re : new RuntimeException(failure);
  }

  /** The deepest message in the cause chain (Spark's wrappers often carry none), else a class. */
  private static String rootMessage(Throwable t) {
    String message = null;
    Throwable last = t;
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      last = c;
      if (c.getMessage() != null && !c.getMessage().isBlank()) {
        message = c.getMessage();
      }
    }
    return message == null ? last.getClass().getName() : firstLine(message);
  }

  private static String firstLine(String m) {
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }
}
