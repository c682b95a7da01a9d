package io.antidote.detect.neardup;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.desc;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.slice;
import static org.apache.spark.sql.functions.sort_array;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.when;

import io.antidote.corpus.RowFacts;
import io.antidote.detect.evidence.EmpiricalNull;
import io.antidote.detect.evidence.FalseDiscoveryRate;
import io.antidote.detect.groups.ComparableGroups;
import io.antidote.detect.groups.EmpiricalNullFit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.storage.StorageLevel;

/**
 * Near-duplicate groups and the campaign test over them: edges of any kind ({@link
 * NearDuplicateEdges}) grouped by {@link ConnectedGroups}, one row per group with its size,
 * tightness (similarity of its edges), provenance (distinct hosts, registrable domains, sources,
 * and the lists), crawl-time span and label purity where the corpus has them, and the campaign
 * test: the {@link ProvenanceConcentration} p-value of the group's distinct provenance keys for its
 * size, decided by Benjamini-Hochberg at {@code detectors.fdr} over the groups of at least {@code
 * campaign-min-size} rows, and the group's {@link #DEVOTION} (how much of what its keys serve it
 * is) at least {@code campaign-min-devotion}. This is the {@code groups/} table; the {@code
 * near_duplicates} detector flags the members of its concentrated groups (campaigns included) and
 * the {@code campaign} detector those of its campaigns. Natural groups are listed, not flagged.
 */
public final class NearDuplicateGroups {
  public static final String GROUP_ID = ConnectedGroups.GROUP_ID;
  public static final String KIND = "kind";
  public static final String SIZE = "size";
  public static final String EDGES = "edges";
  public static final String MEAN_SIMILARITY = "mean_similarity";
  public static final String MIN_SIMILARITY = "min_similarity";
  public static final String DISTINCT_HOSTS = "distinct_hosts";
  public static final String DISTINCT_DOMAINS = "distinct_domains";
  public static final String DISTINCT_SOURCES = "distinct_sources";

  /** Distinct provenance keys (domain, else host, else source; a row without any counts alone). */
  public static final String DISTINCT_PROVENANCE = "distinct_provenance";

  /** Rows the group's provenance keys serve in the whole corpus (a row without a key: itself). */
  public static final String PROVENANCE_ROWS = "provenance_rows";

  /**
   * The share of the rows its provenance keys serve in the corpus that are in the group ({@link
   * #SIZE} / {@link #PROVENANCE_ROWS}): near 1 when its hosts serve little but this group (a
   * campaign's own hosts), small when they serve much else (a site whose look-alike items group
   * together, every host of a corpus with few hosts).
   */
  public static final String DEVOTION = "devotion";

  public static final String HOSTS = "hosts";
  public static final String DOMAINS = "domains";
  public static final String SOURCES = "sources";
  public static final String CRAWL_SPAN_SECONDS = "crawl_span_seconds";
  public static final String LABEL_PURITY = "label_purity";
  public static final String P_VALUE = "p_value";
  public static final String P_CUT = "p_cut";

  /** The p-value against random rows as a z score (upper tail; p clamped inside (0, 1)). */
  public static final String PROVENANCE_Z = "provenance_z";

  /**
   * The z score's p-value against the tested groups' empirical null (N(0, 1) when fewer than {@code
   * empirical-null-min-groups} were tested): how unusual its concentration is among the corpus's
   * own groups.
   */
  public static final String EMPIRICAL_P_VALUE = "empirical_p_value";

  /** The Benjamini-Hochberg cut over the tested groups' {@link #EMPIRICAL_P_VALUE}. */
  public static final String EMPIRICAL_P_CUT = "empirical_p_cut";

  public static final String DECISION = "decision";

  /** A group that passed the campaign test. */
  public static final String CAMPAIGN = "campaign";

  /**
   * A group, not a campaign, whose provenance is more concentrated than the corpus's natural groups
   * are ({@link #EMPIRICAL_P_VALUE} rejected): a campaign hidden among other content on its hosts,
   * or a site's look-alike items.
   */
  public static final String CONCENTRATED = "concentrated";

  /** A group tested and not rejected: natural duplication as far as provenance tells. */
  public static final String NATURAL = "natural";

  /** A group below {@code campaign-min-size}. */
  public static final String UNTESTED = "untested";

  /** The group table's columns, in order. */
  public static final List<String> COLUMNS =
      List.of(
          GROUP_ID,
          KIND,
          SIZE,
          EDGES,
          MEAN_SIMILARITY,
          MIN_SIMILARITY,
          DISTINCT_HOSTS,
          DISTINCT_DOMAINS,
          DISTINCT_SOURCES,
          DISTINCT_PROVENANCE,
          PROVENANCE_ROWS,
          DEVOTION,
          HOSTS,
          DOMAINS,
          SOURCES,
          CRAWL_SPAN_SECONDS,
          LABEL_PURITY,
          P_VALUE,
          P_CUT,
          PROVENANCE_Z,
          EMPIRICAL_P_VALUE,
          EMPIRICAL_P_CUT,
          DECISION);

  private static final String KEY = "provenance_key";
  private static final String KEY_MISSING = "provenance_missing";
  private static final String KEY_ROWS = "key_rows";
  private static final String IN_GROUP = "in_group";

  private NearDuplicateGroups() {}

  /**
   * Members ({@link ConnectedGroups#SAMPLE_ID}, {@link #GROUP_ID}) and groups ({@link #COLUMNS}),
   * both persisted until {@link #release}, and the figures for run.json.
   */
  public record Grouped(Dataset<Row> members, Dataset<Row> groups, Map<String, Object> report) {
    public void release() {
      members.unpersist();
      groups.unpersist();
    }

    /** The figures of {@link #report} under {@code keys}, in that order: a detector's share. */
    public Map<String, Object> reportOf(String... keys) {
      Map<String, Object> out = new LinkedHashMap<>();
      for (String k : keys) {
        out.put(k, report.get(k));
      }
      return out;
    }
  }

  /** Text edges of the corpus rows, grouped and tested against the row facts' provenance. */
  public static Grouped ofText(
      Dataset<Row> corpusRows, Dataset<Row> facts, NearDuplicateSettings settings) {
    TextNearDuplicates.Result text = new TextNearDuplicates(settings).edges(corpusRows);
    try {
      Grouped g = ofEdges(text.edges(), facts, settings);
      Map<String, Object> report = new LinkedHashMap<>();
      report.put("text", text.report());
      report.putAll(g.report());
      return new Grouped(g.members(), g.groups(), report);
    } finally {
      text.release();
    }
  }

  /**
   * Groups of the corpus's text near-duplicates and image near-duplicates (perceptual hashes) in
   * one grouping, tested: a campaign that pairs an edited caption with a re-encoded picture is one
   * group.
   */
  public static Grouped ofTextAndImages(
      Dataset<Row> corpusRows,
      Dataset<Row> facts,
      NearDuplicateSettings settings,
      io.antidote.detect.imagehash.ImageHashSettings imageSettings) {
    TextNearDuplicates.Result text = new TextNearDuplicates(settings).edges(corpusRows);
    try (io.antidote.detect.imagehash.ImageNearDuplicates.ImageEdges images =
        io.antidote.detect.imagehash.ImageNearDuplicates.edges(corpusRows, imageSettings)) {
      Grouped g = ofEdges(text.edges().unionByName(images.edges()), facts, settings);
      Map<String, Object> report = new LinkedHashMap<>();
      report.put("text", text.report());
      report.put("image", images.report());
      report.putAll(g.report());
      return new Grouped(g.members(), g.groups(), report);
    } finally {
      text.release();
    }
  }

  /** Groups of any union of edges ({@link NearDuplicateEdges#SCHEMA}), tested. */
  public static Grouped ofEdges(
      Dataset<Row> edgeFrame, Dataset<Row> facts, NearDuplicateSettings settings) {
    Dataset<Row> edges = edgeFrame.persist(StorageLevel.MEMORY_AND_DISK());
    try {
      long edgeCount = edges.count();
      ConnectedGroups.Components components =
          new ConnectedGroups(settings.maxIterations()).of(edges);
      Dataset<Row> members = components.members().persist(StorageLevel.MEMORY_AND_DISK());

      Dataset<Row> edgeStats =
          edges
              .join(
                  members,
                  edges
                      .col(NearDuplicateEdges.LEFT_ID)
                      .equalTo(members.col(ConnectedGroups.SAMPLE_ID)))
              .groupBy(col(GROUP_ID))
              .agg(
                  concat_ws(",", sort_array(collect_set(col(NearDuplicateEdges.KIND)))).as(KIND),
                  count(lit(1)).as(EDGES),
                  org.apache
                      .spark
                      .sql
                      .functions
                      .avg(col(NearDuplicateEdges.SIMILARITY))
                      .as(MEAN_SIMILARITY),
                  min(col(NearDuplicateEdges.SIMILARITY)).as(MIN_SIMILARITY));

      Dataset<Row> memberFacts =
          members.join(
              facts.select(
                  col(RowFacts.SAMPLE_ID),
                  col(RowFacts.HOST),
                  col(RowFacts.DOMAIN),
                  col(RowFacts.SOURCE),
                  col(RowFacts.CRAWL_TIME),
                  col(RowFacts.LABEL),
                  provenanceKey().as(KEY)),
              ConnectedGroups.SAMPLE_ID);
      int listed = settings.listedPerGroup();
      Column crawlSeconds = col(RowFacts.CRAWL_TIME).cast("long");
      Dataset<Row> provenance =
          memberFacts
              .groupBy(col(GROUP_ID))
              .agg(
                  count(lit(1)).as(SIZE),
                  countDistinct(col(RowFacts.HOST)).as(DISTINCT_HOSTS),
                  countDistinct(col(RowFacts.DOMAIN)).as(DISTINCT_DOMAINS),
                  countDistinct(col(RowFacts.SOURCE)).as(DISTINCT_SOURCES),
                  countDistinct(col(KEY)).as(KEY),
                  sum(when(col(KEY).isNull(), 1L).otherwise(0L)).as(KEY_MISSING),
                  slice(sort_array(collect_set(col(RowFacts.HOST))), 1, listed).as(HOSTS),
                  slice(sort_array(collect_set(col(RowFacts.DOMAIN))), 1, listed).as(DOMAINS),
                  slice(sort_array(collect_set(col(RowFacts.SOURCE))), 1, listed).as(SOURCES),
                  max(crawlSeconds).minus(min(crawlSeconds)).as(CRAWL_SPAN_SECONDS))
              .withColumn(DISTINCT_PROVENANCE, col(KEY).plus(col(KEY_MISSING)));
      Dataset<Row> labelCounts =
          memberFacts
              .where(col(RowFacts.LABEL).isNotNull())
              .groupBy(col(GROUP_ID), col(RowFacts.LABEL))
              .count()
              .groupBy(col(GROUP_ID))
              .agg(max(col("count")).as("modal"), sum(col("count")).as("labelled"));

      Dataset<Row> keyRows = keyRows(facts).persist(StorageLevel.MEMORY_AND_DISK());
      // Devotion: the group's rows over all the rows its keys serve; a row without a key is its
      // own key (one row).
      Dataset<Row> devotion =
          memberFacts
              .groupBy(col(GROUP_ID), col(KEY))
              .agg(count(lit(1)).as(IN_GROUP))
              .join(keyRows, new String[] {KEY}, "left")
              .groupBy(col(GROUP_ID))
              .agg(
                  sum(when(col(KEY).isNull(), col(IN_GROUP)).otherwise(col(KEY_ROWS)))
                      .as(PROVENANCE_ROWS));
      ProvenanceConcentration null0 = nullOf(keyRows, facts.count(), settings.nullTopHosts());
      UserDefinedFunction pValue =
          udf((UDF2<Long, Long, Double>) (n, d) -> null0.pValue(n, d), DataTypes.DoubleType);
      UserDefinedFunction zOf =
          udf((UDF1<Double, Double>) NearDuplicateGroups::zOf, DataTypes.DoubleType);
      Dataset<Row> scored =
          provenance
              .join(edgeStats, GROUP_ID)
              .join(devotion, GROUP_ID)
              .withColumn(DEVOTION, col(SIZE).divide(col(PROVENANCE_ROWS)))
              .join(labelCounts, new String[] {GROUP_ID}, "left")
              .withColumn(
                  LABEL_PURITY, when(col("labelled").gt(0), col("modal").divide(col("labelled"))))
              .withColumn(P_VALUE, pValue.apply(col(SIZE), col(DISTINCT_PROVENANCE)))
              .withColumn(PROVENANCE_Z, zOf.apply(col(P_VALUE)))
              .persist(StorageLevel.MEMORY_AND_DISK());

      Column tested = col(SIZE).geq(settings.campaignMinSize());
      long testedGroups = scored.where(tested).count();
      double[] smallest =
          scored
              .where(tested.and(col(P_VALUE).leq(settings.fdr())))
              .select(col(P_VALUE))
              .as(org.apache.spark.sql.Encoders.DOUBLE())
              .collectAsList()
              .stream()
              .mapToDouble(Double::doubleValue)
              .toArray();
      double cut = FalseDiscoveryRate.cut(smallest, testedGroups, settings.fdr());
      // Concentration alone is not enough: look-alike items of one site and every host of a
      // corpus with few hosts are concentrated too; a campaign's hosts also serve little else.
      Column campaign =
          cut >= 0
              ? tested
                  .and(col(P_VALUE).leq(cut))
                  .and(col(DEVOTION).geq(settings.campaignMinDevotion()))
              : lit(false);
      // Whether a group is more concentrated than this corpus's natural groups: its z against
      // the tested groups' own empirical null, when there are enough of them to fit one.
      EmpiricalNull nul =
          testedGroups >= settings.empiricalNullMinGroups()
              ? EmpiricalNullFit.of(scored.where(tested), PROVENANCE_Z)
              : EmpiricalNull.THEORETICAL;
      UserDefinedFunction empiricalP =
          udf((UDF1<Double, Double>) nul::pValue, DataTypes.DoubleType);
      Dataset<Row> judged =
          scored.withColumn(EMPIRICAL_P_VALUE, empiricalP.apply(col(PROVENANCE_Z)));
      double[] smallestEmpirical =
          judged
              .where(tested.and(col(EMPIRICAL_P_VALUE).leq(settings.fdr())))
              .select(col(EMPIRICAL_P_VALUE))
              .as(org.apache.spark.sql.Encoders.DOUBLE())
              .collectAsList()
              .stream()
              .mapToDouble(Double::doubleValue)
              .toArray();
      double empiricalCut = FalseDiscoveryRate.cut(smallestEmpirical, testedGroups, settings.fdr());
      Column concentrated =
          empiricalCut >= 0 ? tested.and(col(EMPIRICAL_P_VALUE).leq(empiricalCut)) : lit(false);
      Dataset<Row> groups =
          judged
              .withColumn(P_CUT, lit(cut))
              .withColumn(EMPIRICAL_P_CUT, lit(empiricalCut))
              .withColumn(
                  DECISION,
                  when(campaign, lit(CAMPAIGN))
                      .when(concentrated, lit(CONCENTRATED))
                      .when(tested, lit(NATURAL))
                      .otherwise(lit(UNTESTED)))
              .select(
                  COLUMNS.stream().map(org.apache.spark.sql.functions::col).toArray(Column[]::new))
              .persist(StorageLevel.MEMORY_AND_DISK());
      Row totals =
          groups
              .agg(
                  count(lit(1)),
                  sum(col(SIZE)),
                  sum(when(col(DECISION).equalTo(CAMPAIGN), 1L).otherwise(0L)),
                  sum(when(col(DECISION).equalTo(CAMPAIGN), col(SIZE)).otherwise(0L)),
                  max(col(SIZE)),
                  sum(when(col(DECISION).equalTo(CONCENTRATED), 1L).otherwise(0L)),
                  sum(when(col(DECISION).equalTo(CONCENTRATED), col(SIZE)).otherwise(0L)),
                  sum(when(col(DECISION).equalTo(NATURAL), 1L).otherwise(0L)),
                  sum(when(col(DECISION).equalTo(NATURAL), col(SIZE)).otherwise(0L)))
              .first();
      scored.unpersist();
      keyRows.unpersist();

      Map<String, Object> report = new LinkedHashMap<>();
      report.put("edges", edgeCount);
      report.put("grouping_rounds", components.rounds());
      report.put("groups", totals.getLong(0));
      report.put("rows_in_groups", totals.isNullAt(1) ? 0L : totals.getLong(1));
      report.put("largest_group", totals.isNullAt(4) ? 0L : totals.getLong(4));
      report.put("campaign_min_size", settings.campaignMinSize());
      report.put("groups_tested", testedGroups);
      report.put("fdr", settings.fdr());
      report.put("p_cut", cut);
      report.put("empirical_null", nul.describe("groups"));
      report.put("empirical_p_cut", empiricalCut);
      report.put("campaign_min_devotion", settings.campaignMinDevotion());
      report.put("campaign_groups", totals.isNullAt(2) ? 0L : totals.getLong(2));
      report.put("campaign_rows", totals.isNullAt(3) ? 0L : totals.getLong(3));
      report.put("concentrated_groups", totals.isNullAt(5) ? 0L : totals.getLong(5));
      report.put("concentrated_rows", totals.isNullAt(6) ? 0L : totals.getLong(6));
      report.put("natural_groups", totals.isNullAt(7) ? 0L : totals.getLong(7));
      report.put("natural_rows", totals.isNullAt(8) ? 0L : totals.getLong(8));
      report.put(
          "null",
          "P(Binomial(n-1, 1 - share of the corpus's d most common provenance keys) <= d-1),"
              + " and devotion >= campaign_min_devotion");
      return new Grouped(members, groups, report);
    } finally {
      edges.unpersist();
    }
  }

  /**
   * The upper-tail z of a p-value, p kept inside [1e-300, 1 - 1e-12] (a group of n rows from n keys
   * has p = 1: z about -7).
   */
  static double zOf(double p) {
    return ComparableGroups.upperTailInverse(Math.max(1e-300, Math.min(1 - 1e-12, p)));
  }

  /** A row's provenance key: registrable domain, else host (IP addresses), else source. */
  static Column provenanceKey() {
    return coalesce(col(RowFacts.DOMAIN), col(RowFacts.HOST), col(RowFacts.SOURCE));
  }

  /**
   * Rows per provenance key of the corpus ({@code KEY}, {@code KEY_ROWS}); rows without one left
   * out.
   */
  private static Dataset<Row> keyRows(Dataset<Row> facts) {
    return facts
        .select(provenanceKey().as(KEY))
        .where(col(KEY).isNotNull())
        .groupBy(col(KEY))
        .agg(count(lit(1)).as(KEY_ROWS));
  }

  /** The corpus's provenance distribution: its {@code top} most common keys' row counts. */
  static ProvenanceConcentration nullOf(Dataset<Row> keyRows, long total, int top) {
    List<Row> counts = keyRows.orderBy(desc(KEY_ROWS)).limit(top).collectAsList();
    long[] c = counts.stream().mapToLong(r -> r.getLong(1)).toArray();
    return new ProvenanceConcentration(c, Math.max(1, total));
  }
}
