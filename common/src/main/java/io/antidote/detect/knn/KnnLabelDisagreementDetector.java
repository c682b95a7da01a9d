package io.antidote.detect.knn;

import io.antidote.corpus.CorpusSchema;
import io.antidote.flags.FlagRows;
import io.antidote.flags.FlagSchema;
import java.io.Serializable;
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
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * KNN label disagreement (label flips): a row is suspect when most of its k nearest neighbours
 * carry one other label. Calibrated per class in the spirit of confident learning (Northcutt,
 * Jiang, Chuang 2021), which uses per-class thresholds on the predicted probability instead of one
 * global cut: here the cut for "this row belongs to class j" is a low quantile ({@code
 * calibration-quantile}, default 0.1) of the same-label share over rows labelled j, so a row voted
 * into j needs the support that j's own rows typically get; tight classes demand a stronger vote
 * than loose ones. (CL's mean self-confidence was too strict with a 10-neighbour vote: with 5%
 * flips it kept precision 1.0 but recall 0.79.) Assumption: the representation separates the
 * classes. Where it fails: classes that cannot be told apart from their content; each class's
 * separability (clean kNN accuracy) is measured and reported in {@link #classReport}, and classes
 * below {@code min-separability} are not flagged.
 *
 * <p>Input: {@link KnnSelfJoin} output (sample_id, label, neighbour_labels ...) with k at least the
 * setting's k, or embeddings with a label column via {@link #flag}. Output: {@link
 * FlagSchema#DETECTOR_OUTPUT}.
 */
public final class KnnLabelDisagreementDetector {
  public static final String NAME = "label_disagreement";

  /** One row per class: size, separability, calibrated cut, flags. */
  public static final StructType CLASS_REPORT =
      new StructType(
          new StructField[] {
            DataTypes.createStructField(CorpusSchema.LABEL, DataTypes.StringType, false),
            DataTypes.createStructField("rows", DataTypes.LongType, false),
            DataTypes.createStructField("separability", DataTypes.DoubleType, false),
            DataTypes.createStructField("self_confidence", DataTypes.DoubleType, false),
            DataTypes.createStructField("self_confidence_quantile", DataTypes.DoubleType, false),
            DataTypes.createStructField("threshold", DataTypes.DoubleType, false),
            DataTypes.createStructField("calibrated", DataTypes.BooleanType, false),
            DataTypes.createStructField("flagged", DataTypes.LongType, false)
          });

  private static final StructType VOTES =
      new StructType(
          new StructField[] {
            DataTypes.createStructField(CorpusSchema.SAMPLE_ID, DataTypes.StringType, false),
            DataTypes.createStructField(CorpusSchema.LABEL, DataTypes.StringType, false),
            DataTypes.createStructField("voters", DataTypes.IntegerType, false),
            DataTypes.createStructField("own_share", DataTypes.DoubleType, false),
            DataTypes.createStructField("majority", DataTypes.StringType, true),
            DataTypes.createStructField("other", DataTypes.StringType, true),
            DataTypes.createStructField("other_share", DataTypes.DoubleType, false),
            DataTypes.createStructField(
                KnnSelfJoin.NEIGHBOUR_IDS, DataTypes.createArrayType(DataTypes.StringType), false)
          });

  private final LabelDisagreementSettings settings;
  private final KnnSettings knn;
  private List<ClassStats> lastClasses = List.of();

  public KnnLabelDisagreementDetector(LabelDisagreementSettings settings, KnnSettings knn) {
    this.settings = settings;
    this.knn = knn;
  }

  public String name() {
    return NAME;
  }

  /** Per-class figures of one run. */
  public static final class ClassStats implements Serializable {
    private static final long serialVersionUID = 1L;
    public final String label;
    public final long rows;
    public final double separability;
    public final double selfConfidence;

    /** The calibration quantile of the same-label share over the class's rows. */
    public final double selfConfidenceQuantile;

    public final boolean calibrated;
    long flagged;

    ClassStats(
        String label,
        long rows,
        double separability,
        double selfConfidence,
        double quantile,
        boolean calibrated) {
      this.label = label;
      this.selfConfidenceQuantile = quantile;
      this.rows = rows;
      this.separability = separability;
      this.selfConfidence = selfConfidence;
      this.calibrated = calibrated;
    }

    public long flagged() {
      return flagged;
    }
  }

  /** Runs the self-join on {@code embeddings} (sample_id, label, embedding) and flags. */
  public Dataset<Row> flag(Dataset<Row> embeddings) {
    return flagNeighbours(new KnnSelfJoin(settings.k, knn).run(embeddings));
  }

  public List<ClassStats> lastClasses() {
    return lastClasses;
  }

  /**
   * The class report of the last call (separability, cut and flags per class), for the audit
   * report.
   */
  public Dataset<Row> classReport(SparkSession spark) {
    List<Row> rows = new ArrayList<>();
    for (ClassStats c : lastClasses) {
      rows.add(
          RowFactory.create(
              c.label,
              c.rows,
              c.separability,
              c.selfConfidence,
              c.selfConfidenceQuantile,
              threshold(c, settings),
              c.calibrated,
              c.flagged));
    }
    return spark.createDataFrame(rows, CLASS_REPORT);
  }

  static double threshold(ClassStats c, LabelDisagreementSettings s) {
    return Math.max(s.minShare, c.selfConfidenceQuantile);
  }

  public Dataset<Row> flagNeighbours(Dataset<Row> neighbours) {
    int k = settings.k;
    MapFunction<Row, Row> vote =
        r -> {
          String label = r.getString(r.fieldIndex(CorpusSchema.LABEL));
          LabelVote v =
              LabelVote.of(label, r.getList(r.fieldIndex(KnnSelfJoin.NEIGHBOUR_LABELS)), k);
          List<String> ids = r.getList(r.fieldIndex(KnnSelfJoin.NEIGHBOUR_IDS));
          return RowFactory.create(
              r.getString(r.fieldIndex(CorpusSchema.SAMPLE_ID)),
              label,
              v.voters,
              v.ownShare,
              v.majority,
              v.other,
              v.otherShare,
              ids.subList(0, Math.min(k, ids.size())).toArray(new String[0]));
        };
    Dataset<Row> votes =
        neighbours
            .where(functions.col(CorpusSchema.LABEL).isNotNull())
            .map(vote, Encoders.row(VOTES))
            .where(functions.col("voters").gt(0))
            .cache();

    // Per class: separability = clean kNN accuracy; self-confidence = mean own share (CL's
    // per-class cut).
    List<Row> perClass =
        votes
            .groupBy(CorpusSchema.LABEL)
            .agg(
                functions.count(functions.lit(1)).as("rows"),
                functions
                    .avg(
                        functions
                            .when(
                                functions
                                    .col("majority")
                                    .equalTo(functions.col(CorpusSchema.LABEL)),
                                1.0)
                            .otherwise(0.0))
                    .as("separability"),
                functions.avg("own_share").as("self_confidence"),
                functions
                    .percentile_approx(
                        functions.col("own_share"),
                        functions.lit(settings.calibrationQuantile),
                        functions.lit(10_000))
                    .as("self_confidence_quantile"))
            .orderBy(CorpusSchema.LABEL)
            .collectAsList();
    Map<String, ClassStats> classes = new HashMap<>();
    List<ClassStats> ordered = new ArrayList<>();
    for (Row r : perClass) {
      long rows = r.getLong(1);
      double sep = r.getDouble(2);
      ClassStats c =
          new ClassStats(
              r.getString(0),
              rows,
              sep,
              r.getDouble(3),
              r.getDouble(4),
              rows >= settings.minClassRows && sep >= settings.minSeparability);
      classes.put(c.label, c);
      ordered.add(c);
    }
    LabelDisagreementSettings s = settings;
    FilterFunction<Row> suspect =
        r -> {
          String label = r.getString(1);
          String other = r.getString(5);
          if (other == null) {
            return false;
          }
          ClassStats own = classes.get(label);
          ClassStats to = classes.get(other);
          return own != null
              && to != null
              && own.calibrated
              && to.calibrated
              && r.getDouble(6) >= threshold(to, s)
              && r.getDouble(6) > r.getDouble(3);
        };
    MapFunction<Row, Row> toFlag = r -> toFlag(r, classes, s);
    Dataset<Row> flags =
        votes.filter(suspect).map(toFlag, Encoders.row(FlagSchema.DETECTOR_OUTPUT)).cache();
    // Count flags per class for the report (flags are few).
    for (Row r :
        flags
            .groupBy(functions.col(FlagSchema.EVIDENCE).getItem("label"))
            .count()
            .collectAsList()) {
      ClassStats c = classes.get(r.getString(0));
      if (c != null) {
        c.flagged = r.getLong(1);
      }
    }
    lastClasses = ordered;
    return flags;
  }

  private static Row toFlag(Row r, Map<String, ClassStats> classes, LabelDisagreementSettings s) {
    String label = r.getString(1);
    String other = r.getString(5);
    double share = r.getDouble(6);
    ClassStats own = classes.get(label);
    ClassStats to = classes.get(other);
    double cut = threshold(to, s);
    int voters = r.getInt(2);
    Map<String, String> evidence = new LinkedHashMap<>();
    evidence.put("label", label);
    evidence.put("majority_label", other);
    evidence.put("majority_share", KnnOutlierDetector.fmt(share));
    evidence.put("own_share", KnnOutlierDetector.fmt(r.getDouble(3)));
    evidence.put("voters", Integer.toString(voters));
    evidence.put("class_threshold", KnnOutlierDetector.fmt(cut));
    evidence.put("separability_label", KnnOutlierDetector.fmt(own.separability));
    evidence.put("separability_majority", KnnOutlierDetector.fmt(to.separability));
    List<String> ids = r.getList(7);
    evidence.put("neighbours", String.join(",", ids.subList(0, Math.min(5, ids.size()))));
    evidence.put("action", "review");
    String reason =
        String.format(
            "labelled '%s' but %d of its %d nearest neighbours are labelled '%s' (share %.2f >= class '%s' cut"
                + " %.2f; kNN accuracy of '%s' %.2f, of '%s' %.2f): possible label flip",
            label,
            Math.round(share * voters),
            voters,
            other,
            share,
            other,
            cut,
            label,
            own.separability,
            other,
            to.separability);
    return FlagRows.flag(r.getString(0), NAME, share, cut, reason, evidence);
  }
}
