package io.antidote.detect.spectral;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.format_number;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.map;

import io.antidote.detect.Detector;
import io.antidote.detect.DetectorInput;
import io.antidote.detect.DetectorInputs;
import io.antidote.detect.DetectorResult;
import io.antidote.detect.groups.EmbeddingGroups;
import io.antidote.detect.groups.EmbeddingRow;
import io.antidote.detect.groups.GroupBy;
import io.antidote.detect.groups.GroupMoments;
import io.antidote.detect.groups.PartitionIterators;
import io.antidote.detect.groups.ProjectionScorer;
import io.antidote.detect.linalg.EigenPairs;
import io.antidote.detect.linalg.GramAccumulator;
import io.antidote.detect.linalg.MeanCovariance;
import io.antidote.detect.linalg.QuantileCut;
import io.antidote.detect.linalg.SymmetricEigen;
import io.antidote.embed.EmbeddingSettings;
import io.antidote.flags.FlagOutput;
import io.antidote.flags.FlagSchema;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * Spectral signatures (Tran, Li, Madry, "Spectral Signatures in Backdoor Attacks", NeurIPS 2018) as
 * a test. Within each group (label, or embedding cluster for unlabelled corpora) a planted
 * sub-population shifts the mean and adds variance along the shift, opening a gap λ1/λ2. By default
 * ({@code mode = test}, {@link SpectralTest}) a group is flagged in only when its ln(λ1/λ2) is far
 * above the other groups' (BH over groups), and then only the rows whose projection on the top
 * direction is far out of the group's robustly fitted bulk (BH within the group). {@code mode =
 * budget} is the paper's rule: the top ⌈1.5·ε·n⌉ of every group, clean or not, optionally scored
 * with SPECTRE's QUE after robust whitening ({@code variant = robust}, Hayase et al. 2021).
 *
 * <p>Assumes the poison is a minority separated along some direction by more than the clean spread
 * there, and that most groups are clean and comparable. Fails with fewer than 3 scored groups, when
 * most groups are poisoned alike, and on poison whose variance along its shift is below the group's
 * own top eigenvalue (small or diffuse sets).
 *
 * <p>Work: one scan for per-group mean and covariance (a distributed {@link GramAccumulator}
 * aggregate), eigenvectors on the driver; in test mode, for rejected groups only, one projection
 * scan (cached), two per-group approximate medians and one pass for the p-values.
 */
public final class SpectralSignatureDetector implements Detector {
  public static final String NAME = "spectral_signatures";

  private static final String GROUP = "group";
  private static final String SCORE = "score";
  private static final String K = "k";

  private final SpectralSignatureSettings settings;
  private final EmbeddingSettings model;

  /**
   * @param settings the detector's block
   * @param model the model whose vectors it reads (the audit's main model)
   */
  public SpectralSignatureDetector(SpectralSignatureSettings settings, EmbeddingSettings model) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.model = Objects.requireNonNull(model, "model");
  }

  public SpectralSignatureSettings settings() {
    return settings;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<DetectorInput> inputs() {
    return List.of(new DetectorInput.Embeddings(model));
  }

  @Override
  public void checkInput(DetectorInput input, StructType schema) {
    if (input instanceof DetectorInput.Embeddings) {
      EmbeddingGroups.checkSchema(schema, settings.groupBy());
    }
  }

  @Override
  public DetectorResult flag(DetectorInputs inputs) {
    SpectralSignatureResult r = run(inputs.embeddings(model));
    return DetectorResult.ran(NAME, r.flags(), r.report());
  }

  /**
   * Flags over an embedding frame with {@code sample_id} (string), {@code embedding}
   * (array&lt;float&gt;) and, for grouping by label, {@code label} (string, nullable). Other
   * columns are ignored. The returned flags are checkpointed and the cached scores released, so the
   * result needs no clean-up.
   */
  public SpectralSignatureResult run(Dataset<Row> embeddings) {
    SparkSession spark = embeddings.sparkSession();
    int dim = EmbeddingGroups.dimension(embeddings);
    GroupBy groupBy = EmbeddingGroups.resolve(embeddings, settings.groupBy());
    // Not cached: each scan re-reads the input (one moment scan, one scoring scan), which is
    // cheaper than
    // holding a web-scale embedding table in executor memory.
    Dataset<EmbeddingRow> rows =
        EmbeddingGroups.assign(embeddings, dim, groupBy, settings.clusters(), settings.seed());
    long total = embeddings.count();
    boolean robust = settings.variant() == SpectralSignatureSettings.Variant.ROBUST;
    boolean budget = settings.mode() == SpectralSignatureSettings.Mode.BUDGET;
    int keep =
        !budget
            ? 1
            : robust ? Math.min(settings.robustDims(), dim) : Math.min(settings.components(), dim);

    Map<String, GroupSpectrum> spectra = new TreeMap<>();
    Map<String, ProjectionScorer> scorers = new HashMap<>();
    Map<String, double[]> topValues = new HashMap<>();
    GroupMoments.forEach(
        rows,
        dim,
        (group, mc) -> {
          if (mc.count() < settings.minGroupSize()) {
            spectra.put(
                group,
                new GroupSpectrum(
                    group,
                    mc.count(),
                    Double.NaN,
                    Double.NaN,
                    Double.NaN,
                    0,
                    false,
                    Double.NaN,
                    null));
            return;
          }
          int k = robust ? robustDims(mc.count(), keep) : keep;
          EigenPairs e = SymmetricEigen.top(mc.covariance(), dim, Math.max(2, k));
          double[][] basis = new double[k][];
          for (int i = 0; i < k; i++) {
            basis[i] = e.vector(i);
          }
          scorers.put(group, new ProjectionScorer(mc.mean(), basis, null, null));
          topValues.put(group, java.util.Arrays.copyOf(e.values(), k));
          long flagged = budget ? QuantileCut.topCount(mc.count(), settings.removalFraction()) : 0;
          spectra.put(
              group,
              new GroupSpectrum(
                  group,
                  mc.count(),
                  e.value(0),
                  e.value(1),
                  e.topRatio(),
                  flagged,
                  true,
                  Double.NaN,
                  null));
        });
    long valid = spectra.values().stream().mapToLong(GroupSpectrum::size).sum();
    if (!budget) {
      Dataset<Row> flags =
          SpectralTest.run(
              rows, spectra, scorers, settings.common().fdr(), settings.nullScaleFloor());
      List<GroupSpectrum> groups = new ArrayList<>(spectra.values());
      groups.sort(Comparator.comparing(GroupSpectrum::group));
      return new SpectralSignatureResult(
          flags, groups, groupBy, dim, total - valid, settings.common().fdr());
    }

    if (robust && !scorers.isEmpty()) {
      robustify(spark, rows, scorers, topValues, spectra);
    }

    Broadcast<Map<String, ProjectionScorer>> bc =
        JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(scorers);
    StructType scoredSchema =
        new StructType()
            .add(FlagSchema.SAMPLE_ID, DataTypes.StringType, false)
            .add(GROUP, DataTypes.StringType, false)
            .add(SCORE, DataTypes.DoubleType, false);
    Dataset<Row> scored =
        rows.mapPartitions(
                (Iterator<EmbeddingRow> it) -> {
                  Map<String, ProjectionScorer> s = bc.value();
                  return PartitionIterators.mapSkippingNull(
                      it,
                      r -> {
                        ProjectionScorer scorer = s.get(r.getGroup());
                        return scorer == null
                            ? null
                            : RowFactory.create(
                                r.getSampleId(), r.getGroup(), scorer.score(r.getEmbedding()));
                      });
                },
                Encoders.row(scoredSchema))
            // Scores are read twice (per-group quantile, then selection); keeping them (about 50
            // bytes a row) saves a second scan of the embeddings. Released below, once the flags
            // are checkpointed.
            .persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> flags;
    try {
      Dataset<Row> groupFrame = groupFrame(spark, spectra);
      Dataset<Row> kept =
          TopFractionPerGroup.select(
              scored,
              groupFrame,
              FlagSchema.SAMPLE_ID,
              GROUP,
              SCORE,
              K,
              settings.removalFraction());
      // Eager: the flags are computed now from the cached scores and stay valid after they go.
      flags = FlagOutput.conform(toFlags(kept, robust)).localCheckpoint();
    } finally {
      scored.unpersist(false);
      bc.destroy();
    }
    List<GroupSpectrum> groups = new ArrayList<>(spectra.values());
    groups.sort(Comparator.comparing(GroupSpectrum::group));
    return new SpectralSignatureResult(
        flags, groups, groupBy, dim, total - valid, settings.common().fdr());
  }

  /** k for the robust variant: leave enough rows per dimension for a stable trimmed covariance. */
  private int robustDims(long n, int keep) {
    long trimmedRows = (long) Math.floor(n * (1 - settings.removalFraction()));
    return (int) Math.max(2, Math.min(keep, trimmedRows / 4));
  }

  /**
   * Replaces each group's scorer by SPECTRE's: robust mean and covariance of the top-k projections
   * by iterative trimming (each iteration: a trimming score, a per-group quantile cut at 1 − 1.5·ε,
   * a moment aggregate over the rows under it), then whitening and QUE. The trimming score starts
   * as the plain spectral signature and is then the QUE score under the current estimate, a simple
   * stand-in for SPECTRE's filter (which has guarantees this does not).
   */
  private void robustify(
      SparkSession spark,
      Dataset<EmbeddingRow> rows,
      Map<String, ProjectionScorer> scorers,
      Map<String, double[]> topValues,
      Map<String, GroupSpectrum> spectra) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Broadcast<Map<String, ProjectionScorer>> projections = jsc.broadcast(new HashMap<>(scorers));
    org.apache.spark.api.java.JavaRDD<Tuple2<String, double[]>> projected =
        rows.javaRDD()
            .mapPartitions(
                (Iterator<EmbeddingRow> it) -> {
                  Map<String, ProjectionScorer> p = projections.value();
                  return PartitionIterators.mapSkippingNull(
                      it,
                      r -> {
                        ProjectionScorer s = p.get(r.getGroup());
                        return s == null
                            ? null
                            : new Tuple2<>(r.getGroup(), s.project(r.getEmbedding()));
                      });
                })
            .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      // Start from the full moments: in projected coordinates mean 0, covariance diag(λ).
      Map<String, double[]> m = new HashMap<>();
      Map<String, double[]> s = new HashMap<>();
      for (Map.Entry<String, double[]> e : topValues.entrySet()) {
        int k = e.getValue().length;
        m.put(e.getKey(), new double[k]);
        s.put(e.getKey(), diag(e.getValue()));
      }
      double trim = settings.removalFraction();
      for (int iter = 0; iter < settings.robustIterations(); iter++) {
        // Trimming score. Iteration 0: the plain spectral signature (squared first coordinate, the
        // top
        // singular direction). Later: the QUE score under the current estimate. A Mahalanobis trim
        // would be
        // wrong here: a tight campaign is close to its group in every direction but one, so its
        // Mahalanobis
        // distance is smaller than a typical clean row's.
        Map<String, ProjectionScorer> trimScores = new HashMap<>();
        for (String g : m.keySet()) {
          int k = m.get(g).length;
          double[] form;
          if (iter == 0) {
            form = new double[k * k];
            form[0] = 1;
          } else {
            form = QueScoring.form(m.get(g), s.get(g), diag(topValues.get(g)), settings.queAlpha());
          }
          trimScores.put(g, new ProjectionScorer(new double[0], new double[0][], m.get(g), form));
        }
        Broadcast<Map<String, ProjectionScorer>> bm = jsc.broadcast(trimScores);
        Map<String, Double> cuts = trimCuts(spark, projected, bm, 1 - trim);
        Broadcast<Map<String, Double>> bc = jsc.broadcast(cuts);
        Map<String, GramAccumulator> moments =
            projected
                .filter(
                    t ->
                        bm.value().get(t._1()).scoreProjected(t._2().clone())
                            <= bc.value().get(t._1()))
                .mapToPair(
                    t -> {
                      GramAccumulator a = new GramAccumulator(t._2().length);
                      a.add(t._2());
                      a.flush();
                      return new Tuple2<>(t._1(), a);
                    })
                .reduceByKey(GramAccumulator::merge)
                .collectAsMap();
        for (Map.Entry<String, GramAccumulator> e : moments.entrySet()) {
          MeanCovariance mc = e.getValue().meanCovariance();
          m.put(e.getKey(), mc.mean());
          s.put(e.getKey(), mc.covariance());
        }
        bm.destroy();
        bc.destroy();
      }
      for (String g : m.keySet()) {
        ProjectionScorer p = scorers.get(g);
        double[] full = diag(topValues.get(g));
        double[] form = QueScoring.form(m.get(g), s.get(g), full, settings.queAlpha());
        double top = QueScoring.whitenedTop(m.get(g), s.get(g), full);
        scorers.put(g, p.withWhitening(m.get(g), form));
        GroupSpectrum old = spectra.get(g);
        spectra.put(
            g,
            new GroupSpectrum(
                old.group(),
                old.size(),
                old.lambda1(),
                old.lambda2(),
                old.eigenvalueRatio(),
                old.flagged(),
                old.scored(),
                top,
                null));
      }
    } finally {
      projected.unpersist(false);
      projections.destroy();
    }
  }

  private static Map<String, Double> trimCuts(
      SparkSession spark,
      org.apache.spark.api.java.JavaRDD<Tuple2<String, double[]>> projected,
      Broadcast<Map<String, ProjectionScorer>> bm,
      double quantile) {
    StructType schema =
        new StructType()
            .add(GROUP, DataTypes.StringType, false)
            .add("d2", DataTypes.DoubleType, false);
    Dataset<Row> d2 =
        spark.createDataFrame(
            projected.map(
                t ->
                    RowFactory.create(
                        t._1(), bm.value().get(t._1()).scoreProjected(t._2().clone()))),
            schema);
    Map<String, Double> cuts = new HashMap<>();
    for (Row r :
        d2.groupBy(GROUP)
            .agg(
                expr(
                    "percentile_approx(d2, "
                        + quantile
                        + ", "
                        + TopFractionPerGroup.ACCURACY
                        + ")"))
            .collectAsList()) {
      cuts.put(r.getString(0), r.getDouble(1));
    }
    return cuts;
  }

  private static double[] diag(double[] values) {
    int k = values.length;
    double[] d = new double[k * k];
    for (int i = 0; i < k; i++) {
      d[i + i * k] = values[i];
    }
    return d;
  }

  private Dataset<Row> groupFrame(SparkSession spark, Map<String, GroupSpectrum> spectra) {
    StructType schema =
        new StructType()
            .add(GROUP, DataTypes.StringType, false)
            .add("group_size", DataTypes.LongType, false)
            .add(K, DataTypes.LongType, false)
            .add("lambda1", DataTypes.DoubleType, true)
            .add("lambda2", DataTypes.DoubleType, true)
            .add("eigenvalue_ratio", DataTypes.DoubleType, true)
            .add("whitened_top", DataTypes.DoubleType, true);
    List<Row> rows = new ArrayList<>();
    for (GroupSpectrum g : spectra.values()) {
      if (g.scored()) {
        rows.add(
            RowFactory.create(
                g.group(),
                g.size(),
                g.flagged(),
                g.lambda1(),
                g.lambda2(),
                g.eigenvalueRatio(),
                g.whitenedTop()));
      }
    }
    return spark.createDataFrame(rows, schema);
  }

  private Dataset<Row> toFlags(Dataset<Row> kept, boolean robust) {
    String variant = robust ? "robust" : "standard";
    return kept.select(
        col(FlagSchema.SAMPLE_ID),
        lit(NAME).as(FlagSchema.DETECTOR),
        col(SCORE).as(FlagSchema.SCORE),
        col(TopFractionPerGroup.CUT).as(FlagSchema.THRESHOLD),
        concat(
                lit("top " + fmt(100 * settings.removalFraction()) + "% of group '"),
                col(GROUP),
                lit("' (n="),
                col("group_size").cast("string"),
                lit(
                    ") by "
                        + (robust
                            ? "QUE score after robust whitening"
                            : "squared projection on the top singular direction")
                        + "; rank "),
                col(TopFractionPerGroup.RANK).cast("string"),
                lit(" of "),
                col(K).cast("string"),
                lit("; lambda1/lambda2="),
                format_number(col("eigenvalue_ratio"), 3))
            .as(FlagSchema.REASON),
        map(
                lit("group"),
                col(GROUP),
                lit("group_size"),
                col("group_size").cast("string"),
                lit("flagged_in_group"),
                col(K).cast("string"),
                lit("rank_in_group"),
                col(TopFractionPerGroup.RANK).cast("string"),
                lit("eigenvalue_ratio"),
                col("eigenvalue_ratio").cast("string"),
                lit("lambda1"),
                col("lambda1").cast("string"),
                lit("lambda2"),
                col("lambda2").cast("string"),
                lit("epsilon"),
                lit(Double.toString(settings.epsilon())),
                lit("removal_fraction"),
                lit(Double.toString(settings.removalFraction())),
                lit("variant"),
                lit(variant),
                lit("whitened_top_eigenvalue"),
                robust ? col("whitened_top").cast("string") : lit("n/a"))
            .as(FlagSchema.EVIDENCE));
  }

  private static String fmt(double v) {
    return new java.math.BigDecimal(v)
        .round(new java.math.MathContext(4))
        .stripTrailingZeros()
        .toPlainString();
  }
}
