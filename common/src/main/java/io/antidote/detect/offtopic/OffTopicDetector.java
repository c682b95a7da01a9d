package io.antidote.detect.offtopic;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.posexplode;
import static org.apache.spark.sql.functions.slice;
import static org.apache.spark.sql.functions.sort_array;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.antidote.corpus.RowFacts;
import io.antidote.detect.Detector;
import io.antidote.detect.DetectorInput;
import io.antidote.detect.DetectorInputs;
import io.antidote.detect.DetectorResult;
import io.antidote.detect.evidence.EmpiricalNull;
import io.antidote.detect.evidence.FalseDiscoveryRate;
import io.antidote.detect.evidence.ScoreDistribution;
import io.antidote.detect.groups.ComparableGroups;
import io.antidote.detect.groups.EmpiricalNullFit;
import io.antidote.detect.neighbours.KnnSelfJoin;
import io.antidote.embed.EmbeddingSettings;
import io.antidote.flags.Evidence;
import io.antidote.flags.FlagOutput;
import io.antidote.flags.FlagRows;
import io.antidote.flags.FlagSchema;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * Off-topic content that arrives as a group: provenance units (registrable domain, else host, else
 * source) whose rows are, as a set, farther from the rest of the corpus than the corpus's units
 * are. A poisoner adds content through the few hosts it controls (Carlini et al. 2023, "Poisoning
 * web-scale training datasets is practical", bought expired domains); an injected topic at 1 % is
 * then a distribution shift of those units, found by a two-sample test per unit (a rank test of its
 * rows' isolation against the corpus, {@link UnitShift}) even when the topic is too loose to be a
 * cluster in embedding space (rows no closer to each other than to the corpus) and no single row is
 * beyond the corpus's own tail (van der Waerden's normal scores rather than Mann-Whitney's ranks:
 * see {@link UnitShift}). Isolation is the distance to the m-th nearest row of another unit ({@link
 * UnitIsolation}), read off the shared self-join's lists: no new all-pairs work. Units are rejected
 * by Benjamini-Hochberg at {@code detectors.fdr} against Efron's empirical null of all units' z
 * scores; every row of a rejected unit is flagged with the unit's figures.
 *
 * <p>Assumption: most units carry content like the rest of the corpus, or are topical in the way
 * many other units are (the empirical null absorbs that). Where it fails: a legitimate host whose
 * topic no other host shares (a shop's catalogue in a corpus of news) is flagged like an injection,
 * for review; where every host is on its own topic the null widens (scale 3 with one host per Brown
 * text) and a unit of 10 injected rows no longer stands out; injected rows spread over many
 * established hosts, or a few rows inside a large host, shift no unit and are not found; units with
 * fewer distinct rows than {@code min-unit-rows} are not tested; fewer than {@code min-units}
 * testable units: no test at all.
 */
public final class OffTopicDetector implements Detector {
  public static final String NAME = "off_topic";

  static final String TEST =
      "normal-scores (van der Waerden) test of the unit's rows' distance to their nearest rows of other units against the"
          + " corpus (unit = registrable domain, else host, else source)";
  static final String UNIT = "unit";
  static final String UNIT_ROWS = "unit_rows";
  static final String UNIT_DISTINCT_ROWS = "unit_distinct_rows";
  static final String UNIT_Z = "unit_z";
  static final String UNIT_MEDIAN_ISOLATION = "unit_median_isolation";
  static final String UNIT_SPREAD = "unit_spread";
  static final String ROW_ISOLATION = "row_isolation";
  static final String ROW_QUANTILE = "row_quantile";
  static final String CORPUS_MEDIAN_ISOLATION = "corpus_median_isolation";

  private static final String N_UNIT = "neighbour_unit";
  private static final String POS = "pos";
  private static final String NID = "nid";
  private static final String N_ID = "neighbour_id";
  private static final String DISTANCE = "distance";
  private static final String COPY = "copy";
  private static final String SAME = "nearest_same_unit";
  private static final String Q = "q";
  private static final String DISTINCT = "distinct_rows";
  private static final String ROWS = "rows";
  private static final String SUM_Q = "sum_q";

  private final OffTopicSettings settings;
  private final EmbeddingSettings model;

  public OffTopicDetector(OffTopicSettings settings, EmbeddingSettings model) {
    this.settings = settings;
    this.model = model;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<DetectorInput> inputs() {
    return List.of(
        DetectorInput.ROW_FACTS, new DetectorInput.Neighbours(model, settings.neighbours()));
  }

  @Override
  public void checkInput(DetectorInput input, StructType schema) {
    if (input instanceof DetectorInput.Neighbours) {
      KnnSelfJoin.requireColumns(
          NAME, schema, RowFacts.SAMPLE_ID, KnnSelfJoin.NEIGHBOUR_IDS, KnnSelfJoin.SIMILARITIES);
    } else {
      KnnSelfJoin.requireColumns(
          NAME, schema, RowFacts.SAMPLE_ID, RowFacts.DOMAIN, RowFacts.HOST, RowFacts.SOURCE);
    }
  }

  @Override
  public DetectorResult flag(DetectorInputs inputs) {
    return flag(inputs.rowFacts(), inputs.neighbours(model));
  }

  /**
   * Flags over row facts ({@code sample_id, domain, host, source}) and neighbour lists ({@link
   * KnnSelfJoin#SCHEMA}, most similar first, at least {@code neighbours} per row where the corpus
   * has them).
   */
  public DetectorResult flag(Dataset<Row> facts, Dataset<Row> neighbours) {
    Dataset<Row> units =
        facts.select(
            col(RowFacts.SAMPLE_ID),
            coalesce(col(RowFacts.DOMAIN), col(RowFacts.HOST), col(RowFacts.SOURCE)).as(UNIT));
    Dataset<Row> isolation = isolation(units, neighbours).persist(StorageLevel.MEMORY_AND_DISK());
    try {
      return test(isolation);
    } finally {
      isolation.unpersist(false);
    }
  }

  /** One row per row of the corpus: unit, unit rows, isolation distance, copy, nearest same. */
  private Dataset<Row> isolation(Dataset<Row> units, Dataset<Row> neighbours) {
    Dataset<Row> sizes = units.groupBy(col(UNIT)).agg(count(lit(1)).as(UNIT_ROWS));
    long total = units.count();
    Dataset<Row> exploded =
        neighbours
            .select(
                col(RowFacts.SAMPLE_ID),
                posexplode(slice(col(KnnSelfJoin.NEIGHBOUR_IDS), 1, settings.neighbours())))
            .toDF(RowFacts.SAMPLE_ID, POS, NID);
    Dataset<Row> neighbourUnits =
        exploded
            .join(
                units.select(col(RowFacts.SAMPLE_ID).as(N_ID), col(UNIT).as(N_UNIT)),
                col(NID).equalTo(col(N_ID)),
                "left")
            .groupBy(col(RowFacts.SAMPLE_ID))
            .agg(sort_array(collect_list(struct(col(POS), col(NID), col(N_UNIT)))).as(N_UNIT));
    Dataset<Row> joined =
        neighbours
            .select(
                col(RowFacts.SAMPLE_ID),
                slice(col(KnnSelfJoin.SIMILARITIES), 1, settings.neighbours())
                    .as(KnnSelfJoin.SIMILARITIES))
            .join(units, RowFacts.SAMPLE_ID)
            .join(sizes, units.col(UNIT).eqNullSafe(sizes.col(UNIT)), "left")
            .drop(sizes.col(UNIT))
            .join(neighbourUnits, RowFacts.SAMPLE_ID, "left");
    int rank = settings.rank();
    double copyCut = settings.copySimilarity();
    StructType schema =
        new StructType()
            .add(RowFacts.SAMPLE_ID, DataTypes.StringType, false)
            .add(UNIT, DataTypes.StringType, true)
            .add(UNIT_ROWS, DataTypes.LongType, false)
            .add(DISTANCE, DataTypes.DoubleType, false)
            .add(COPY, DataTypes.BooleanType, false)
            .add(SAME, DataTypes.DoubleType, false);
    MapFunction<Row, Row> toIsolation =
        r -> {
          String id = r.getString(r.fieldIndex(RowFacts.SAMPLE_ID));
          String unit = r.getString(r.fieldIndex(UNIT));
          long unitRows =
              r.isNullAt(r.fieldIndex(UNIT_ROWS)) ? 1 : r.getLong(r.fieldIndex(UNIT_ROWS));
          List<Number> sims = r.getList(r.fieldIndex(KnnSelfJoin.SIMILARITIES));
          List<String> ids = new ArrayList<>();
          List<String> nUnits = new ArrayList<>();
          if (!r.isNullAt(r.fieldIndex(N_UNIT))) {
            for (Row n : r.<Row>getList(r.fieldIndex(N_UNIT))) {
              ids.add(n.getString(1));
              nUnits.add(n.getString(2));
            }
          }
          int m = unit == null ? rank : UnitIsolation.rankFor(rank, (double) unitRows / total);
          UnitIsolation iso = UnitIsolation.of(id, unit, ids, nUnits, sims, m, copyCut);
          return RowFactory.create(
              id,
              unit,
              unit == null ? 1L : unitRows,
              iso.distance(),
              iso.copy(),
              iso.nearestSameUnit());
        };
    return joined.map(toIsolation, Encoders.row(schema));
  }

  private DetectorResult test(Dataset<Row> isolation) {
    Dataset<Row> counted =
        isolation.where(col(DISTANCE).isNaN().equalTo(false).and(col(COPY).equalTo(false)));
    long distinct = counted.count();
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("test", TEST);
    report.put("rank", settings.rank());
    report.put("neighbours", settings.neighbours());
    report.put("distinct_rows", distinct);
    if (distinct == 0) {
      return DetectorResult.ran(NAME, emptyFlags(isolation), withVerdict(report, 0, 0));
    }
    double[] quantiles =
        counted
            .stat()
            .approxQuantile(DISTANCE, UnitShift.probabilities(settings.quantiles()), 1e-4);
    double corpusMedian = UnitShift.quantileValue(quantiles, 0.5);
    report.put("corpus_median_isolation", corpusMedian);
    org.apache.spark.sql.expressions.UserDefinedFunction toScore =
        org.apache.spark.sql.functions.udf(
            (Double d) -> UnitShift.score(UnitShift.quantile(quantiles, d), quantiles.length),
            DataTypes.DoubleType);
    Dataset<Row> perUnit =
        isolation
            .where(col(UNIT).isNotNull())
            .withColumn(
                Q,
                when(
                    col(DISTANCE).isNaN().equalTo(false).and(col(COPY).equalTo(false)),
                    toScore.apply(col(DISTANCE))))
            .groupBy(col(UNIT))
            .agg(
                count(lit(1)).as(ROWS),
                count(col(Q)).as(DISTINCT),
                sum(col(Q)).as(SUM_Q),
                expr("percentile_approx(" + DISTANCE + ", 0.5, 10000)").as(UNIT_MEDIAN_ISOLATION),
                // NaN: no row of its own unit in the list; left out, not a spread of NaN.
                expr("percentile_approx(nanvl(" + SAME + ", null), 0.5, 10000)").as(UNIT_SPREAD))
            .where(col(DISTINCT).geq(settings.minUnitRows()));
    org.apache.spark.sql.expressions.UserDefinedFunction toZ =
        org.apache.spark.sql.functions.udf(
            (Double s, Long n) -> UnitShift.z(s, n, distinct), DataTypes.DoubleType);
    Dataset<Row> scored =
        perUnit
            .withColumn(UNIT_Z, toZ.apply(col(SUM_Q), col(DISTINCT)))
            .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      long tested = scored.count();
      report.put("units_tested", tested);
      report.put("min_unit_rows", settings.minUnitRows());
      if (tested < settings.minUnits()) {
        report.put(
            "not_tested",
            tested
                + " units with >= "
                + settings.minUnitRows()
                + " distinct rows, fewer than "
                + "min-units "
                + settings.minUnits()
                + " (the empirical null needs them)");
        return DetectorResult.ran(NAME, emptyFlags(isolation), withVerdict(report, 0, 0));
      }
      EmpiricalNull nul = EmpiricalNullFit.of(scored, UNIT_Z);
      report.put("null", nul.describe("units"));
      double fdr = settings.common().fdr();
      // Only units with p <= fdr can be rejected: those reach the driver, the count is all units.
      double zReach = nul.centre() + nul.scale() * ComparableGroups.upperTailInverse(fdr);
      List<Row> candidates = scored.where(col(UNIT_Z).geq(zReach)).collectAsList();
      double[] p = new double[candidates.size()];
      for (int i = 0; i < p.length; i++) {
        p[i] = nul.pValue(candidates.get(i).getDouble(candidates.get(i).fieldIndex(UNIT_Z)));
      }
      double cut = FalseDiscoveryRate.cut(p, tested, fdr);
      report.put("fdr", fdr);
      report.put("p_cut", cut < 0 ? "none" : cut);
      Map<String, Map<String, String>> rejected = new HashMap<>();
      List<Map<String, Object>> listed = new ArrayList<>();
      long flaggedRows = 0;
      for (int i = 0; i < p.length; i++) {
        if (cut < 0 || p[i] > cut) {
          continue;
        }
        Row u = candidates.get(i);
        Map<String, String> ev = new LinkedHashMap<>();
        ev.put(Evidence.TEST, TEST);
        ev.put(Evidence.STATISTIC, Double.toString(u.getDouble(u.fieldIndex(UNIT_Z))));
        ev.put(Evidence.NULL_MODEL, nul.describe("units"));
        ev.put(Evidence.P_VALUE, Double.toString(p[i]));
        ev.put(Evidence.FDR, Double.toString(fdr));
        ev.put(Evidence.P_CUT, Double.toString(cut));
        ev.put(UNIT, u.getString(u.fieldIndex(UNIT)));
        ev.put(UNIT_ROWS, Long.toString(u.getLong(u.fieldIndex(ROWS))));
        ev.put(UNIT_DISTINCT_ROWS, Long.toString(u.getLong(u.fieldIndex(DISTINCT))));
        ev.put(UNIT_MEDIAN_ISOLATION, str(u, UNIT_MEDIAN_ISOLATION));
        ev.put(UNIT_SPREAD, str(u, UNIT_SPREAD));
        ev.put(CORPUS_MEDIAN_ISOLATION, Double.toString(corpusMedian));
        ev.put("rank", Integer.toString(settings.rank()));
        rejected.put(u.getString(u.fieldIndex(UNIT)), ev);
        flaggedRows += u.getLong(u.fieldIndex(ROWS));
        Map<String, Object> l = new LinkedHashMap<>(ev);
        l.keySet().removeAll(List.of(Evidence.TEST, Evidence.NULL_MODEL, Evidence.FDR));
        listed.add(l);
      }
      listed.sort(
          (a, b) ->
              Double.compare(
                  Double.parseDouble((String) a.get(Evidence.P_VALUE)),
                  Double.parseDouble((String) b.get(Evidence.P_VALUE))));
      report.put("flagged_units", listed.size() > 50 ? listed.subList(0, 50) : listed);
      double zCut =
          cut < 0
              ? Double.NaN
              : nul.centre() + nul.scale() * ComparableGroups.upperTailInverse(cut);
      // Every tested unit's z, with the z a unit needs to be rejected (when none was: the z a lone
      // unit would have needed, p at most fdr / units).
      double drawnCut =
          Double.isFinite(zCut)
              ? zCut
              : nul.centre()
                  + nul.scale() * ComparableGroups.upperTailInverse(fdr / Math.max(1, tested));
      Row range =
          scored
              .agg(
                  org.apache.spark.sql.functions.min(col(UNIT_Z)),
                  org.apache.spark.sql.functions.max(col(UNIT_Z)))
              .first();
      if (!range.isNullAt(0)) {
        double lo = Math.min(range.getDouble(0), drawnCut);
        double hi = Math.max(range.getDouble(1), drawnCut);
        double pad = Math.max(hi - lo, 1) / ScoreDistribution.BINS;
        int zAt = scored.schema().fieldIndex(UNIT_Z);
        ScoreDistribution units =
            scored
                .javaRDD()
                .treeAggregate(
                    new ScoreDistribution(lo, hi + pad, ScoreDistribution.BINS),
                    (d, r) -> r.isNullAt(zAt) ? d : d.add(r.getDouble(zAt)),
                    ScoreDistribution::merge);
        report.put(
            ScoreDistribution.REPORT_KEY,
            List.of(
                units.toReport(
                    "normal-scores z of each provenance unit's isolation (units tested)",
                    drawnCut,
                    drawnCut,
                    true)));
      }
      Dataset<Row> flags = flags(isolation, rejected, quantiles, zCut);
      return DetectorResult.ran(NAME, flags, withVerdict(report, rejected.size(), flaggedRows));
    } finally {
      scored.unpersist(false);
    }
  }

  private Dataset<Row> flags(
      Dataset<Row> isolation,
      Map<String, Map<String, String>> rejected,
      double[] quantiles,
      double zCut) {
    if (rejected.isEmpty()) {
      return emptyFlags(isolation);
    }
    List<String> keys = new ArrayList<>(rejected.keySet());
    MapFunction<Row, Row> toFlag =
        r -> {
          Map<String, String> ev = new LinkedHashMap<>(rejected.get(r.getString(1)));
          double d = r.getDouble(r.fieldIndex(DISTANCE));
          double q = Double.isNaN(d) ? Double.NaN : UnitShift.quantile(quantiles, d);
          ev.put(ROW_ISOLATION, Double.toString(d));
          ev.put(ROW_QUANTILE, Double.toString(q));
          ev.put("copy", Boolean.toString(r.getBoolean(r.fieldIndex(COPY))));
          double z = Double.parseDouble(ev.get(Evidence.STATISTIC));
          String reason =
              String.format(
                  "unit '%s' (%s rows, %s distinct) is farther from the rest of the corpus than its"
                      + " units are: normal-scores z %.2f > %.2f (p %.3g, BH at %s); median"
                      + " distance to other units' rows %.3f vs the corpus's %.3f",
                  ev.get(UNIT),
                  ev.get(UNIT_ROWS),
                  ev.get(UNIT_DISTINCT_ROWS),
                  z,
                  zCut,
                  Double.parseDouble(ev.get(Evidence.P_VALUE)),
                  ev.get(Evidence.FDR),
                  Double.parseDouble(ev.get(UNIT_MEDIAN_ISOLATION)),
                  Double.parseDouble(ev.get(CORPUS_MEDIAN_ISOLATION)));
          return FlagRows.flag(r.getString(0), NAME, z, zCut, reason, ev);
        };
    return FlagOutput.conform(
        isolation
            .where(col(UNIT).isin(keys.toArray()))
            .map(toFlag, Encoders.row(FlagSchema.DETECTOR_OUTPUT)));
  }

  private static Dataset<Row> emptyFlags(Dataset<Row> any) {
    return any.sparkSession().createDataFrame(List.of(), FlagSchema.DETECTOR_OUTPUT);
  }

  private static Map<String, Object> withVerdict(Map<String, Object> report, int units, long rows) {
    report.put("units_flagged", units);
    report.put("rows_flagged", rows);
    return report;
  }

  private static String str(Row r, String field) {
    int i = r.fieldIndex(field);
    return r.isNullAt(i) ? "NaN" : Double.toString(r.getDouble(i));
  }
}
