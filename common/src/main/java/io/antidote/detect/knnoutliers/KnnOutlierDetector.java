package io.antidote.detect.knnoutliers;

import io.antidote.corpus.CorpusSchema;
import io.antidote.detect.Detector;
import io.antidote.detect.DetectorInput;
import io.antidote.detect.DetectorInputs;
import io.antidote.detect.DetectorResult;
import io.antidote.detect.neighbours.KnnSelfJoin;
import io.antidote.embed.EmbeddingSettings;
import io.antidote.flags.FlagRows;
import io.antidote.flags.FlagSchema;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructType;

/**
 * KNN outliers as tests against the corpus's own tails. Per row: the cosine distance to the k-th
 * nearest neighbour (Ramaswamy, Rastogi, Shim 2000) at each scale, its tail probability under an
 * exponential tail fitted to the corpus ({@link TailModel}), Bonferroni over the scales. Per group:
 * rows close to each other and far from the rest (a campaign) are joined by mutual-neighbour edges
 * and tested by the gap between their inside and outside similarities ({@link OutlierGroups}).
 * Flags are decided by Benjamini-Hochberg at {@code detectors.fdr}. Assumption: poisoned content
 * lies beyond the corpus's own tail, alone or as a group. Where it fails: odd rows that are no
 * odder than the corpus's natural tail (real web text is full of them) are not flagged, by design;
 * a loose topic (rows as far from each other as from the rest) is no group; groups larger than the
 * neighbour lists ({@code group.max-size}) need another detector (near duplicates, clustering). A
 * ranked review budget (quantile or absolute cut) remains as a non-default mode.
 *
 * <p>Input: the shared self-join's neighbour lists ({@link KnnSelfJoin#SCHEMA}) with at least
 * {@link KnnOutlierSettings#maxK()} neighbours per row, persisted by the audit. Work on the driver:
 * histograms of the statistics (scales + group sizes, 4,000 bins each), at most {@code
 * group.max-candidates} p-values and candidate rows (their neighbour lists), and the flagged
 * groups' member ids; nothing else per row.
 */
public final class KnnOutlierDetector implements Detector {
  public static final String NAME = "knn_outliers";

  private final KnnOutlierSettings settings;
  private final EmbeddingSettings model;

  public KnnOutlierDetector(KnnOutlierSettings settings, EmbeddingSettings model) {
    this.settings = settings;
    this.model = model;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<DetectorInput> inputs() {
    return List.of(new DetectorInput.Neighbours(model, settings.maxK()));
  }

  @Override
  public void checkInput(DetectorInput input, StructType schema) {
    KnnSelfJoin.requireColumns(
        NAME,
        schema,
        CorpusSchema.SAMPLE_ID,
        KnnSelfJoin.CELL,
        KnnSelfJoin.NEIGHBOUR_IDS,
        KnnSelfJoin.SIMILARITIES);
  }

  @Override
  public DetectorResult flag(DetectorInputs inputs) {
    return flagNeighbours(inputs.neighbours(model));
  }

  /**
   * Flags over {@code neighbours} ({@link KnnSelfJoin#SCHEMA}, at least {@link
   * KnnOutlierSettings#maxK()} neighbours per row, most similar first).
   */
  public DetectorResult flagNeighbours(Dataset<Row> neighbours) {
    return settings.mode() == KnnOutlierSettings.ThresholdMode.TEST
        ? KnnOutlierTests.run(neighbours, settings)
        : budget(neighbours);
  }

  /** Review-budget mode: a cut per scale, not a test. */
  private DetectorResult budget(Dataset<Row> neighbours) {
    int[] scales = settings.scales().stream().mapToInt(Integer::intValue).toArray();
    Dataset<Row> scored = withDistances(neighbours, scales);
    double[] cut = cuts(scored, scales);
    Column any = functions.lit(false);
    for (int i = 0; i < scales.length; i++) {
      any = any.or(functions.col(OutlierFlag.distanceKey(scales[i])).gt(cut[i]));
    }
    String cutName =
        settings.mode() == KnnOutlierSettings.ThresholdMode.QUANTILE
            ? settings.quantile() + "-quantile cut"
            : "absolute cut";
    MapFunction<Row, Row> toFlag = r -> toFlag(r, scales, cut, cutName);
    Dataset<Row> flags = scored.where(any).map(toFlag, Encoders.row(FlagSchema.DETECTOR_OUTPUT));
    return DetectorResult.ran(NAME, flags, report(scales, cut));
  }

  /**
   * Adds {@code distance_k<k>} for every scale, as {@link OutlierFlag#kthDistance} defines it: in
   * SQL, so the quantiles run as one aggregate.
   */
  static Dataset<Row> withDistances(Dataset<Row> neighbours, int[] scales) {
    Dataset<Row> d = neighbours;
    Column sims = functions.col(KnnSelfJoin.SIMILARITIES);
    for (int k : scales) {
      Column kth =
          functions.element_at(sims, functions.least(functions.lit(k), functions.size(sims)));
      d =
          d.withColumn(
              OutlierFlag.distanceKey(k),
              functions
                  .when(functions.size(sims).gt(0), functions.lit(1.0).minus(kth.cast("double")))
                  .otherwise(functions.lit(OutlierFlag.NO_NEIGHBOUR)));
    }
    return d;
  }

  /** The cut per scale: the corpus's quantile of the scale's distance, or the absolute cut. */
  private double[] cuts(Dataset<Row> scored, int[] scales) {
    double[] cut = new double[scales.length];
    if (settings.mode() == KnnOutlierSettings.ThresholdMode.QUANTILE) {
      String[] cols = new String[scales.length];
      for (int i = 0; i < scales.length; i++) {
        cols[i] = OutlierFlag.distanceKey(scales[i]);
      }
      double[][] q = scored.stat().approxQuantile(cols, new double[] {settings.quantile()}, 1e-4);
      for (int i = 0; i < scales.length; i++) {
        cut[i] = q[i].length == 0 ? Double.POSITIVE_INFINITY : q[i][0];
      }
    } else {
      Arrays.fill(cut, settings.absoluteDistance());
    }
    return cut;
  }

  private Map<String, Object> report(int[] scales, double[] cut) {
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("threshold_mode", settings.mode().name().toLowerCase(java.util.Locale.ROOT));
    if (settings.mode() == KnnOutlierSettings.ThresholdMode.QUANTILE) {
      report.put("quantile", settings.quantile());
    }
    List<Map<String, Object>> thresholds = new ArrayList<>();
    for (int i = 0; i < scales.length; i++) {
      // An empty corpus has no quantile: reported as "none" (JSON has no infinity).
      Map<String, Object> t = new LinkedHashMap<>();
      t.put("k", scales[i]);
      t.put("threshold", Double.isInfinite(cut[i]) ? "none" : cut[i]);
      thresholds.add(t);
    }
    report.put("thresholds", thresholds);
    return report;
  }

  private static Row toFlag(Row r, int[] scales, double[] cut, String cutName) {
    double[] dist = new double[scales.length];
    for (int i = 0; i < scales.length; i++) {
      dist[i] = r.getDouble(r.fieldIndex(OutlierFlag.distanceKey(scales[i])));
    }
    List<Float> sims = r.getList(r.fieldIndex(KnnSelfJoin.SIMILARITIES));
    OutlierFlag f =
        OutlierFlag.of(
            scales,
            dist,
            cut,
            cutName,
            r.getList(r.fieldIndex(KnnSelfJoin.NEIGHBOUR_IDS)),
            sims.isEmpty() ? Double.NaN : sims.get(0),
            r.getInt(r.fieldIndex(KnnSelfJoin.CELL)));
    return FlagRows.flag(
        r.getString(r.fieldIndex(CorpusSchema.SAMPLE_ID)),
        NAME,
        f.score(),
        f.threshold(),
        f.reason(),
        f.evidence());
  }
}
