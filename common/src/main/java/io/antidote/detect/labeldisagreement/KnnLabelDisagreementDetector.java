package io.antidote.detect.labeldisagreement;

import io.antidote.corpus.CorpusSchema;
import io.antidote.corpus.InputException;
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
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

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
 * separability (clean kNN accuracy) is measured and reported, and classes below {@code
 * min-separability} are not flagged. A corpus without labels gives it nothing to test: it reports
 * "not run".
 *
 * <p>Input: the shared self-join's neighbour lists ({@link KnnSelfJoin#SCHEMA}: sample_id, label,
 * neighbour_labels ...) with at least {@code k} neighbours per row. The vote is {@link LabelVote}'s
 * and the decision {@link LabelFlips}'s; this class is their Spark glue.
 */
public final class KnnLabelDisagreementDetector implements Detector {
  public static final String NAME = "label_disagreement";

  private static final StructType VOTES =
      new StructType(
          new StructField[] {
            DataTypes.createStructField(CorpusSchema.SAMPLE_ID, DataTypes.StringType, false),
            DataTypes.createStructField(CorpusSchema.LABEL, DataTypes.StringType, false),
            DataTypes.createStructField("voters", DataTypes.IntegerType, false),
            DataTypes.createStructField("own_share", DataTypes.DoubleType, false),
            DataTypes.createStructField("majority", DataTypes.StringType, true),
            DataTypes.createStructField("majority_share", DataTypes.DoubleType, false),
            DataTypes.createStructField("other", DataTypes.StringType, true),
            DataTypes.createStructField("other_share", DataTypes.DoubleType, false),
            DataTypes.createStructField(
                KnnSelfJoin.NEIGHBOUR_IDS, DataTypes.createArrayType(DataTypes.StringType), false)
          });

  private final LabelDisagreementSettings settings;
  private final EmbeddingSettings model;

  public KnnLabelDisagreementDetector(LabelDisagreementSettings settings, EmbeddingSettings model) {
    this.settings = settings;
    this.model = model;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<DetectorInput> inputs() {
    return List.of(new DetectorInput.Neighbours(model, settings.k()));
  }

  @Override
  public void checkInput(DetectorInput input, StructType schema) {
    List<String> has = Arrays.asList(schema.fieldNames());
    for (String c :
        List.of(CorpusSchema.SAMPLE_ID, KnnSelfJoin.NEIGHBOUR_IDS, KnnSelfJoin.NEIGHBOUR_LABELS)) {
      if (!has.contains(c)) {
        throw new InputException(NAME + " reads neighbour lists with column '" + c + "': " + has);
      }
    }
  }

  @Override
  public DetectorResult flag(DetectorInputs inputs) {
    return flagNeighbours(inputs.neighbours(model));
  }

  /**
   * Flags over {@code neighbours} ({@link KnnSelfJoin#SCHEMA}, at least k neighbours per row, most
   * similar first). The report holds the per-class table (size, separability, cut, flags); "not
   * run" when no labelled row has a labelled neighbour (the corpus has no labels).
   */
  public DetectorResult flagNeighbours(Dataset<Row> neighbours) {
    if (!Arrays.asList(neighbours.columns()).contains(CorpusSchema.LABEL)) {
      return DetectorResult.notRun(NAME, "no label column in the neighbour lists");
    }
    int k = settings.k();
    MapFunction<Row, Row> vote =
        r -> {
          String label = r.getString(r.fieldIndex(CorpusSchema.LABEL));
          LabelVote v =
              LabelVote.of(label, r.getList(r.fieldIndex(KnnSelfJoin.NEIGHBOUR_LABELS)), k);
          List<String> ids = r.getList(r.fieldIndex(KnnSelfJoin.NEIGHBOUR_IDS));
          return RowFactory.create(
              r.getString(r.fieldIndex(CorpusSchema.SAMPLE_ID)),
              label,
              v.voters(),
              v.ownShare(),
              v.majority(),
              v.majorityShare(),
              v.other(),
              v.otherShare(),
              ids.subList(0, Math.min(k, ids.size())).toArray(new String[0]));
        };
    // Read three times (class figures, flags, their count per class): kept until the flags are
    // checkpointed.
    Dataset<Row> votes =
        neighbours
            .where(functions.col(CorpusSchema.LABEL).isNotNull())
            .map(vote, Encoders.row(VOTES))
            .where(functions.col("voters").gt(0))
            .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      List<ClassStats> classes = classStats(votes);
      if (classes.isEmpty()) {
        return DetectorResult.notRun(
            NAME,
            "no label column: no labelled row has a labelled neighbour (labels absent or all"
                + " null)");
      }
      Map<String, ClassStats> byLabel = new HashMap<>();
      for (ClassStats c : classes) {
        byLabel.put(c.label(), c);
      }
      LabelFlips flips = new LabelFlips(byLabel, settings.minShare());
      FilterFunction<Row> suspect = r -> flips.isFlip(voteOf(r));
      MapFunction<Row, Row> toFlag =
          r -> {
            LabelFlips.Flag f = flips.flag(voteOf(r), r.getList(8));
            return FlagRows.flag(
                r.getString(0), NAME, f.score(), f.threshold(), f.reason(), f.evidence());
          };
      // Checkpointed so the flags outlive the votes they are computed from.
      Dataset<Row> flags =
          votes
              .filter(suspect)
              .map(toFlag, Encoders.row(FlagSchema.DETECTOR_OUTPUT))
              .localCheckpoint();
      return DetectorResult.ran(NAME, flags, report(classes, flagsPerClass(flags)));
    } finally {
      votes.unpersist();
    }
  }

  /**
   * Per class: separability = clean kNN accuracy; self-confidence = mean own share; its calibration
   * quantile (the class's cut). Ordered by label.
   */
  private List<ClassStats> classStats(Dataset<Row> votes) {
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
                        functions.lit(settings.calibrationQuantile()),
                        functions.lit(10_000))
                    .as("self_confidence_quantile"))
            .orderBy(CorpusSchema.LABEL)
            .collectAsList();
    List<ClassStats> classes = new ArrayList<>();
    for (Row r : perClass) {
      classes.add(
          ClassStats.of(
              r.getString(0),
              r.getLong(1),
              r.getDouble(2),
              r.getDouble(3),
              r.getDouble(4),
              settings));
    }
    return classes;
  }

  /** Flags per labelled class (flags are few). */
  private static Map<String, Long> flagsPerClass(Dataset<Row> flags) {
    Map<String, Long> counts = new HashMap<>();
    for (Row r :
        flags
            .groupBy(functions.col(FlagSchema.EVIDENCE).getItem("label"))
            .count()
            .collectAsList()) {
      counts.put(r.getString(0), r.getLong(1));
    }
    return counts;
  }

  private Map<String, Object> report(List<ClassStats> classes, Map<String, Long> flagged) {
    List<Map<String, Object>> table = new ArrayList<>();
    long voted = 0;
    for (ClassStats c : classes) {
      table.add(c.report(settings.minShare(), flagged.getOrDefault(c.label(), 0L)));
      voted += c.rows();
    }
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("k", settings.k());
    // Rows without a label, or without a labelled neighbour, do not vote and are not judged.
    report.put("rows_voted", voted);
    report.put("classes", table);
    return report;
  }

  private static LabelVote voteOf(Row r) {
    return new LabelVote(
        r.getString(1),
        r.getInt(2),
        r.getDouble(3),
        r.getString(4),
        r.getDouble(5),
        r.getString(6),
        r.getDouble(7));
  }
}
