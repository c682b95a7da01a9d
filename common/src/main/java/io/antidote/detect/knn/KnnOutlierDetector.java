package io.antidote.detect.knn;

import io.antidote.corpus.CorpusSchema;
import io.antidote.flags.FlagRows;
import io.antidote.flags.FlagSchema;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * KNN outliers: a row's score is its cosine distance to its k-th nearest neighbour (Ramaswamy,
 * Rastogi, Shim 2000), computed at several k. Assumption: poisoned rows lie away from clean
 * content. Where it fails: a campaign of m similar rows is invisible at any k below m (each
 * poisoned row's neighbours are the other poisoned rows), so scores are taken at several scales
 * (default k=10 and k=100) and a row is flagged when any scale crosses its cut; a flag at a large k
 * but not at the small one marks a tight group far from the rest of the corpus. Campaigns larger
 * than the largest k need a group detector (activation clustering, near duplicates). Odd but
 * harmless rows (real web corpora are full of them) are flagged too: the quantile mode flags about
 * (1 - quantile) of clean rows per scale by construction, and each flag carries the distances and
 * cuts at every scale for review.
 *
 * <p>Input: the output of {@link KnnSelfJoin} with k at least {@link KnnOutlierSettings#maxK()},
 * persisted by the caller since it is read twice (use {@link #flag} to run the join here). Output:
 * {@link FlagSchema#DETECTOR_OUTPUT}.
 */
public final class KnnOutlierDetector {
  public static final String NAME = "knn_outliers";

  private final KnnOutlierSettings settings;
  private final KnnSettings knn;
  private double[] lastThresholds;

  public KnnOutlierDetector(KnnOutlierSettings settings, KnnSettings knn) {
    this.settings = settings;
    this.knn = knn;
  }

  public String name() {
    return NAME;
  }

  /**
   * Runs the self-join on {@code embeddings} (sample_id, embedding) and flags. The join output is
   * persisted (memory and disk), since the cuts and the flags each read it.
   */
  public Dataset<Row> flag(Dataset<Row> embeddings) {
    return flagNeighbours(
        new KnnSelfJoin(settings.maxK(), knn)
            .run(embeddings)
            .persist(org.apache.spark.storage.StorageLevel.MEMORY_AND_DISK()));
  }

  /** The cut per scale (same order as the settings' scales) used by the last call. */
  public double[] lastThresholds() {
    return lastThresholds == null ? null : lastThresholds.clone();
  }

  static String distanceColumn(int k) {
    return "distance_k" + k;
  }

  /**
   * Adds {@code distance_k<k>} for every scale: 1 - similarity of the k-th (or last, if fewer)
   * neighbour.
   */
  public Dataset<Row> withDistances(Dataset<Row> neighbours) {
    Dataset<Row> d = neighbours;
    Column sims = functions.col(KnnSelfJoin.SIMILARITIES);
    for (int k : settings.scales) {
      Column kth =
          functions.element_at(sims, functions.least(functions.lit(k), functions.size(sims)));
      d =
          d.withColumn(
              distanceColumn(k),
              functions
                  .when(functions.size(sims).gt(0), functions.lit(1.0).minus(kth.cast("double")))
                  .otherwise(functions.lit(2.0)));
    }
    return d;
  }

  public Dataset<Row> flagNeighbours(Dataset<Row> neighbours) {
    int[] scales = settings.scales;
    Dataset<Row> scored = withDistances(neighbours);
    double[] cut = new double[scales.length];
    if (settings.mode == KnnOutlierSettings.ThresholdMode.QUANTILE) {
      String[] cols = new String[scales.length];
      double[] probs = {settings.quantile};
      for (int i = 0; i < scales.length; i++) {
        cols[i] = distanceColumn(scales[i]);
      }
      double[][] q = scored.stat().approxQuantile(cols, probs, 1e-4);
      for (int i = 0; i < scales.length; i++) {
        cut[i] = q[i].length == 0 ? Double.POSITIVE_INFINITY : q[i][0];
      }
    } else {
      java.util.Arrays.fill(cut, settings.absoluteDistance);
    }
    lastThresholds = cut.clone();
    Column any = functions.lit(false);
    for (int i = 0; i < scales.length; i++) {
      any = any.or(functions.col(distanceColumn(scales[i])).gt(cut[i]));
    }
    String cutName =
        settings.mode == KnnOutlierSettings.ThresholdMode.QUANTILE
            ? settings.quantile + "-quantile cut"
            : "absolute cut";
    MapFunction<Row, Row> toFlag = r -> toFlag(r, scales, cut, cutName);
    return scored.where(any).map(toFlag, Encoders.row(FlagSchema.DETECTOR_OUTPUT));
  }

  private static Row toFlag(Row r, int[] scales, double[] cut, String cutName) {
    int best = -1;
    double bestRatio = Double.NEGATIVE_INFINITY;
    double[] dist = new double[scales.length];
    for (int i = 0; i < scales.length; i++) {
      dist[i] = r.getDouble(r.fieldIndex(distanceColumn(scales[i])));
      double ratio = cut[i] > 0 ? dist[i] / cut[i] : Double.POSITIVE_INFINITY;
      if (dist[i] > cut[i] && ratio > bestRatio) {
        bestRatio = ratio;
        best = i;
      }
    }
    Map<String, String> evidence = new LinkedHashMap<>();
    StringBuilder others = new StringBuilder();
    for (int i = 0; i < scales.length; i++) {
      evidence.put(distanceColumn(scales[i]), fmt(dist[i]));
      evidence.put("threshold_k" + scales[i], fmt(cut[i]));
      if (i != best) {
        others
            .append(others.length() == 0 ? "" : ", ")
            .append(String.format("k=%d: %.3f vs cut %.3f", scales[i], dist[i], cut[i]));
      }
    }
    boolean smallScaleQuiet = dist[0] <= cut[0];
    evidence.put("k", Integer.toString(scales[best]));
    List<String> ids = r.getList(r.fieldIndex(KnnSelfJoin.NEIGHBOUR_IDS));
    List<Float> sims = r.getList(r.fieldIndex(KnnSelfJoin.SIMILARITIES));
    List<String> nearest = new ArrayList<>(ids.subList(0, Math.min(5, ids.size())));
    evidence.put("nearest", String.join(",", nearest));
    if (!sims.isEmpty()) {
      evidence.put("nearest_similarity", fmt(sims.get(0)));
    }
    evidence.put("knn_cell", Integer.toString(r.getInt(r.fieldIndex(KnnSelfJoin.CELL))));
    String shape =
        smallScaleQuiet
            ? "; close neighbours at small k but far at large k: a tight group apart from the corpus"
                + " (campaign-like)"
            : "";
    evidence.put("pattern", smallScaleQuiet ? "group" : "isolated");
    evidence.put("action", "review");
    String reason =
        String.format(
            "cosine distance %.3f to its %d-th nearest neighbour exceeds the %s %.3f (%s)%s",
            dist[best], scales[best], cutName, cut[best], others, shape);
    return FlagRows.flag(
        r.getString(r.fieldIndex(CorpusSchema.SAMPLE_ID)),
        NAME,
        dist[best],
        cut[best],
        reason,
        evidence);
  }

  static String fmt(double v) {
    return String.format(java.util.Locale.ROOT, "%.4f", v);
  }
}
