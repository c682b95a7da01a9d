package io.antidote.detect.labeldisagreement;

import io.antidote.corpus.CorpusSchema;
import io.antidote.detect.Detector;
import io.antidote.detect.DetectorInput;
import io.antidote.detect.DetectorInputs;
import io.antidote.detect.DetectorResult;
import io.antidote.detect.evidence.ScoreDistribution;
import io.antidote.detect.neighbours.KnnSelfJoin;
import io.antidote.embed.EmbeddingSettings;
import io.antidote.flags.FlagRows;
import io.antidote.flags.FlagSchema;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.api.java.function.FilterFunction;
import org.apache.spark.api.java.function.FlatMapFunction;
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
 * KNN label disagreement (label flips), after confident learning (Northcutt, Jiang, Chuang 2021):
 * out-of-sample class probabilities from the k nearest neighbours' labels (the row is not its own
 * neighbour; smoothed by a Dirichlet prior), per-class thresholds (mean probability of a class over
 * rows labelled with it) and the confident joint, whose calibrated rows estimate each class's noise
 * rate and give each flag its suggested label. The flag itself is a test: a row's own-label vote
 * count against its class's clean rows, modelled as beta-binomial with the flipped-in rows removed
 * by EM ({@link FlipMixture}: a flip keeps its true class's neighbourhood, so its count is
 * distributed as other classes' votes for this one); p-values over all judged rows are cut by
 * Benjamini–Hochberg at {@code detectors.fdr}, so a corpus whose classes' tails look like their
 * bodies flags nothing.
 *
 * <p>Assumption: the representation separates the classes, and a clean class's vote counts follow
 * one beta-binomial. Where it fails: classes that cannot be told apart from their content (each
 * class's separability, clean kNN accuracy, is reported; classes below {@code min-separability} are
 * neither flagged nor suggested); a class whose clean rows have a heavier low tail than the
 * beta-binomial (a sub-population that reads like another class) gives those rows small p-values;
 * flips into a class whose own rows often look like the source class hide among them (low recall).
 * A corpus without labels gives it nothing to test: it reports "not run".
 *
 * <p>Input: the shared self-join's neighbour lists ({@link KnnSelfJoin#SCHEMA}) with at least
 * {@code k} neighbours per row. The math is {@link LabelVote}'s, {@link FlipMixture}'s and {@link
 * LabelFlips}'s; this class is their Spark glue (three passes over the votes, histograms to the
 * driver).
 */
public final class KnnLabelDisagreementDetector implements Detector {
  public static final String NAME = "label_disagreement";

  private static final StructType VOTES =
      new StructType(
          new StructField[] {
            DataTypes.createStructField(CorpusSchema.SAMPLE_ID, DataTypes.StringType, false),
            DataTypes.createStructField(CorpusSchema.LABEL, DataTypes.StringType, false),
            DataTypes.createStructField("voters", DataTypes.IntegerType, false),
            DataTypes.createStructField(
                "counts",
                DataTypes.createMapType(DataTypes.StringType, DataTypes.IntegerType, false),
                false),
            DataTypes.createStructField(
                KnnSelfJoin.NEIGHBOUR_IDS, DataTypes.createArrayType(DataTypes.StringType), false)
          });

  /** Histogram records of pass 1: (kind, class, bin, value). */
  private static final StructType BINS =
      new StructType(
          new StructField[] {
            DataTypes.createStructField("kind", DataTypes.StringType, false),
            DataTypes.createStructField("cls", DataTypes.StringType, false),
            DataTypes.createStructField("bin", DataTypes.IntegerType, false),
            DataTypes.createStructField("value", DataTypes.DoubleType, false)
          });

  private static final String OWN = "own";
  private static final String OTHER = "other";
  private static final String AGREE = "agree";
  private static final String PROB = "prob";

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
    KnnSelfJoin.requireColumns(
        NAME,
        schema,
        CorpusSchema.SAMPLE_ID,
        KnnSelfJoin.NEIGHBOUR_IDS,
        KnnSelfJoin.NEIGHBOUR_LABELS);
  }

  @Override
  public DetectorResult flag(DetectorInputs inputs) {
    return flagNeighbours(inputs.neighbours(model));
  }

  /**
   * Flags over {@code neighbours} ({@link KnnSelfJoin#SCHEMA}, at least k neighbours per row, most
   * similar first). The report holds the per-class table (rows, separability, threshold, noise
   * rate, flags) and the BH cut; "not run" when no labelled row has a labelled neighbour.
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
              scala.collection.JavaConverters.mapAsScalaMap(new HashMap<>(v.counts())),
              ids.subList(0, Math.min(5, ids.size())).toArray(new String[0]));
        };
    // Read three times (class sizes, histograms, flags and the joint): kept until the flags are
    // checkpointed.
    Dataset<Row> votes =
        neighbours
            .where(functions.col(CorpusSchema.LABEL).isNotNull())
            .map(vote, Encoders.row(VOTES))
            .where(functions.col("voters").gt(0))
            .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      Map<String, Long> sizes = new TreeMap<>();
      for (Row r : votes.groupBy(CorpusSchema.LABEL).count().collectAsList()) {
        sizes.put(r.getString(0), r.getLong(1));
      }
      if (sizes.isEmpty()) {
        return DetectorResult.notRun(
            NAME,
            "no label column: no labelled row has a labelled neighbour (labels absent or all"
                + " null)");
      }
      Fitted fitted = classStats(votes, sizes);
      Map<String, ClassStats> classes = fitted.classes();
      long m = 0;
      List<double[]> bins = new ArrayList<>();
      for (ClassStats c : classes.values()) {
        if (c.judged()) {
          m += c.rows();
        }
      }
      Map<String, double[]> own = fitted.own();
      for (ClassStats c : classes.values()) {
        if (c.judged()) {
          double[] h = own.get(c.label());
          for (int x = 0; x <= k; x++) {
            if (h[x] > 0) {
              bins.add(new double[] {c.noise().pValue(x), h[x]});
            }
          }
        }
      }
      double fdr = settings.common().fdr();
      double cut = LabelFlips.cut(bins, m, fdr);
      LabelFlips flips = new LabelFlips(classes, k, settings.priorWeight(), fdr, cut);
      Map<String, Double> noiseRates = noiseRates(votes, flips, classes);
      FilterFunction<Row> suspect = r -> flips.isFlip(voteOf(r));
      MapFunction<Row, Row> toFlag =
          r -> {
            LabelFlips.Flag f = flips.flag(voteOf(r), r.getList(4));
            return FlagRows.flag(
                r.getString(0), NAME, f.score(), f.threshold(), f.reason(), f.evidence());
          };
      // Checkpointed so the flags outlive the votes they are computed from.
      Dataset<Row> flags =
          votes
              .filter(suspect)
              .map(toFlag, Encoders.row(FlagSchema.DETECTOR_OUTPUT))
              .localCheckpoint();
      Map<String, Object> report = report(classes, noiseRates, flagsPerClass(flags), m, cut);
      // The cut drawn when nothing was rejected: where a lone row would have been (p <= q / m).
      double drawnCut = cut >= 0 ? cut : fdr / Math.max(1, m);
      report.put(
          ScoreDistribution.REPORT_KEY,
          List.of(
              ScoreDistribution.ofMinusLog10(bins, drawnCut)
                  .toReport(
                      "-log10 p of the own-label vote (rows of judged classes)",
                      ScoreDistribution.minusLog10(drawnCut),
                      ScoreDistribution.minusLog10(drawnCut),
                      true)));
      return DetectorResult.ran(NAME, flags, report);
    } finally {
      votes.unpersist();
    }
  }

  /** The per-class figures and each class's own-vote histogram (rows with x own votes of k). */
  private record Fitted(Map<String, ClassStats> classes, Map<String, double[]> own) {}

  /**
   * Pass over the votes: per class, the histogram of its rows' own-label votes, the histogram of
   * other classes' rows' votes for it (what a row flipped into it looks like), its kNN accuracy and
   * its mean out-of-sample probability; then each class's noise model on the driver.
   */
  private Fitted classStats(Dataset<Row> votes, Map<String, Long> sizes) {
    int k = settings.k();
    double w = settings.priorWeight();
    long total = 0;
    for (long n : sizes.values()) {
      total += n;
    }
    HashMap<String, Double> priors = new HashMap<>();
    for (Map.Entry<String, Long> e : sizes.entrySet()) {
      priors.put(e.getKey(), (double) e.getValue() / total);
    }
    FlatMapFunction<Row, Row> toBins =
        r -> {
          LabelVote v = voteOf(r);
          String label = v.label();
          List<Row> out = new ArrayList<>();
          out.add(RowFactory.create(OWN, label, v.scaled(label, k), 1.0));
          out.add(RowFactory.create(AGREE, label, 0, label.equals(v.majority()) ? 1.0 : 0.0));
          out.add(
              RowFactory.create(
                  PROB, label, 0, v.probability(label, priors.getOrDefault(label, 0.0), w)));
          for (String c : v.counts().keySet()) {
            if (!c.equals(label)) {
              out.add(RowFactory.create(OTHER, c, v.scaled(c, k), 1.0));
            }
          }
          Iterator<Row> it = out.iterator();
          return it;
        };
    List<Row> rows =
        votes
            .flatMap(toBins, Encoders.row(BINS))
            .groupBy("kind", "cls", "bin")
            .agg(functions.sum("value"))
            .collectAsList();
    Map<String, double[]> own = new TreeMap<>();
    Map<String, double[]> other = new TreeMap<>();
    Map<String, Double> agree = new HashMap<>();
    Map<String, Double> prob = new HashMap<>();
    for (String c : sizes.keySet()) {
      own.put(c, new double[k + 1]);
      other.put(c, new double[k + 1]);
    }
    for (Row r : rows) {
      String kind = r.getString(0);
      String c = r.getString(1);
      int bin = Math.max(0, Math.min(k, r.getInt(2)));
      double v = r.getDouble(3);
      switch (kind) {
        case OWN -> own.get(c)[bin] += v;
        case AGREE -> agree.put(c, v);
        case PROB -> prob.put(c, v);
        default -> {
          // Votes for a label no voting row carries (a neighbour's label only) are not modelled.
          if (other.containsKey(c)) {
            other.get(c)[bin] += v;
          }
        }
      }
    }
    Map<String, ClassStats> classes = new TreeMap<>();
    for (Map.Entry<String, Long> e : sizes.entrySet()) {
      String c = e.getKey();
      long n = e.getValue();
      double[] o = other.get(c);
      double nonZero = 0;
      for (int x = 1; x <= k; x++) {
        nonZero += o[x];
      }
      o[0] = Math.max(0, total - n - nonZero);
      // The flip component: other classes' rows' votes for c, with half a row per bin so no count
      // is impossible.
      double[] flip = new double[k + 1];
      double sum = 0;
      for (int x = 0; x <= k; x++) {
        flip[x] = o[x] + 0.5;
        sum += flip[x];
      }
      for (int x = 0; x <= k; x++) {
        flip[x] /= sum;
      }
      classes.put(
          c,
          ClassStats.of(
              c,
              n,
              priors.get(c),
              agree.getOrDefault(c, 0.0) / n,
              prob.getOrDefault(c, 0.0) / n,
              FlipMixture.fit(own.get(c), flip),
              settings));
    }
    return new Fitted(classes, own);
  }

  /**
   * Confident learning's noise rate per class: rows labelled y counted by the class they are
   * confidently in (probability at least that class's threshold, the most probable such), each
   * class's row of that joint calibrated to its size; the noise rate is its off-diagonal share.
   */
  private static Map<String, Double> noiseRates(
      Dataset<Row> votes, LabelFlips flips, Map<String, ClassStats> classes) {
    StructType pairs =
        new StructType(
            new StructField[] {
              DataTypes.createStructField(CorpusSchema.LABEL, DataTypes.StringType, false),
              DataTypes.createStructField("confident", DataTypes.StringType, false)
            });
    MapFunction<Row, Row> confident =
        r -> {
          String c = flips.confidentClass(voteOf(r));
          return RowFactory.create(r.getString(1), c == null ? "" : c);
        };
    Dataset<Row> joint =
        votes.map(confident, Encoders.row(pairs)).groupBy(CorpusSchema.LABEL, "confident").count();
    Map<String, double[]> counted = new HashMap<>();
    for (Row r : joint.collectAsList()) {
      if (r.getString(1).isEmpty()) {
        continue;
      }
      double[] d = counted.computeIfAbsent(r.getString(0), x -> new double[2]);
      d[0] += r.getLong(2);
      if (!r.getString(0).equals(r.getString(1))) {
        d[1] += r.getLong(2);
      }
    }
    Map<String, Double> rates = new HashMap<>();
    for (String c : classes.keySet()) {
      double[] d = counted.get(c);
      rates.put(c, d == null || d[0] == 0 ? 0.0 : d[1] / d[0]);
    }
    return rates;
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

  private Map<String, Object> report(
      Map<String, ClassStats> classes,
      Map<String, Double> noiseRates,
      Map<String, Long> flagged,
      long tested,
      double cut) {
    List<Map<String, Object>> table = new ArrayList<>();
    long voted = 0;
    List<String> unjudged = new ArrayList<>();
    for (ClassStats c : classes.values()) {
      table.add(
          c.report(noiseRates.getOrDefault(c.label(), 0.0), flagged.getOrDefault(c.label(), 0L)));
      voted += c.rows();
      if (!c.judged()) {
        unjudged.add(c.label());
      }
    }
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("k", settings.k());
    // Rows without a label, or without a labelled neighbour, do not vote and are not judged.
    report.put("rows_voted", voted);
    report.put("rows_tested", tested);
    report.put("fdr", settings.common().fdr());
    report.put("p_cut", cut);
    report.put("min_separability", settings.minSeparability());
    // Classes reported but neither flagged nor suggested: too small or not separable.
    report.put("unjudged_classes", unjudged);
    report.put("classes", table);
    return report;
  }

  /** The vote of a {@link #VOTES} row. */
  private static LabelVote voteOf(Row r) {
    return new LabelVote(r.getString(1), r.getInt(2), r.getJavaMap(3));
  }
}
