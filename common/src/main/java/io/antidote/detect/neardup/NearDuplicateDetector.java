package io.antidote.detect.neardup;

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
 * Near-duplicate groups (MinHash with LSH banding over normalised shingles, Broder 1997; perceptual
 * hashes for images; groups as connected components, {@link NearDuplicateGroups}) whose copies come
 * from far fewer provenance keys than the corpus's own host distribution gives a group of their
 * size ({@link ProvenanceConcentration}, Benjamini-Hochberg over the groups tested), for review:
 * amplified copies from few hosts are how a small poisoning budget reaches a model (Carlini et al.
 * 2023). The {@code campaign} detector drops those among them whose hosts serve little else; this
 * one also asks for a look at those whose hosts serve much else (a campaign hidden among other
 * content, or a site's look-alike items).
 *
 * <p>Natural duplication (stock captions, quotes, reposts on unrelated hosts) is listed in {@code
 * groups/} with decision {@code natural}, not flagged: size alone never flags, so a curation team
 * deduplicates from the group table, not from this detector. Assumes copies keep most of their
 * shingles (copies of real sentences with 5-15 % of words edited: estimated Jaccard 0.59 on average
 * with character 5-shingles); paraphrases are missed. Where content and host go together (a corpus
 * of a few sites, each on its own topic) natural groups are concentrated too, and flagged.
 */
public final class NearDuplicateDetector implements Detector {
  public static final String NAME = "near_duplicates";
  public static final String GROUP_ID = NearDuplicateGroups.GROUP_ID;
  public static final String GROUP_SIZE = "group_size";
  public static final String GROUP_KIND = "group_kind";
  public static final String MEAN_SIMILARITY = NearDuplicateGroups.MEAN_SIMILARITY;
  public static final String MIN_SIMILARITY = NearDuplicateGroups.MIN_SIMILARITY;
  public static final String DECISION = "group_decision";

  static final String TEST =
      "distinct provenance keys (registrable domain, else host, else source) for the group's size";

  private final NearDuplicateDetectorSettings settings;

  public NearDuplicateDetector(NearDuplicateDetectorSettings settings) {
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
            "groups",
            "rows_in_groups",
            "groups_tested",
            "p_cut",
            "concentrated_groups",
            "concentrated_rows",
            "campaign_groups",
            "campaign_rows",
            "natural_groups",
            "natural_rows");
    return DetectorResult.ran(NAME, flag(g), report);
  }

  /**
   * One flag per member of every group whose provenance is concentrated, campaigns included;
   * natural groups are in {@code groups/} only.
   */
  public Dataset<Row> flag(NearDuplicateGroups.Grouped grouped) {
    return GroupFlags.of(
        grouped,
        List.of(NearDuplicateGroups.CONCENTRATED, NearDuplicateGroups.CAMPAIGN),
        NAME,
        settings.common(),
        TEST,
        GroupFlags.provenanceReason(lit("")));
  }
}
