package io.antidote.detect.knnoutliers;

import io.antidote.corpus.CorpusSchema;
import io.antidote.detect.DetectorResult;
import io.antidote.detect.evidence.FalseDiscoveryRate;
import io.antidote.detect.evidence.ScoreDistribution;
import io.antidote.detect.neighbours.KnnSelfJoin;
import io.antidote.flags.FlagRows;
import io.antidote.flags.FlagSchema;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.function.FilterFunction;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The Spark glue of {@link KnnOutlierDetector}'s test mode. Passes over the neighbour lists: (1)
 * one tree aggregate of fixed-bin histograms of every statistic (the k-th distance per scale, the
 * gap per group size), from which the driver fits the tail nulls; (2) the smallest row p-values (at
 * most {@code max-candidates}, for BH) and the group candidates (at most {@code max-candidates},
 * smallest gap p-value first, with their neighbour lists); (3) the flags, a filter over the scored
 * rows. Only those bounded sets reach the driver.
 */
final class KnnOutlierTests {
  static final int BINS = 4000;
  static final String ROW_P = "row_p";
  static final String ROW_SCALE = "row_scale";
  static final String GAP_P = "gap_p";
  static final String DISTANCES = "distances";

  private KnnOutlierTests() {}

  static DetectorResult run(Dataset<Row> neighbours, KnnOutlierSettings s) {
    int[] scales = s.scales().stream().mapToInt(Integer::intValue).toArray();
    int minSize = s.groupMinSize();
    int maxSize = s.groupMaxSize();
    int sizes = maxSize - minSize + 1;
    double q = s.common().fdr();
    int simsCol = neighbours.schema().fieldIndex(KnnSelfJoin.SIMILARITIES);

    // (1) Histograms of every statistic, merged by a tree aggregate.
    Histograms hist =
        neighbours
            .javaRDD()
            .treeAggregate(
                new Histograms(scales.length + sizes, 0, 2, BINS),
                (h, r) -> {
                  float[] sims = floats(r.getList(simsCol));
                  for (int i = 0; i < scales.length; i++) {
                    h.add(i, OutlierFlag.kthDistance(sims, scales[i]));
                  }
                  double[] gaps = NeighbourGaps.gaps(sims, minSize, maxSize);
                  for (int j = 0; j < sizes; j++) {
                    h.add(scales.length + j, gaps[j]);
                  }
                  return h;
                },
                Histograms::merge);
    long n = 0;
    for (long c : hist.counts[0]) {
      n += c;
    }
    TailModel[] rowNull = new TailModel[scales.length];
    for (int i = 0; i < scales.length; i++) {
      rowNull[i] = hist.tail(i, s.tailFrom(), s.tailTo());
    }
    TailModel[] gapNull = new TailModel[sizes];
    for (int j = 0; j < sizes; j++) {
      gapNull[j] = hist.tail(scales.length + j, s.tailFrom(), s.tailTo());
    }

    // (2) Scores per row: the row p-value (Bonferroni over scales) and the best gap p-value.
    StructType scoredSchema =
        neighbours
            .schema()
            .add(DISTANCES, DataTypes.createArrayType(DataTypes.DoubleType, false), false)
            .add(ROW_P, DataTypes.DoubleType, false)
            .add(ROW_SCALE, DataTypes.IntegerType, false)
            .add(GAP_P, DataTypes.DoubleType, false);
    int width = neighbours.schema().size();
    MapFunction<Row, Row> score =
        r -> {
          float[] sims = floats(r.getList(simsCol));
          Object[] v = new Object[width + 4];
          for (int i = 0; i < width; i++) {
            v[i] = r.get(i);
          }
          double[] dist = new double[scales.length];
          double best = Double.POSITIVE_INFINITY;
          int at = 0;
          for (int i = 0; i < scales.length; i++) {
            double d = OutlierFlag.kthDistance(sims, scales[i]);
            dist[i] = d;
            double p = rowNull[i].sf(d);
            if (p < best) {
              best = p;
              at = i;
            }
          }
          double[] gaps = NeighbourGaps.gaps(sims, minSize, maxSize);
          double gapP = 1.0;
          for (int j = 0; j < sizes; j++) {
            if (!Double.isNaN(gaps[j])) {
              gapP = Math.min(gapP, gapNull[j].sf(gaps[j]));
            }
          }
          v[width] = dist;
          v[width + 1] = Math.min(1.0, best * scales.length);
          v[width + 2] = at;
          v[width + 3] = gapP;
          return RowFactory.create(v);
        };
    Dataset<Row> scored = neighbours.map(score, Encoders.row(scoredSchema));

    int cap = s.maxCandidates();
    List<Row> smallest =
        scored
            .where(functions.col(ROW_P).leq(q))
            .orderBy(functions.col(ROW_P), functions.col(CorpusSchema.SAMPLE_ID))
            .limit(cap)
            .select(ROW_P)
            .collectAsList();
    double[] rowPs = smallest.stream().mapToDouble(r -> r.getDouble(0)).toArray();
    double rowCut = FalseDiscoveryRate.cut(rowPs, Math.max(1, n), q);
    boolean rowCapped = rowPs.length == cap && rowCut >= rowPs[rowPs.length - 1];

    List<Row> cand =
        scored
            .where(functions.col(GAP_P).leq(s.candidateP()))
            .orderBy(functions.col(GAP_P), functions.col(CorpusSchema.SAMPLE_ID))
            .limit(cap)
            .select(CorpusSchema.SAMPLE_ID, KnnSelfJoin.NEIGHBOUR_IDS, KnnSelfJoin.SIMILARITIES)
            .collectAsList();
    List<OutlierGroups.Candidate> candidates = new ArrayList<>(cand.size());
    for (Row r : cand) {
      List<String> ids = r.getList(1);
      candidates.add(
          new OutlierGroups.Candidate(
              r.getString(0),
              List.copyOf(ids.subList(0, Math.min(s.edgeK(), ids.size()))),
              floats(r.getList(2))));
    }
    OutlierGroups.Result groups =
        OutlierGroups.find(candidates, gapNull, minSize, maxSize, s.edgeK(), n, q);
    Map<String, OutlierGroups.Group> member = new HashMap<>();
    for (OutlierGroups.Group g : groups.flagged()) {
      for (String id : g.members()) {
        member.put(id, g);
      }
    }

    // (3) Flags: rows past the row cut, and members of flagged groups (a bounded map).
    String[] rowNullText = new String[scales.length];
    double[] distanceCut = new double[scales.length];
    for (int i = 0; i < scales.length; i++) {
      rowNullText[i] =
          rowNull[i].describe(OutlierFlag.distanceKey(scales[i]))
              + ", Bonferroni x"
              + scales.length;
      distanceCut[i] = valueAt(rowNull[i], rowCut / scales.length);
    }
    double groupCut = groups.pCut();
    long hypotheses = groups.hypotheses();
    int idCol = neighbours.schema().fieldIndex(CorpusSchema.SAMPLE_ID);
    int idsCol = neighbours.schema().fieldIndex(KnnSelfJoin.NEIGHBOUR_IDS);
    int cellCol = neighbours.schema().fieldIndex(KnnSelfJoin.CELL);
    FilterFunction<Row> flagged =
        r ->
            (rowCut >= 0 && r.getDouble(width + 1) <= rowCut)
                || member.containsKey(r.getString(idCol));
    MapFunction<Row, Row> toFlag =
        r -> {
          String id = r.getString(idCol);
          double[] dist = doubles(r.get(width));
          List<String> nearest = r.getList(idsCol);
          List<Float> sims = r.getList(simsCol);
          double nearestSim = sims.isEmpty() ? Double.NaN : sims.get(0);
          int cell = r.getInt(cellCol);
          OutlierGroups.Group g = member.get(id);
          OutlierFlag f;
          if (g != null) {
            TailModel t = gapNull[g.scale() - minSize];
            String nullText =
                t.describe("the gap at size " + g.scale())
                    + "; BH over "
                    + hypotheses
                    + " disjoint groups of sizes "
                    + minSize
                    + ".."
                    + maxSize;
            f =
                OutlierFlag.ofGroup(
                    g,
                    valueAt(t, groupCut),
                    nullText,
                    q,
                    groupCut,
                    scales,
                    dist,
                    nearest,
                    nearestSim,
                    cell);
          } else {
            int at = r.getInt(width + 2);
            f =
                OutlierFlag.ofRow(
                    scales,
                    dist,
                    at,
                    r.getDouble(width + 1),
                    distanceCut[at],
                    rowNullText[at],
                    q,
                    rowCut,
                    nearest,
                    nearestSim,
                    cell);
          }
          return FlagRows.flag(
              id, KnnOutlierDetector.NAME, f.score(), f.threshold(), f.reason(), f.evidence());
        };
    Dataset<Row> flags =
        scored.filter(flagged).map(toFlag, Encoders.row(FlagSchema.DETECTOR_OUTPUT));
    Map<String, Object> report =
        report(s, scales, n, rowNull, rowCut, rowPs.length, rowCapped, candidates.size(), groups);
    report.put(ScoreDistribution.REPORT_KEY, distributions(hist, scales, rowNull, rowCut, n, q));
    return DetectorResult.ran(KnnOutlierDetector.NAME, flags, report);
  }

  /**
   * Each scale's distance over every row, from the histograms the nulls were fitted to (no second
   * pass), with the distance a row needs to be flagged: the BH cut's, or when nothing was rejected,
   * the distance at which a lone row would have been (p at most q / n).
   */
  private static List<Map<String, Object>> distributions(
      Histograms hist, int[] scales, TailModel[] rowNull, double rowCut, long n, double q) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (int i = 0; i < scales.length; i++) {
      double p = (rowCut >= 0 ? rowCut : q / Math.max(1, n)) / scales.length;
      double cut = valueAt(rowNull[i], p);
      out.add(
          ScoreDistribution.rebin(hist.counts[i], 0, 2, cut)
              .toReport(
                  "cosine distance to the " + scales[i] + "-th neighbour (all rows)",
                  cut,
                  cut,
                  true));
    }
    return out;
  }

  /** The statistic whose tail p-value under {@code t} is {@code p} (infinite when p <= 0). */
  static double valueAt(TailModel t, double p) {
    if (!(p > 0) || !(t.tau() > 0)) {
      return Double.POSITIVE_INFINITY;
    }
    return p >= t.tau() ? t.u() : t.u() + t.sigma() * Math.log(t.tau() / p);
  }

  /** The distances column: the array the score map wrote, or a Seq after a serialisation. */
  private static double[] doubles(Object o) {
    if (o instanceof double[] d) {
      return d;
    }
    return scala.collection.JavaConverters.seqAsJavaList((scala.collection.Seq<?>) o).stream()
        .mapToDouble(x -> ((Number) x).doubleValue())
        .toArray();
  }

  private static float[] floats(List<Float> l) {
    float[] f = new float[l.size()];
    for (int i = 0; i < f.length; i++) {
      f[i] = l.get(i);
    }
    return f;
  }

  private static Map<String, Object> report(
      KnnOutlierSettings s,
      int[] scales,
      long n,
      TailModel[] rowNull,
      double rowCut,
      int rowPs,
      boolean rowCapped,
      int candidates,
      OutlierGroups.Result groups) {
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("threshold_mode", "test");
    report.put("fdr", s.common().fdr());
    report.put("rows", n);
    List<Map<String, Object>> nulls = new ArrayList<>();
    for (int i = 0; i < scales.length; i++) {
      Map<String, Object> t = new LinkedHashMap<>();
      t.put("k", scales[i]);
      // An empty corpus has no tail: "none" (JSON has no infinity).
      t.put("u", Double.isInfinite(rowNull[i].u()) ? "none" : rowNull[i].u());
      t.put("tau", rowNull[i].tau());
      t.put("sigma", rowNull[i].sigma());
      nulls.add(t);
    }
    report.put("row_nulls", nulls);
    report.put("row_p_cut", rowCut);
    report.put("row_p_values_collected", rowPs);
    report.put("row_p_values_capped", rowCapped);
    report.put("group_candidates", candidates);
    report.put("group_candidates_capped", candidates == s.maxCandidates());
    report.put("group_hypotheses", groups.hypotheses());
    report.put("group_p_cut", groups.pCut());
    List<Map<String, Object>> tested = new ArrayList<>();
    for (OutlierGroups.Group g : groups.tested().subList(0, Math.min(10, groups.tested().size()))) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("group_id", g.id());
      m.put("size", g.members().size());
      m.put("scale", g.scale());
      m.put("statistic", g.statistic());
      m.put("p_value", g.pValue());
      m.put("spread", g.spread());
      m.put("separation", g.separation());
      m.put("flagged", groups.pCut() >= 0 && g.pValue() <= groups.pCut());
      tested.add(m);
    }
    report.put("groups_tested", groups.tested().size());
    report.put("groups", tested);
    return report;
  }
}
