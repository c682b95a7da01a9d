package io.antidote.detect.neardup;

import static org.apache.spark.sql.functions.array_join;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.format_number;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log10;
import static org.apache.spark.sql.functions.map;

import io.antidote.detect.Detector;
import io.antidote.detect.DetectorInput;
import io.antidote.detect.DetectorInputs;
import io.antidote.detect.DetectorResult;
import io.antidote.flags.Evidence;
import io.antidote.flags.FlagSchema;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Poisoning campaigns: near-duplicate groups whose provenance is far narrower than their size
 * allows. Poison is planted as many lightly edited copies from the few hosts an attacker controls
 * (Carlini et al. 2023 bought expired domains), while the natural duplicates of web data (stock
 * captions, quotes) come from many unrelated hosts. Each group of at least {@code
 * campaign-min-size} rows gets the {@link ProvenanceConcentration} p-value of its distinct
 * provenance keys against the corpus's own host distribution; groups are rejected by
 * Benjamini-Hochberg at {@code detectors.fdr}, and a rejected group is a campaign when its keys
 * also serve little but it ({@link NearDuplicateGroups#DEVOTION} at least {@code
 * campaign-min-devotion}). Every member of a campaign is flagged with the group's figures.
 *
 * <p>Concentration against random rows is not enough on real data: similar content comes from
 * similar sites (a flags gallery's look-alike flags), and in a corpus of few hosts every group is
 * concentrated. Hosts set up or bought for a campaign serve mostly the campaign; natural repeats
 * are a small part of what their sites serve. Size alone never flags. Where it fails: a small site
 * that serves little but variants of one item looks like a campaign; a campaign spread over many
 * hosts, or hidden among much other content on its hosts, does not.
 */
public final class CampaignDetector implements Detector {
  public static final String NAME = "campaign";
  public static final String GROUP_ID = NearDuplicateGroups.GROUP_ID;
  public static final String GROUP_SIZE = NearDuplicateDetector.GROUP_SIZE;

  static final String TEST =
      "distinct provenance keys (registrable domain, else host, else source) for the group's size,"
          + " and the devotion of those keys to the group";

  /** Evidence: the group's devotion and the least devotion a campaign needs. */
  public static final String DEVOTION = NearDuplicateGroups.DEVOTION;

  public static final String MIN_DEVOTION = "min_devotion";

  private final CampaignSettings settings;

  public CampaignDetector(CampaignSettings settings) {
    this.settings = settings;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<DetectorInput> inputs() {
    return List.of(DetectorInput.NEAR_DUPLICATE_GROUPS);
  }

  @Override
  public DetectorResult flag(DetectorInputs inputs) {
    NearDuplicateGroups.Grouped g = inputs.nearDuplicateGroups();
    Map<String, Object> report = new LinkedHashMap<>();
    for (String k :
        List.of(
            "groups_tested",
            "campaign_min_size",
            "fdr",
            "p_cut",
            "campaign_groups",
            "campaign_rows",
            "campaign_min_devotion",
            "null")) {
      report.put(k, g.report().get(k));
    }
    return DetectorResult.ran(NAME, flag(g), report);
  }

  /** One flag per member of every group decided a campaign. */
  public Dataset<Row> flag(NearDuplicateGroups.Grouped grouped) {
    Object minDevotion = grouped.report().get("campaign_min_devotion");
    Dataset<Row> campaigns =
        grouped
            .groups()
            .where(col(NearDuplicateGroups.DECISION).equalTo(NearDuplicateGroups.CAMPAIGN));
    return grouped
        .members()
        .join(campaigns, GROUP_ID)
        .select(
            col(ConnectedGroups.SAMPLE_ID).as(FlagSchema.SAMPLE_ID),
            lit(NAME).as(FlagSchema.DETECTOR),
            minusLog10(col(NearDuplicateGroups.P_VALUE)).as(FlagSchema.SCORE),
            minusLog10(col(NearDuplicateGroups.P_CUT)).as(FlagSchema.THRESHOLD),
            concat(
                    lit("one of "),
                    col(NearDuplicateGroups.SIZE),
                    lit(" near-duplicate rows (group "),
                    col(GROUP_ID),
                    lit(") from only "),
                    col(NearDuplicateGroups.DISTINCT_PROVENANCE),
                    lit(" provenance key(s): "),
                    array_join(col(NearDuplicateGroups.DOMAINS), ", "),
                    lit("; p = "),
                    col(NearDuplicateGroups.P_VALUE).cast("string"),
                    lit(" against the corpus's hosts; devotion "),
                    format_number(col(NearDuplicateGroups.DEVOTION), 2),
                    lit(" (share of its keys' rows in the group), mean similarity "),
                    format_number(col(NearDuplicateGroups.MEAN_SIMILARITY), 2))
                .as(FlagSchema.REASON),
            map(
                    lit(GROUP_ID), col(GROUP_ID),
                    lit(GROUP_SIZE), col(NearDuplicateGroups.SIZE).cast("string"),
                    lit(NearDuplicateGroups.DISTINCT_HOSTS),
                        col(NearDuplicateGroups.DISTINCT_HOSTS).cast("string"),
                    lit(NearDuplicateGroups.DISTINCT_DOMAINS),
                        col(NearDuplicateGroups.DISTINCT_DOMAINS).cast("string"),
                    lit(NearDuplicateGroups.DISTINCT_SOURCES),
                        col(NearDuplicateGroups.DISTINCT_SOURCES).cast("string"),
                    lit(NearDuplicateGroups.HOSTS), array_join(col(NearDuplicateGroups.HOSTS), ","),
                    lit(NearDuplicateGroups.MEAN_SIMILARITY),
                        col(NearDuplicateGroups.MEAN_SIMILARITY).cast("string"),
                    lit(NearDuplicateGroups.PROVENANCE_ROWS),
                        col(NearDuplicateGroups.PROVENANCE_ROWS).cast("string"),
                    lit(DEVOTION), col(NearDuplicateGroups.DEVOTION).cast("string"),
                    lit(MIN_DEVOTION), lit(String.valueOf(minDevotion)),
                    lit(NearDuplicateGroups.CRAWL_SPAN_SECONDS),
                        col(NearDuplicateGroups.CRAWL_SPAN_SECONDS).cast("string"),
                    lit(NearDuplicateGroups.LABEL_PURITY),
                        col(NearDuplicateGroups.LABEL_PURITY).cast("string"),
                    lit(Evidence.TEST), lit(TEST),
                    lit(Evidence.STATISTIC),
                        col(NearDuplicateGroups.DISTINCT_PROVENANCE).cast("string"),
                    lit(Evidence.NULL_MODEL),
                        lit("rows drawn at random from the corpus's provenance distribution"),
                    lit(Evidence.P_VALUE), col(NearDuplicateGroups.P_VALUE).cast("string"),
                    lit(Evidence.P_CUT), col(NearDuplicateGroups.P_CUT).cast("string"),
                    lit(Evidence.FDR), lit(String.valueOf(settings.common().fdr())),
                    lit(Evidence.ACTION), lit(settings.common().action().label()))
                .as(FlagSchema.EVIDENCE));
  }

  private static org.apache.spark.sql.Column minusLog10(org.apache.spark.sql.Column p) {
    return log10(greatest(p, lit(Double.MIN_NORMAL))).multiply(-1.0);
  }
}
