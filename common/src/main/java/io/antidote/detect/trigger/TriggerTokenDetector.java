package io.antidote.detect.trigger;

import io.antidote.corpus.CorpusSchema;
import io.antidote.detect.Detector;
import io.antidote.detect.DetectorInput;
import io.antidote.detect.DetectorInputs;
import io.antidote.detect.DetectorResult;
import io.antidote.detect.evidence.FalseDiscoveryRate;
import io.antidote.detect.evidence.ScoreDistribution;
import io.antidote.flags.Evidence;
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
 * Trigger tokens (BadNL, Chen et al. 2021; Dai et al. 2019): an attacker inserts a rare word or a
 * fixed sentence into a share of the training rows and relabels them to a target class, so the
 * model learns "trigger => target".
 *
 * <p>Assumption (dirty label): a trigger's carriers sit almost all in the target, and their other
 * words read like other labels. Per term (words and 2-grams, distinct texts per group; group =
 * label or a cluster column): a prefilter ({@code min-support} texts, {@code min-concentration} in
 * one group, G-test at {@code alpha}, Bonferroni; {@link TokenConcentration}), then the evidence
 * ({@link CarrierContentFit}): naive Bayes over the per-(word, label) counts ({@link
 * NaiveBayesLabelFit}: smoothed towards the corpus, no prior, so a label's size does not decide
 * what a text reads like) gives each carrier's margin for the target from its other words: the
 * term's own words and its context ({@link TermContext}: the rest of a trigger sentence or of a
 * template) dropped, the carrier held out of the target as every reference row is. A term fires
 * when (1) the effect is large: at least {@code off-label-min-share} of its carriers fit another
 * label better, and (2) it is significant: the one-sided Mann-Whitney test of carriers' margins
 * against the target's other rows ({@link OffLabelTest}, permutation p-value) passes
 * Benjamini-Hochberg at {@code detectors.fdr} over the terms tested. A class's own vocabulary
 * ("free" in spam, "country flag" in captions built from templates) is concentrated too but its
 * carriers read like their label: it does not fire, whatever its support (significance alone does:
 * at thousands of carriers AUC 0.60 gives z = 16).
 *
 * <p>Why each carrier is held out alone: a dirty-label trigger's carriers are a few rows from many
 * labels, so they add little to the target's counts; vocabulary's carriers are much of their label,
 * and holding them out together took from the label exactly what they share (a template's words),
 * so they read like any other label (22% of emoji captions flagged).
 *
 * <p>Measured (TriggerTokenDetectorTest, TriggerTemplatedCaptionTest, the quality benchmark): clean
 * Brown, SpamAssassin and templated emoji captions flag nothing; BadNL word and sentence triggers
 * at 0.5-1% have 83-100% of carriers off-label.
 *
 * <p>Where it fails: a clean-label trigger (added to rows already of the target) has carriers that
 * fit their label and is out of scope, as are triggers whose carriers come from labels that read
 * like the target, triggers spread over several labels, style or syntactic triggers, and triggers
 * in too few rows to pass the G prefilter (a majority target needs more). Copies of one text count
 * once: a trigger planted by repeating one sentence is the duplicates detector's. A natural term
 * with a trigger's shape fires: Debian's "definitions" fortunes prefix "QOTD:" to quotes that read
 * like other fortune files (24 rows, 96% of carriers off-label).
 */
public final class TriggerTokenDetector implements Detector {
  public static final String NAME = "trigger_tokens";
  private static final String GROUP = "grp";
  private static final String TERM = "term";

  /**
   * Permutations drawn per test, as a multiple of {@code tested / fdr}: the smallest Monte Carlo
   * p-value then sits this many times below BH's strictest cut.
   */
  private static final double PERMUTATIONS_PER_CUT = 20;

  private static final long SEED = 0x7a1d0c5eL;

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

    /** The off-label test of the carriers. */
    public final OffLabelTest.Result offLabel;

    /** Its permutation p-value. */
    public final double pValue;

    Trigger(
        String term,
        String group,
        long support,
        long inGroup,
        double baseRate,
        double g,
        OffLabelTest.Result offLabel,
        double pValue) {
      this.term = term;
      this.group = group;
      this.support = support;
      this.inGroup = inGroup;
      this.baseRate = baseRate;
      this.g = g;
      this.offLabel = offLabel;
      this.pValue = pValue;
    }

    public double concentration() {
      return (double) inGroup / support;
    }

    @Override
    public String toString() {
      return String.format(
          Locale.ROOT,
          "'%s' -> %s (%d/%d texts, base rate %.3f, G=%.1f; off-label %s, p=%.2e)",
          term,
          group,
          inGroup,
          support,
          baseRate,
          g,
          offLabel,
          pValue);
    }
  }

  /**
   * What one run found: the flags, the terms judged triggers, the cuts they were judged against,
   * and the off-label test of every candidate term (accepted or not).
   *
   * @param gCut the G cut of the prefilter (NaN when the corpus had no text)
   * @param minShare the effect floor (share of carriers fitting another label better)
   * @param pCut the Benjamini-Hochberg cut on p-values (-1 when nothing passed)
   * @param tested terms tested (the BH family)
   * @param offLabelTests the off-label figures of every candidate
   * @param pValues permutation p-values of the terms at or above the effect floor
   */
  public record Result(
      Dataset<Row> flags,
      List<Trigger> triggers,
      double gCut,
      double minShare,
      double fdr,
      double pCut,
      long tested,
      Map<String, OffLabelTest.Result> offLabelTests,
      Map<String, Double> pValues) {
    public Result {
      triggers = List.copyOf(triggers);
      offLabelTests = Map.copyOf(offLabelTests);
      pValues = Map.copyOf(pValues);
    }

    /** The cuts and accepted terms, for run.json. */
    public Map<String, Object> report() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("g_cut", finite(gCut));
      m.put("off_label_min_share", minShare);
      m.put("fdr", fdr);
      m.put("p_cut", pCut);
      m.put("terms_tested", tested);
      m.put("terms_at_effect_floor", pValues.size());
      List<Map<String, Object>> accepted = new ArrayList<>();
      for (Trigger t : triggers) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("term", t.term);
        e.put("target", t.group);
        e.put("support", t.support);
        e.put("in_target", t.inGroup);
        e.put("g", t.g);
        e.put("off_label_share", t.offLabel.carrierOffLabelShare);
        e.put("off_label_auc", t.offLabel.auc);
        e.put("p_value", t.pValue);
        accepted.add(e);
      }
      m.put("triggers", accepted);
      // Every candidate term's effect (the share of its carriers that read like another label),
      // with the effect floor a trigger must reach: vocabulary sits left of it.
      ScoreDistribution effects = new ScoreDistribution(0, 1, ScoreDistribution.BINS);
      for (OffLabelTest.Result r : offLabelTests.values()) {
        effects.add(r.carrierOffLabelShare);
      }
      m.put(
          ScoreDistribution.REPORT_KEY,
          List.of(
              effects.toReport(
                  "carriers' off-label share per candidate term (prefiltered terms)",
                  minShare,
                  minShare,
                  true)));
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
          settings.offLabelMinShare(),
          settings.common().fdr(),
          -1,
          0,
          Map.of(),
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
                    .geq(settings.minSupport())
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
    double gCut =
        TokenConcentration.gCut(groupRows.size(), Math.max(1, concentrated), settings.alpha());
    // Candidates: concentrated, significant terms with min-support rows in their target group.
    List<Row> candidates =
        perTerm
            .where(
                functions.col("top").geq(settings.minSupport()).and(functions.col("g").geq(gCut)))
            .orderBy(functions.col("g").desc(), functions.col(TERM))
            .collectAsList();
    Map<String, String> candidateGroups = new HashMap<>();
    for (Row r : candidates) {
      candidateGroups.put(r.getString(r.fieldIndex(TERM)), r.getString(r.fieldIndex("top_group")));
    }
    Map<String, OffLabelTest.Result> offLabel =
        CarrierContentFit.measure(
            texts,
            counts,
            TERM,
            groupRows,
            candidateGroups,
            maxN,
            settings.offLabelSmoothing(),
            settings.contextMinCarrierShare(),
            settings.contextMinExclusivity());
    // The BH family: every term with enough reference rows. Below the effect floor a term cannot
    // fire and enters BH with p = 1 (its permutation test is not drawn).
    long tested =
        offLabel.values().stream()
            .filter(x -> x.reference >= settings.offLabelMinReference())
            .count();
    double q = settings.common().fdr();
    long permutations = (long) Math.ceil(PERMUTATIONS_PER_CUT * Math.max(1, tested) / q);
    Map<String, Double> pValues = new HashMap<>();
    for (Row r : candidates) {
      String term = r.getString(r.fieldIndex(TERM));
      OffLabelTest.Result off = offLabel.get(term);
      if (off != null
          && off.reference >= settings.offLabelMinReference()
          && off.carrierOffLabelShare >= settings.offLabelMinShare()) {
        pValues.put(term, OffLabelTest.pValue(off, permutations, SEED ^ term.hashCode()));
      }
    }
    double pCut =
        FalseDiscoveryRate.cut(
            pValues.values().stream().mapToDouble(Double::doubleValue).toArray(),
            Math.max(1, tested),
            q);
    List<Trigger> triggers = new ArrayList<>();
    for (Row r : candidates) {
      String term = r.getString(r.fieldIndex(TERM));
      Double p = pValues.get(term);
      if (p != null && pCut >= 0 && p <= pCut) {
        String group = r.getString(r.fieldIndex("top_group"));
        triggers.add(
            new Trigger(
                term,
                group,
                r.getLong(r.fieldIndex("support")),
                r.getLong(r.fieldIndex("top")),
                baseRate.get(group),
                r.getDouble(r.fieldIndex("g")),
                offLabel.get(term),
                p));
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
            "G >= %.1f (prefilter); off-label share >= %.2f and permutation p <= BH cut %s at FDR %s"
                + " over %d terms tested",
            gCut,
            settings.offLabelMinShare(),
            pCut < 0 ? "(none passed)" : String.format(Locale.ROOT, "%.3g", pCut),
            q,
            tested);
    double fGCut = gCut;
    double fPCut = pCut;
    double minShare = settings.offLabelMinShare();
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
    long fTested = tested;
    MapFunction<Row, Row> toFlag =
        r -> toFlag(r, byTerm, fGCut, minShare, q, fPCut, fTested, cuts, action);
    return new Result(
        carriers.map(toFlag, Encoders.row(FlagSchema.DETECTOR_OUTPUT)),
        triggers,
        gCut,
        minShare,
        q,
        pCut,
        tested,
        offLabel,
        pValues);
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
      double minShare,
      double fdr,
      double pCut,
      long tested,
      String cuts,
      String action) {
    List<String> terms = r.getList(1);
    Trigger best = null;
    for (String t : terms) {
      Trigger tr = byTerm.get(t);
      if (best == null
          || tr.pValue < best.pValue
          || (tr.pValue == best.pValue && tr.offLabel.auc > best.offLabel.auc)) {
        best = tr;
      }
    }
    OffLabelTest.Result off = best.offLabel;
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
    evidence.put("off_label_auc", String.format(Locale.ROOT, "%.3f", off.auc));
    evidence.put("off_label_share", String.format(Locale.ROOT, "%.3f", off.carrierOffLabelShare));
    evidence.put("off_label_min_share", String.format(Locale.ROOT, "%.2f", minShare));
    evidence.put("carrier_margin", String.format(Locale.ROOT, "%.2f", off.carrierMeanMargin));
    evidence.put("reference_margin", String.format(Locale.ROOT, "%.2f", off.referenceMeanMargin));
    evidence.put("carriers", Long.toString(off.carriers));
    evidence.put("reference_rows", Long.toString(off.reference));
    evidence.put("z_normal_approx", String.format(Locale.ROOT, "%.2f", off.z));
    evidence.put(
        Evidence.TEST,
        "one-sided Mann-Whitney: do the carriers' other words (the term and its context left out)"
            + " fit '"
            + best.group
            + "' worse than its other rows do (naive-Bayes margin, each row held out of its label)");
    evidence.put(
        "effect",
        String.format(
            Locale.ROOT,
            "%.3f of carriers fit another label better than '%s'",
            off.carrierOffLabelShare,
            best.group));
    evidence.put("effect_cut", String.format(Locale.ROOT, ">= %.2f", minShare));
    evidence.put(Evidence.STATISTIC, String.format(Locale.ROOT, "AUC %.4f", off.auc));
    evidence.put(
        Evidence.NULL_MODEL,
        String.format(
            Locale.ROOT,
            "permutation: carriers exchangeable with the label's %d other rows"
                + " (Hoeffding bound or Monte Carlo, x2)",
            off.reference));
    evidence.put(Evidence.P_VALUE, String.format(Locale.ROOT, "%.3g", best.pValue));
    evidence.put(Evidence.FDR, Double.toString(fdr));
    evidence.put(Evidence.P_CUT, String.format(Locale.ROOT, "%.3g", pCut));
    evidence.put("terms_tested", Long.toString(tested));
    evidence.put(Evidence.ACTION, action);
    String reason =
        String.format(
            Locale.ROOT,
            "carries '%s', a possible backdoor trigger: %d of its %d distinct texts are labelled '%s'"
                + " (%.0f%% vs base rate %.1f%%, G=%.1f), and their other words do not read like"
                + " '%s': %.0f%% (>= %.0f%%) fit another label better, mean margin %.1f vs %.1f nats"
                + " for the label's %d other rows (AUC %.2f), p=%.2g <= BH cut %.2g at FDR %s; cuts:"
                + " %s",
            best.term,
            best.inGroup,
            best.support,
            best.group,
            100 * best.concentration(),
            100 * best.baseRate,
            best.g,
            best.group,
            100 * off.carrierOffLabelShare,
            100 * minShare,
            off.carrierMeanMargin,
            off.referenceMeanMargin,
            off.reference,
            off.auc,
            best.pValue,
            pCut,
            fdr,
            cuts);
    return FlagRows.flag(
        r.getString(0), NAME, off.carrierOffLabelShare, minShare, reason, evidence);
  }
}
