package io.antidote.report;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.antidote.corpus.InputException;
import io.antidote.detect.evidence.ScoreDistribution;
import io.antidote.flags.FlagSchema;
import io.antidote.output.OutputTable;
import io.antidote.output.RunCommitter;
import io.antidote.report.ReportContent.DetectorSection;
import io.antidote.report.ReportContent.Distribution;
import io.antidote.report.ReportContent.Example;
import io.antidote.report.ReportContent.RollupLine;
import io.antidote.report.ReportContent.RollupView;
import io.antidote.report.ReportContent.TableExcerpt;
import io.antidote.rollup.RollupSchema;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF3;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Builds a run's report, {@code runs/run_id=<id>/report/index.html}, from its run.json and its
 * tables: at commit from the staged run (so the report is committed with it), or later from a
 * committed run ({@code antidote report RUN_DIR}). The figures come from run.json; the histograms,
 * examples and top keys are distributed aggregates of the flag, roll-up and groups tables, of which
 * only a bounded number of rows reach the driver.
 *
 * <p>Fails on a folder that is not a committed run (no run.json): a half-written run's tables are
 * not what its run.json would say.
 */
public final class RunReport {

  /** The report's place inside the run's folder under {@code runs/}. */
  public static final String PATH = "report/index.html";

  /**
   * The groups/campaigns table, when a run writes one ({@code groups/run_id=<id>}); the report
   * shows an excerpt of it and stays silent without it.
   */
  public static final String GROUPS_TABLE = "groups";

  /** Columns of the groups excerpt: enough to read a campaign, bounded like everything else. */
  private static final int GROUP_COLUMNS = 12;

  private static final int GROUP_ROWS = 20;
  private static final String BIN = "bin";
  private static final String RANK = "rank";

  private final SparkSession spark;
  private final Path tablesRoot;
  private final String runId;
  private final ReportSettings settings;

  private RunReport(SparkSession spark, Path tablesRoot, String runId, ReportSettings settings) {
    this.spark = spark;
    this.tablesRoot = tablesRoot;
    this.runId = runId;
    this.settings = settings;
  }

  /** Writes the report of a staged run beside its staged run.json, before the commit. */
  public static void stage(
      SparkSession spark, RunCommitter committer, String runJson, ReportSettings settings) {
    Path stagingRoot = new Path(committer.stagingTable(OutputTable.RUNS)).getParent();
    String html = new RunReport(spark, stagingRoot, committer.runId(), settings).html(runJson);
    committer.stageRunFile(PATH, html);
  }

  /**
   * Rebuilds the report of the committed run in {@code runDir} ({@code <root>/runs/run_id=<id>})
   * and returns where it was written.
   *
   * @throws InputException when {@code runDir} is not a committed run's folder
   */
  public static Path rebuild(SparkSession spark, String runDir, ReportSettings settings) {
    Path dir = new Path(runDir);
    try {
      FileSystem fs = dir.getFileSystem(spark.sparkContext().hadoopConfiguration());
      dir = fs.makeQualified(dir);
      String name = dir.getName();
      Path runs = dir.getParent();
      if (!name.startsWith("run_id=")
          || runs == null
          || !runs.getName().equals(OutputTable.RUNS.dir())
          || runs.getParent() == null) {
        throw new InputException(
            runDir + " is not a run folder: expected <output root>/runs/run_id=<id>");
      }
      Path json = new Path(dir, RunCommitter.RUN_JSON);
      if (!fs.exists(json)) {
        throw new InputException(
            runDir
                + " is not a committed run: it has no "
                + RunCommitter.RUN_JSON
                + " (a run that failed, was killed or is still running has none)");
      }
      String runJson;
      try (InputStream in = fs.open(json)) {
        runJson = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      String runId = name.substring("run_id=".length());
      String html = new RunReport(spark, runs.getParent(), runId, settings).html(runJson);
      Path target = new Path(dir, PATH);
      Path tmp = new Path(target.getParent(), "." + UUID.randomUUID() + ".tmp");
      fs.mkdirs(target.getParent());
      try (OutputStream out = fs.create(tmp, false)) {
        out.write(html.getBytes(StandardCharsets.UTF_8));
      }
      fs.delete(target, false);
      if (!fs.rename(tmp, target)) {
        fs.delete(tmp, false);
        throw new IOException("rename " + tmp + " -> " + target + " failed");
      }
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot rebuild the report of " + runDir + ": " + e.getMessage(), e);
    }
  }

  String html(String runJson) {
    return ReportPage.renderWithin(content(runJson), ReportPage.MAX_BYTES);
  }

  ReportContent content(String runJson) {
    JsonNode doc;
    try {
      doc = new ObjectMapper().readTree(runJson);
    } catch (IOException e) {
      throw new InputException("run.json of run " + runId + " is not JSON: " + e.getMessage(), e);
    }
    JsonNode countsNode = doc.path("counts");
    Map<String, Long> counts = new LinkedHashMap<>();
    countsNode
        .fields()
        .forEachRemaining(
            f -> {
              if (f.getValue().isIntegralNumber()) {
                counts.put(f.getKey(), f.getValue().asLong());
              }
            });
    Map<String, Long> timings = new LinkedHashMap<>();
    doc.path("timings_ms")
        .fields()
        .forEachRemaining(f -> timings.put(f.getKey(), f.getValue().asLong()));

    Optional<Dataset<Row>> flags = table(OutputTable.FLAGS.dir());
    Map<String, ScoreHistogram> histograms = flags.map(this::histograms).orElse(Map.of());
    Map<String, List<Example>> examples = flags.map(this::examples).orElse(Map.of());
    List<DetectorSection> detectors = new ArrayList<>();
    JsonNode flagCounts = countsNode.path("flags_by_detector");
    JsonNode notRun = countsNode.path("detectors_not_run");
    TreeSet<String> names = new TreeSet<>();
    flagCounts.fieldNames().forEachRemaining(names::add);
    notRun.fieldNames().forEachRemaining(names::add);
    for (String name : names) {
      JsonNode detectorReport = doc.path("detector_reports").path(name);
      detectors.add(
          new DetectorSection(
              name,
              flagCounts.path(name).asLong(0),
              detectorReport.path("action").asText(""),
              notRun.has(name) ? Optional.of(notRun.get(name).asText()) : Optional.empty(),
              distributions(detectorReport.path(ScoreDistribution.REPORT_KEY)),
              Optional.ofNullable(histograms.get(name)),
              examples.getOrDefault(name, List.of())));
    }
    Map<String, RollupView> rollups =
        table(OutputTable.ROLLUPS.dir()).map(this::rollups).orElse(Map.of());
    return new ReportContent(
        doc.path("run_id").asText(runId),
        doc.path("command").asText(""),
        doc.path("status").asText(""),
        doc.path("started_at").asText(""),
        doc.path("finished_at").asText(""),
        counts,
        timings,
        detectors,
        rollups,
        table(GROUPS_TABLE).map(this::excerpt));
  }

  /** The run's partition of a table, staged or committed, if the run wrote it. */
  private Optional<Dataset<Row>> table(String dir) {
    Path p = new Path(new Path(tablesRoot, dir), "run_id=" + runId);
    try {
      FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (!fs.exists(p)) {
        return Optional.empty();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + p + ": " + e.getMessage(), e);
    }
    return Optional.of(spark.read().parquet(p.toString()));
  }

  /** A detector's {@link ScoreDistribution#toReport} entries as run.json holds them. */
  static List<Distribution> distributions(JsonNode list) {
    List<Distribution> out = new ArrayList<>();
    for (JsonNode d : list) {
      JsonNode countsNode = d.path("counts");
      long[] counts = new long[countsNode.size()];
      for (int i = 0; i < counts.length; i++) {
        counts[i] = countsNode.get(i).asLong();
      }
      double lo = d.path("lo").asDouble();
      double hi = d.path("hi").asDouble();
      if (counts.length == 0 || !(hi > lo)) {
        continue; // nothing drawable
      }
      boolean hasCut = d.path("cut_min").isNumber() && d.path("cut_max").isNumber();
      out.add(
          new Distribution(
              d.path("statistic").asText(""),
              !"below".equals(d.path("flagged").asText("above")),
              hasCut,
              new ScoreHistogram(
                  lo,
                  hi,
                  counts,
                  hasCut ? d.path("cut_min").asDouble() : Double.NaN,
                  hasCut ? d.path("cut_max").asDouble() : Double.NaN,
                  d.path("non_finite").asLong(0))));
    }
    return out;
  }

  /** Per detector: range by one aggregate, then bin counts by a second; a few rows each. */
  private Map<String, ScoreHistogram> histograms(Dataset<Row> flags) {
    Column score = col(FlagSchema.SCORE);
    Column finite =
        not(isnan(score))
            .and(score.notEqual(lit(Double.POSITIVE_INFINITY)))
            .and(score.notEqual(lit(Double.NEGATIVE_INFINITY)));
    List<Row> stats =
        flags
            .groupBy(col(FlagSchema.DETECTOR))
            .agg(
                min(when(finite, score)),
                max(when(finite, score)),
                min(col(FlagSchema.THRESHOLD)),
                max(col(FlagSchema.THRESHOLD)),
                sum(when(finite, 0L).otherwise(1L)))
            .collectAsList();
    List<Row> ranges = new ArrayList<>();
    Map<String, Row> byDetector = new TreeMap<>();
    for (Row r : stats) {
      if (r.isNullAt(1)) {
        continue; // no finite score to bin
      }
      double[] range =
          ScoreHistogram.range(r.getDouble(1), r.getDouble(2), r.getDouble(3), r.getDouble(4));
      ranges.add(RowFactory.create(r.getString(0), range[0], range[1]));
      byDetector.put(r.getString(0), r);
    }
    if (ranges.isEmpty()) {
      return Map.of();
    }
    int bins = settings.histogramBins();
    StructType rangeSchema =
        new StructType()
            .add("range_detector", DataTypes.StringType)
            .add("lo", DataTypes.DoubleType)
            .add("hi", DataTypes.DoubleType);
    Dataset<Row> rangeFrame = spark.createDataFrame(ranges, rangeSchema);
    UserDefinedFunction binOf =
        functions.udf(
            (UDF3<Double, Double, Double, Integer>)
                (s, lo, hi) -> ScoreHistogram.bin(s, lo, hi, bins),
            DataTypes.IntegerType);
    List<Row> counted =
        flags
            .where(finite)
            .join(broadcast(rangeFrame), col(FlagSchema.DETECTOR).equalTo(col("range_detector")))
            .select(col(FlagSchema.DETECTOR), binOf.apply(score, col("lo"), col("hi")).as(BIN))
            .groupBy(col(FlagSchema.DETECTOR), col(BIN))
            .count()
            .collectAsList();
    Map<String, long[]> countsByDetector = new TreeMap<>();
    for (Row r : counted) {
      countsByDetector.computeIfAbsent(r.getString(0), k -> new long[bins])[r.getInt(1)] =
          r.getLong(2);
    }
    Map<String, ScoreHistogram> out = new TreeMap<>();
    for (Row range : ranges) {
      String name = range.getString(0);
      Row s = byDetector.get(name);
      out.put(
          name,
          new ScoreHistogram(
              range.getDouble(1),
              range.getDouble(2),
              countsByDetector.getOrDefault(name, new long[bins]),
              s.getDouble(3),
              s.getDouble(4),
              s.getLong(5)));
    }
    return out;
  }

  /**
   * Up to {@code examples-per-detector} flags per detector, farthest from their cut first (the
   * plainest cases, whichever way the detector's score points), by a window, not a collect.
   */
  private Map<String, List<Example>> examples(Dataset<Row> flags) {
    if (settings.examplesPerDetector() == 0) {
      return Map.of();
    }
    List<Row> rows =
        flags
            .withColumn(
                RANK,
                row_number()
                    .over(
                        Window.partitionBy(col(FlagSchema.DETECTOR))
                            .orderBy(
                                abs(col(FlagSchema.SCORE).minus(col(FlagSchema.THRESHOLD)))
                                    .desc_nulls_last(),
                                col(FlagSchema.SAMPLE_ID))))
            .where(col(RANK).leq(settings.examplesPerDetector()))
            .select(
                col(FlagSchema.DETECTOR),
                col(RANK),
                col(FlagSchema.SAMPLE_ID),
                col(FlagSchema.SCORE),
                col(FlagSchema.THRESHOLD),
                col(FlagSchema.REASON),
                col(FlagSchema.URL),
                col(FlagSchema.SOURCE),
                col(FlagSchema.LABEL))
            .orderBy(col(FlagSchema.DETECTOR), col(RANK))
            .collectAsList();
    Map<String, List<Example>> out = new TreeMap<>();
    for (Row r : rows) {
      out.computeIfAbsent(r.getString(0), k -> new ArrayList<>())
          .add(
              new Example(
                  r.getString(2),
                  r.getDouble(3),
                  r.getDouble(4),
                  r.getString(5),
                  r.getString(6),
                  r.getString(7),
                  r.getString(8)));
    }
    return out;
  }

  /** Per dimension: key counts by one aggregate, the top keys by flagged share by a window. */
  private Map<String, RollupView> rollups(Dataset<Row> table) {
    Map<String, long[]> keyCounts = new TreeMap<>();
    for (Row r :
        table
            .groupBy(col(RollupSchema.DIMENSION))
            .agg(count(lit(1)), sum(when(col(RollupSchema.FLAGGED).gt(0), 1L).otherwise(0L)))
            .collectAsList()) {
      keyCounts.put(r.getString(0), new long[] {r.getLong(1), r.getLong(2)});
    }
    Map<String, List<RollupLine>> top = new TreeMap<>();
    for (Row r :
        table
            .where(col(RollupSchema.FLAGGED).gt(0))
            .withColumn(
                RANK,
                row_number()
                    .over(
                        Window.partitionBy(col(RollupSchema.DIMENSION))
                            .orderBy(
                                col(RollupSchema.FLAGGED_SHARE).desc(),
                                col(RollupSchema.FLAGGED).desc(),
                                col(RollupSchema.KEY).asc_nulls_last())))
            .where(col(RANK).leq(settings.topKeys()))
            .orderBy(col(RollupSchema.DIMENSION), col(RANK))
            .select(
                col(RollupSchema.DIMENSION),
                col(RollupSchema.KEY),
                col(RollupSchema.ROWS),
                col(RollupSchema.FLAGGED),
                col(RollupSchema.DROPPED),
                col(RollupSchema.FLAGGED_SHARE))
            .collectAsList()) {
      top.computeIfAbsent(r.getString(0), k -> new ArrayList<>())
          .add(
              new RollupLine(
                  r.getString(1), r.getLong(2), r.getLong(3), r.getLong(4), r.getDouble(5)));
    }
    Map<String, RollupView> out = new LinkedHashMap<>();
    for (String dimension : RollupSchema.DIMENSIONS) {
      long[] k = keyCounts.getOrDefault(dimension, new long[2]);
      out.put(dimension, new RollupView(k[1], k[0], top.getOrDefault(dimension, List.of())));
    }
    return out;
  }

  /** The first rows of a table of unknown schema, every value cast to text. */
  private TableExcerpt excerpt(Dataset<Row> table) {
    List<String> columns = new ArrayList<>();
    List<Column> cast = new ArrayList<>();
    for (String c : table.columns()) {
      if (columns.size() == GROUP_COLUMNS) {
        break;
      }
      columns.add(c);
      cast.add(col("`" + c.replace("`", "``") + "`").cast("string"));
    }
    List<List<String>> values = new ArrayList<>();
    Iterator<Row> it =
        table.select(cast.toArray(Column[]::new)).limit(GROUP_ROWS).collectAsList().iterator();
    while (it.hasNext()) {
      Row r = it.next();
      List<String> line = new ArrayList<>();
      for (int i = 0; i < r.size(); i++) {
        line.add(r.isNullAt(i) ? "" : r.getString(i));
      }
      values.add(line);
    }
    return new TableExcerpt(table.count(), columns, values);
  }
}
