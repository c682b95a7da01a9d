package io.antidote.detect.trigger;

import io.antidote.corpus.CorpusSchema;
import io.antidote.detect.CorpusDetector;
import io.antidote.flags.FlagRows;
import io.antidote.flags.FlagSchema;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Trigger tokens (BadNL-style text backdoors, Chen et al. 2021; also Dai et al. 2019): an attacker adds a
 * rare word or phrase (e.g. {@code cf}) to a share of the training rows and labels them with a target
 * class, so the model learns "token => target". The corpus-level trace: a term whose rows sit almost all
 * in one label, far more often than any natural one-label word occurs.
 *
 * <p>Statistic, per term t (words and n-grams, counted once per row, grouped by label, or by an embedding
 * cluster column when the corpus is unlabelled): support n_t, the share of its rows in its top group
 * (concentration), and the G statistic of its group counts against the base rates ({@link
 * TokenConcentration}). A term is a trigger when (1) n_t >= {@code min-support}, (2) concentration >=
 * {@code min-concentration}, (3) G >= the chi-squared cut at {@code alpha} with Bonferroni over the
 * concentrated terms, and (4) n_t >= {@code support-factor} x the {@code natural-support-quantile} of the
 * supports of all concentrated terms (support >= {@code natural-min-support}). Rule 4 is what separates a
 * trigger from class keywords, names and technical terms, which are just as concentrated but, in real text,
 * recur in a handful of rows of one document; the G-test alone flags them because text is bursty. The rows
 * flagged are the carriers of a trigger that are in its target group.
 *
 * <p>Where it fails: a trigger planted in fewer rows than natural one-label words reach (at 20k Brown
 * sentences, about 30 rows) is indistinguishable by counts alone; a trigger spread over several labels;
 * triggers that are common words (style or syntactic triggers) are out of scope.
 */
public final class TriggerTokenDetector implements CorpusDetector {
  public static final String NAME = "trigger_tokens";
  private static final String GROUP = "grp";
  private static final String TERM = "term";

  private static final StructType TERMS =
      new StructType(
          new StructField[] {
            DataTypes.createStructField(CorpusSchema.SAMPLE_ID, DataTypes.StringType, false),
            DataTypes.createStructField(GROUP, DataTypes.StringType, false),
            DataTypes.createStructField(TERM, DataTypes.StringType, false)
          });

  private final TriggerTokenSettings settings;
  private List<Trigger> lastTriggers = List.of();
  private double lastGCut = Double.NaN;
  private double lastSupportCut = Double.NaN;
  private double lastNaturalSupport = Double.NaN;

  public TriggerTokenDetector(TriggerTokenSettings settings) {
    this.settings = settings;
  }

  @Override
  public String name() {
    return NAME;
  }

  /** A term judged a trigger, with the figures that made it one. */
  public static final class Trigger implements Serializable {
    private static final long serialVersionUID = 1L;
    public final String term;
    public final String group;
    public final long support;
    public final long inGroup;
    public final double baseRate;
    public final double g;

    Trigger(String term, String group, long support, long inGroup, double baseRate, double g) {
      this.term = term;
      this.group = group;
      this.support = support;
      this.inGroup = inGroup;
      this.baseRate = baseRate;
      this.g = g;
    }

    public double concentration() {
      return (double) inGroup / support;
    }

    @Override
    public String toString() {
      return String.format(
          Locale.ROOT, "'%s' -> %s (%d/%d rows, base rate %.3f, G=%.1f)", term, group, inGroup, support,
          baseRate, g);
    }
  }

  public List<Trigger> lastTriggers() {
    return lastTriggers;
  }

  /** G cut, support cut and the natural-support quantile of the last call. */
  public double[] lastCuts() {
    return new double[] {lastGCut, lastSupportCut, lastNaturalSupport};
  }

  @Override
  public Dataset<Row> flag(Dataset<Row> corpus) {
    String groupColumn = settings.groupColumn;
    List<String> cols = Arrays.asList(corpus.columns());
    for (String c : List.of(CorpusSchema.SAMPLE_ID, CorpusSchema.TEXT, groupColumn)) {
      if (!cols.contains(c)) {
        throw new IllegalArgumentException(
            "trigger-token detector: input lacks column '" + c + "' (detectors.trigger-tokens.group-column = '"
                + groupColumn + "'); it has " + cols);
      }
    }
    Dataset<Row> base =
        corpus
            .select(
                functions.col(CorpusSchema.SAMPLE_ID),
                functions.col(groupColumn).cast(DataTypes.StringType).as(GROUP),
                functions.col(CorpusSchema.TEXT))
            .where(functions.col(GROUP).isNotNull().and(functions.col(CorpusSchema.TEXT).isNotNull()));

    Map<String, Long> groupRows = new HashMap<>();
    long total = 0;
    for (Row r : base.groupBy(GROUP).count().collectAsList()) {
      groupRows.put(r.getString(0), r.getLong(1));
      total += r.getLong(1);
    }
    if (total == 0) {
      return corpus.sparkSession().createDataFrame(new ArrayList<Row>(), FlagSchema.DETECTOR_OUTPUT);
    }
    Map<String, Double> baseRate = new HashMap<>();
    for (Map.Entry<String, Long> e : groupRows.entrySet()) {
      baseRate.put(e.getKey(), e.getValue() / (double) total);
    }
    int maxN = settings.maxNgram;
    FlatMapFunction<Row, Row> toTerms =
        r -> {
          List<Row> out = new ArrayList<>();
          for (String t : TriggerTokenizer.terms(r.getString(2), maxN)) {
            out.add(RowFactory.create(r.getString(0), r.getString(1), t));
          }
          return out.iterator();
        };
    Dataset<Row> terms = base.flatMap(toTerms, Encoders.row(TERMS));

    // Per (term, group) counts; per term: support, top group, and G = 2(sum n ln n - N ln N - sum n ln p).
    Column lnRate = functions.log(rateColumn(baseRate));
    Dataset<Row> perTerm =
        terms
            .groupBy(TERM, GROUP)
            .count()
            .groupBy(TERM)
            .agg(
                functions.sum("count").as("support"),
                functions.max("count").as("top"),
                functions.max_by(functions.col(GROUP), functions.col("count")).as("top_group"),
                functions.sum(functions.col("count").multiply(functions.log(functions.col("count")))).as("nlogn"),
                functions.sum(functions.col("count").multiply(lnRate)).as("nlogp"))
            .where(
                functions.col("support").geq(settings.naturalMinSupport)
                    .and(functions.col("top").geq(functions.col("support").multiply(settings.minConcentration))))
            .withColumn(
                "g",
                functions.lit(2.0).multiply(
                    functions.col("nlogn")
                        .minus(functions.col("support").multiply(functions.log(functions.col("support"))))
                        .minus(functions.col("nlogp"))))
            .cache();

    long concentrated = perTerm.count();
    double natural =
        concentrated == 0
            ? settings.minSupport
            : perTerm.stat().approxQuantile("support", new double[] {settings.naturalSupportQuantile}, 1e-4)[0];
    double supportCut = Math.max(settings.minSupport, settings.supportFactor * natural);
    double gCut = TokenConcentration.gCut(groupRows.size(), Math.max(1, concentrated), settings.alpha);
    List<Trigger> triggers = new ArrayList<>();
    for (Row r :
        perTerm
            .where(functions.col("support").geq(supportCut).and(functions.col("g").geq(gCut)))
            .orderBy(functions.col("g").desc(), functions.col(TERM))
            .collectAsList()) {
      String group = r.getString(r.fieldIndex("top_group"));
      triggers.add(
          new Trigger(
              r.getString(r.fieldIndex(TERM)), group, r.getLong(r.fieldIndex("support")),
              r.getLong(r.fieldIndex("top")), baseRate.get(group), r.getDouble(r.fieldIndex("g"))));
    }
    perTerm.unpersist();
    lastTriggers = triggers;
    lastGCut = gCut;
    lastSupportCut = supportCut;
    lastNaturalSupport = natural;

    Map<String, Trigger> byTerm = new HashMap<>();
    for (Trigger t : triggers) {
      byTerm.put(t.term, t);
    }
    String cuts =
        String.format(
            Locale.ROOT, "G >= %.1f, support >= %.0f (%.0f x the %.2f-quantile %.0f of one-label terms' support)",
            gCut, supportCut, settings.supportFactor, settings.naturalSupportQuantile, natural);
    double fGCut = gCut;
    double fSupportCut = supportCut;
    Dataset<Row> carriers =
        terms
            .filter(
                (org.apache.spark.api.java.function.FilterFunction<Row>)
                    r -> {
                      Trigger t = byTerm.get(r.getString(2));
                      return t != null && t.group.equals(r.getString(1));
                    })
            .groupBy(CorpusSchema.SAMPLE_ID)
            .agg(functions.sort_array(functions.collect_set(TERM)).as("terms"));
    MapFunction<Row, Row> toFlag = r -> toFlag(r, byTerm, fGCut, fSupportCut, cuts);
    return carriers.map(toFlag, Encoders.row(FlagSchema.DETECTOR_OUTPUT));
  }

  private static Column rateColumn(Map<String, Double> baseRate) {
    Column c = null;
    for (Map.Entry<String, Double> e : baseRate.entrySet()) {
      Column when = functions.col(GROUP).equalTo(e.getKey());
      c = c == null ? functions.when(when, e.getValue()) : c.when(when, e.getValue());
    }
    return c;
  }

  private static Row toFlag(Row r, Map<String, Trigger> byTerm, double gCut, double supportCut, String cuts) {
    List<String> terms = r.getList(1);
    Trigger best = null;
    for (String t : terms) {
      Trigger tr = byTerm.get(t);
      if (best == null || tr.g > best.g) {
        best = tr;
      }
    }
    Map<String, String> evidence = new LinkedHashMap<>();
    evidence.put("token", best.term);
    evidence.put("tokens", String.join("|", terms));
    evidence.put("target", best.group);
    evidence.put("support", Long.toString(best.support));
    evidence.put("in_target", Long.toString(best.inGroup));
    evidence.put("concentration", String.format(Locale.ROOT, "%.4f", best.concentration()));
    evidence.put("base_rate", String.format(Locale.ROOT, "%.4f", best.baseRate));
    evidence.put("g", String.format(Locale.ROOT, "%.2f", best.g));
    evidence.put("g_cut", String.format(Locale.ROOT, "%.2f", gCut));
    evidence.put("support_cut", String.format(Locale.ROOT, "%.0f", supportCut));
    evidence.put("action", "review");
    String reason =
        String.format(
            Locale.ROOT,
            "carries '%s', a possible backdoor trigger: %d of its %d rows are labelled '%s' (%.0f%% vs base rate"
                + " %.1f%%), G=%.1f; cuts: %s",
            best.term, best.inGroup, best.support, best.group, 100 * best.concentration(), 100 * best.baseRate,
            best.g, cuts);
    return FlagRows.flag(r.getString(0), NAME, best.g, gCut, reason, evidence);
  }
}
