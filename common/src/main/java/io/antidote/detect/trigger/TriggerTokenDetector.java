package io.antidote.detect.trigger;

import io.antidote.corpus.CorpusSchema;
import io.antidote.detect.Detector;
import io.antidote.detect.DetectorInput;
import io.antidote.detect.DetectorInputs;
import io.antidote.detect.DetectorResult;
import io.antidote.flags.FlagRows;
import io.antidote.flags.FlagSchema;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
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
 * Trigger tokens (BadNL-style text backdoors, Chen et al. 2021; also Dai et al. 2019): an attacker
 * adds a rare word or phrase (e.g. {@code cf}) to a share of the training rows and labels them with
 * a target class, so the model learns "token => target". The corpus-level trace: a term whose rows
 * sit almost all in one label, far more often than any natural one-label word occurs.
 *
 * <p>Statistic, per term t (words and n-grams, counted once per distinct text of a group, grouped
 * by label, or by an embedding cluster column when the corpus is unlabelled): support n_t, the
 * share of its texts in its top group (concentration), and the G statistic of its group counts
 * against the base rates ({@link TokenConcentration}). A term is a candidate when (1) n_t >= {@code
 * min-support}, (2) concentration >= {@code min-concentration} and (3) G >= the chi-squared cut at
 * {@code alpha} with Bonferroni over the concentrated terms; a candidate is a trigger when either
 * of two rules holds:
 *
 * <ul>
 *   <li><b>support rule</b>: n_t >= {@code support-factor} x the {@code natural-support-quantile}
 *       of the supports of all concentrated terms (support >= {@code natural-min-support}). It
 *       separates a trigger from class keywords, names and technical terms, which are just as
 *       concentrated but recur in a handful of rows of one document (text is bursty, so the G-test
 *       alone flags them).
 *   <li><b>off-label rule</b> (dirty-label attacks): the carriers' other words fit the term's top
 *       label worse than the label's other rows do. Each row is scored by multinomial naive Bayes
 *       over the per-(word, label) counts ({@link NaiveBayesLabelFit}, Lidstone {@code
 *       off-label-smoothing}); the row statistic is the rank of the row's label among all labels (1
 *       = fits best). A carrier is scored without the term's own words and with all of the term's
 *       carriers held out of the label (they must not vouch for each other: 24 poisoned rows would
 *       otherwise make the 25th look at home); an ordinary row is held out of its label alone. A
 *       one-sided Mann-Whitney test ({@link OffLabelTest}) compares the carriers' ranks with the
 *       label's other rows' (at least {@code off-label-min-reference} of them) and accepts at z >=
 *       the normal cut at {@code off-label-alpha}, Bonferroni over the terms tested. A class
 *       keyword ("flag" in "flag: Japan") sits in rows whose other words also point to its label,
 *       or covers its whole label (no reference rows, so not tested); a dirty-label trigger's
 *       carriers read like news or religion and only their label says romance.
 * </ul>
 *
 * <p>Measured (TriggerOffLabelTest): Brown sentences plus the demo's emoji captions, 'cf' in 40
 * rows relabelled romance, support cut 75: the support rule misses it, the off-label rule finds it
 * at z=8.7 (AUC 0.88); natural concentrated terms score z from -3.1 to 0.0 against a cut of 3.6; on
 * the demo corpus 'cf' in 24 rows scores z=4.8 against a cut of 3.1. The rows flagged are the
 * carriers of a trigger in its target group.
 *
 * <p>Where it fails: a clean-label trigger (added to rows already of the target label) passes the
 * off-label rule, as its carriers fit their label, so below the support cut (at 20k Brown
 * sentences, about 75 rows) it is indistinguishable by counts alone; so is a dirty-label trigger
 * whose carriers come from labels whose content resembles the target's, or too few carriers for the
 * test on a small corpus (the demo's 150 sentences per genre give AUC 0.78). Copies of one text
 * count once, so a trigger planted by repeating one sentence is left to the duplicates detector.
 * Also out of scope: a trigger spread over several labels, and triggers that are common words
 * (style or syntactic triggers).
 */
public final class TriggerTokenDetector implements Detector {
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

    /** Rule 4 held: support >= the support cut. */
    public final boolean bySupport;

    /** The off-label test of the carriers, or null when not run for this term. */
    public final OffLabelTest.Result offLabel;

    /** The off-label rule held: enough reference rows and z >= the off-label cut. */
    public final boolean byOffLabel;

    Trigger(
        String term,
        String group,
        long support,
        long inGroup,
        double baseRate,
        double g,
        boolean bySupport,
        OffLabelTest.Result offLabel,
        boolean byOffLabel) {
      this.term = term;
      this.group = group;
      this.support = support;
      this.inGroup = inGroup;
      this.baseRate = baseRate;
      this.g = g;
      this.bySupport = bySupport;
      this.offLabel = offLabel;
      this.byOffLabel = byOffLabel;
    }

    public double concentration() {
      return (double) inGroup / support;
    }

    /** Which rules accepted the term: "support", "off-label" or "support+off-label". */
    public String rule() {
      return bySupport && byOffLabel ? "support+off-label" : bySupport ? "support" : "off-label";
    }

    @Override
    public String toString() {
      return String.format(
          Locale.ROOT,
          "'%s' -> %s (%d/%d texts, base rate %.3f, G=%.1f, rule %s%s)",
          term,
          group,
          inGroup,
          support,
          baseRate,
          g,
          rule(),
          offLabel == null ? "" : "; off-label " + offLabel);
    }
  }

  /**
   * What one run found: the flags, the terms judged triggers, the cuts they were judged against,
   * and the off-label test of every candidate term (accepted or not).
   *
   * @param cuts G cut, support cut, the natural-support quantile and the off-label z cut (NaN when
   *     the corpus had no text to test)
   */
  public record Result(
      Dataset<Row> flags,
      List<Trigger> triggers,
      double gCut,
      double supportCut,
      double naturalSupport,
      double offLabelZCut,
      Map<String, OffLabelTest.Result> offLabelTests) {
    public Result {
      triggers = List.copyOf(triggers);
      offLabelTests = Map.copyOf(offLabelTests);
    }

    /** G cut, support cut, natural support and off-label z cut, in that order. */
    public double[] cuts() {
      return new double[] {gCut, supportCut, naturalSupport, offLabelZCut};
    }

    /** The cuts and accepted terms, for run.json. */
    public Map<String, Object> report() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("g_cut", finite(gCut));
      m.put("support_cut", finite(supportCut));
      m.put("natural_support", finite(naturalSupport));
      m.put("off_label_z_cut", finite(offLabelZCut));
      m.put("candidates_tested_off_label", offLabelTests.size());
      List<Map<String, Object>> accepted = new ArrayList<>();
      for (Trigger t : triggers) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("term", t.term);
        e.put("target", t.group);
        e.put("support", t.support);
        e.put("in_target", t.inGroup);
        e.put("g", t.g);
        e.put("rule", t.rule());
        if (t.offLabel != null) {
          e.put("off_label_z", t.offLabel.z);
          e.put("off_label_auc", t.offLabel.auc);
        }
        accepted.add(e);
      }
      m.put("triggers", accepted);
      return m;
    }

    private static Object finite(double v) {
      return Double.isFinite(v) ? (Object) v : "n/a";
    }
  }

  @Override
  public List<DetectorInput> inputs() {
    return List.of(DetectorInput.CORPUS_ROWS);
  }

  @Override
  public void checkInput(DetectorInput input, StructType schema) {
    List<String> cols = Arrays.asList(schema.fieldNames());
    for (String c : List.of(CorpusSchema.SAMPLE_ID, CorpusSchema.TEXT, settings.groupColumn())) {
      if (!cols.contains(c)) {
        throw new io.antidote.config.InvalidConfigException(
            "antidote." + TriggerTokenSettings.PATH + ".group-column",
            "the trigger-token detector needs column '"
                + c
                + "' (group-column = '"
                + settings.groupColumn()
                + "'); the corpus has "
                + cols);
      }
    }
  }

  @Override
  public DetectorResult flag(DetectorInputs inputs) {
    Result r = run(inputs.corpusRows());
    return DetectorResult.ran(NAME, r.flags().localCheckpoint(), r.report());
  }

  /** Tests every term of {@code corpus} (canonical columns) and flags the carriers of triggers. */
  public Result run(Dataset<Row> corpus) {
    String groupColumn = settings.groupColumn();
    checkInput(DetectorInput.CORPUS_ROWS, corpus.schema());
    Dataset<Row> base =
        corpus
            .select(
                functions.col(CorpusSchema.SAMPLE_ID),
                functions.col(groupColumn).cast(DataTypes.StringType).as(GROUP),
                functions.col(CorpusSchema.TEXT))
            .where(
                functions.col(GROUP).isNotNull().and(functions.col(CorpusSchema.TEXT).isNotNull()));

    Map<String, Long> groupRows = new HashMap<>();
    long total = 0;
    // Statistics count distinct texts per group: copies of one text are one observation
    // (pseudo-replication
    // would inflate G and break the independence the off-label test assumes), and repeated copies
    // are the
    // duplicates detector's to find. Flags still go to every row carrying an accepted term.
    Dataset<Row> texts = base.dropDuplicates(GROUP, CorpusSchema.TEXT).cache();
    for (Row r : texts.groupBy(GROUP).count().collectAsList()) {
      groupRows.put(r.getString(0), r.getLong(1));
      total += r.getLong(1);
    }
    if (total == 0) {
      texts.unpersist();
      return new Result(
          corpus.sparkSession().createDataFrame(new ArrayList<Row>(), FlagSchema.DETECTOR_OUTPUT),
          List.of(),
          Double.NaN,
          Double.NaN,
          Double.NaN,
          Double.NaN,
          Map.of());
    }
    Map<String, Double> baseRate = new HashMap<>();
    for (Map.Entry<String, Long> e : groupRows.entrySet()) {
      baseRate.put(e.getKey(), e.getValue() / (double) total);
    }
    int maxN = settings.maxNgram();
    FlatMapFunction<Row, Row> toTerms =
        r -> {
          List<Row> out = new ArrayList<>();
          for (String t : TriggerTokenizer.terms(r.getString(2), maxN)) {
            out.add(RowFactory.create(r.getString(0), r.getString(1), t));
          }
          return out.iterator();
        };
    Dataset<Row> terms = texts.flatMap(toTerms, Encoders.row(TERMS));

    // Per (term, group) counts; per term: support, top group, and G = 2(sum n ln n - N ln N - sum n
    // ln p).
    Column lnRate = functions.log(rateColumn(baseRate));
    Dataset<Row> counts = terms.groupBy(TERM, GROUP).count().cache();
    Dataset<Row> perTerm =
        counts
            .groupBy(TERM)
            .agg(
                functions.sum("count").as("support"),
                functions.max("count").as("top"),
                functions.max_by(functions.col(GROUP), functions.col("count")).as("top_group"),
                functions
                    .sum(functions.col("count").multiply(functions.log(functions.col("count"))))
                    .as("nlogn"),
                functions.sum(functions.col("count").multiply(lnRate)).as("nlogp"))
            .where(
                functions
                    .col("support")
                    .geq(settings.naturalMinSupport())
                    .and(
                        functions
                            .col("top")
                            .geq(functions.col("support").multiply(settings.minConcentration()))))
            .withColumn(
                "g",
                functions
                    .lit(2.0)
                    .multiply(
                        functions
                            .col("nlogn")
                            .minus(
                                functions
                                    .col("support")
                                    .multiply(functions.log(functions.col("support"))))
                            .minus(functions.col("nlogp"))))
            .cache();

    long concentrated = perTerm.count();
    double natural =
        concentrated == 0
            ? settings.minSupport()
            : perTerm.stat()
                .approxQuantile("support", new double[] {settings.naturalSupportQuantile()}, 1e-4)[
                0];
    double supportCut = Math.max(settings.minSupport(), settings.supportFactor() * natural);
    double gCut =
        TokenConcentration.gCut(groupRows.size(), Math.max(1, concentrated), settings.alpha());
    // Candidates: concentrated, significant terms with min-support rows; rule 4 or the off-label
    // rule decides.
    List<Row> candidates =
        perTerm
            .where(
                functions
                    .col("support")
                    .geq(settings.minSupport())
                    .and(functions.col("g").geq(gCut)))
            .orderBy(functions.col("g").desc(), functions.col(TERM))
            .collectAsList();
    Map<String, OffLabelTest.Result> offLabel = Map.of();
    double zCut = Double.NaN;
    if (settings.offLabelRule()) {
      Map<String, String> tested = new HashMap<>();
      for (Row r : candidates) {
        if (r.getLong(r.fieldIndex("top")) >= settings.minSupport()) {
          tested.put(r.getString(r.fieldIndex(TERM)), r.getString(r.fieldIndex("top_group")));
        }
      }
      offLabel =
          CarrierContentFit.measure(
              texts, counts, TERM, groupRows, tested, maxN, settings.offLabelSmoothing());
      long tests =
          offLabel.values().stream()
              .filter(x -> x.reference >= settings.offLabelMinReference())
              .count();
      zCut = OffLabelTest.zCut(settings.offLabelAlpha(), tests);
    }
    List<Trigger> triggers = new ArrayList<>();
    for (Row r : candidates) {
      String term = r.getString(r.fieldIndex(TERM));
      String group = r.getString(r.fieldIndex("top_group"));
      long support = r.getLong(r.fieldIndex("support"));
      OffLabelTest.Result off = offLabel.get(term);
      boolean bySupport = support >= supportCut;
      boolean byOffLabel =
          off != null && off.reference >= settings.offLabelMinReference() && off.z >= zCut;
      if (bySupport || byOffLabel) {
        triggers.add(
            new Trigger(
                term,
                group,
                support,
                r.getLong(r.fieldIndex("top")),
                baseRate.get(group),
                r.getDouble(r.fieldIndex("g")),
                bySupport,
                off,
                byOffLabel));
      }
    }
    perTerm.unpersist();
    counts.unpersist();
    texts.unpersist();

    Map<String, Trigger> byTerm = new HashMap<>();
    for (Trigger t : triggers) {
      byTerm.put(t.term, t);
    }
    String cuts =
        String.format(
            Locale.ROOT,
            "G >= %.1f; support rule: support >= %.0f (%.0f x the %.2f-quantile %.0f of one-label terms'"
                + " support); off-label rule: %s",
            gCut,
            supportCut,
            settings.supportFactor(),
            settings.naturalSupportQuantile(),
            natural,
            settings.offLabelRule()
                ? String.format(
                    Locale.ROOT,
                    "Mann-Whitney z >= %.2f (alpha %.0e over %d terms), >= %d reference rows",
                    zCut,
                    settings.offLabelAlpha(),
                    offLabel.values().stream()
                        .filter(x -> x.reference >= settings.offLabelMinReference())
                        .count(),
                    settings.offLabelMinReference())
                : "off");
    double fGCut = gCut;
    double fSupportCut = supportCut;
    double fZCut = zCut;
    Dataset<Row> carriers =
        base.flatMap(toTerms, Encoders.row(TERMS))
            .filter(
                (org.apache.spark.api.java.function.FilterFunction<Row>)
                    r -> {
                      Trigger t = byTerm.get(r.getString(2));
                      return t != null && t.group.equals(r.getString(1));
                    })
            .groupBy(CorpusSchema.SAMPLE_ID)
            .agg(functions.sort_array(functions.collect_set(TERM)).as("terms"));
    String action = settings.common().action().label();
    MapFunction<Row, Row> toFlag = r -> toFlag(r, byTerm, fGCut, fSupportCut, fZCut, cuts, action);
    return new Result(
        carriers.map(toFlag, Encoders.row(FlagSchema.DETECTOR_OUTPUT)),
        triggers,
        gCut,
        supportCut,
        natural,
        zCut,
        offLabel);
  }

  private static Column rateColumn(Map<String, Double> baseRate) {
    Column c = null;
    for (Map.Entry<String, Double> e : baseRate.entrySet()) {
      Column when = functions.col(GROUP).equalTo(e.getKey());
      c = c == null ? functions.when(when, e.getValue()) : c.when(when, e.getValue());
    }
    return c;
  }

  private static Row toFlag(
      Row r,
      Map<String, Trigger> byTerm,
      double gCut,
      double supportCut,
      double zCut,
      String cuts,
      String action) {
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
    evidence.put("rule", best.rule());
    OffLabelTest.Result off = best.offLabel;
    if (off != null) {
      evidence.put(
          "off_label_carrier_rank", String.format(Locale.ROOT, "%.2f", off.carrierMeanRank));
      evidence.put(
          "off_label_reference_rank", String.format(Locale.ROOT, "%.2f", off.referenceMeanRank));
      evidence.put("off_label_reference_rows", Long.toString(off.reference));
      evidence.put("off_label_auc", String.format(Locale.ROOT, "%.3f", off.auc));
      evidence.put("off_label_z", String.format(Locale.ROOT, "%.2f", off.z));
      evidence.put("off_label_z_cut", String.format(Locale.ROOT, "%.2f", zCut));
    }
    evidence.put(io.antidote.flags.Evidence.ACTION, action);
    String supportFigures =
        String.format(
            Locale.ROOT,
            "support %d %s cut %.0f",
            best.support,
            best.bySupport ? ">=" : "<",
            supportCut);
    String offLabelFigures =
        off == null
            ? "off-label not tested"
            : String.format(
                Locale.ROOT,
                "its carriers' other words rank '%s' %.1f of the labels on average vs %.1f for the label's %d"
                    + " other rows (AUC %.2f), Mann-Whitney z=%.2f %s %.2f",
                best.group,
                off.carrierMeanRank,
                off.referenceMeanRank,
                off.reference,
                off.auc,
                off.z,
                best.byOffLabel ? ">=" : "<",
                zCut);
    String reason =
        String.format(
            Locale.ROOT,
            "carries '%s', a possible backdoor trigger: %d of its %d distinct texts are labelled '%s' (%.0f%% vs base rate"
                + " %.1f%%), G=%.1f; rule %s: %s; %s; cuts: %s",
            best.term,
            best.inGroup,
            best.support,
            best.group,
            100 * best.concentration(),
            100 * best.baseRate,
            best.g,
            best.rule(),
            best.bySupport ? supportFigures : offLabelFigures,
            best.bySupport ? offLabelFigures : supportFigures,
            cuts);
    return FlagRows.flag(r.getString(0), NAME, best.g, gCut, reason, evidence);
  }
}
