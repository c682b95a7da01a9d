package io.antidote.detect.neardup;

import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;

import io.antidote.detect.Detector;
import io.antidote.detect.DetectorInput;
import io.antidote.detect.DetectorInputs;
import io.antidote.detect.DetectorResult;
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
    Map<String, Object> report =
        g.reportOf(
            "groups_tested",
            "campaign_min_size",
            "fdr",
            "p_cut",
            "campaign_groups",
            "campaign_rows",
            "campaign_min_devotion",
            "null");
    return DetectorResult.ran(NAME, flag(g), report);
  }

  /** One flag per member of every group decided a campaign. */
  public Dataset<Row> flag(NearDuplicateGroups.Grouped grouped) {
    return GroupFlags.of(
        grouped,
        List.of(NearDuplicateGroups.CAMPAIGN),
        NAME,
        settings.common(),
        TEST,
        GroupFlags.provenanceReason(
            concat(
                lit(" at least "),
                lit(String.valueOf(grouped.report().get("campaign_min_devotion"))),
                lit(": a campaign"))));
  }
}
