package io.antidote.detect.neardup;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.format_number;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.map;

import io.antidote.detect.Detector;
import io.antidote.detect.DetectorInput;
import io.antidote.detect.DetectorInputs;
import io.antidote.detect.DetectorResult;
import io.antidote.flags.Evidence;
import io.antidote.flags.FlagSchema;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Every member of a near-duplicate group (MinHash with LSH banding over normalised shingles, Broder
 * 1997; groups as connected components, {@link NearDuplicateGroups}), for review: amplified copies
 * are how a small poisoning budget reaches a model (Carlini et al. 2023), and a reviewer who keeps
 * one member of a natural group removes the rest of the weight.
 *
 * <p>Assumes copies keep most of their shingles (measured: copies of real sentences with 5-15 % of
 * words edited are at estimated Jaccard 0.59 on average with character 5-shingles). Paraphrases
 * share few shingles and are missed; boilerplate shared by unrelated texts groups them, which is
 * why the action is review and whether a group is a campaign is the {@code campaign} detector's
 * call.
 */
public final class NearDuplicateDetector implements Detector {
  public static final String NAME = "near_duplicates";
  public static final String GROUP_ID = NearDuplicateGroups.GROUP_ID;
  public static final String GROUP_SIZE = "group_size";
  public static final String GROUP_KIND = "group_kind";
  public static final String MEAN_SIMILARITY = NearDuplicateGroups.MEAN_SIMILARITY;
  public static final String MIN_SIMILARITY = NearDuplicateGroups.MIN_SIMILARITY;
  public static final String DECISION = "group_decision";

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
    return DetectorResult.ran(NAME, flag(g), Map.of("groups", g.report().get("groups")));
  }

  /** One flag per member of every group. */
  public Dataset<Row> flag(NearDuplicateGroups.Grouped grouped) {
    Dataset<Row> groups = grouped.groups();
    return grouped
        .members()
        .join(groups, GROUP_ID)
        .select(
            col(ConnectedGroups.SAMPLE_ID).as(FlagSchema.SAMPLE_ID),
            lit(NAME).as(FlagSchema.DETECTOR),
            col(NearDuplicateGroups.SIZE).cast("double").as(FlagSchema.SCORE),
            lit(2.0).as(FlagSchema.THRESHOLD),
            concat(
                    lit("one of "),
                    col(NearDuplicateGroups.SIZE),
                    lit(" near-duplicate rows ("),
                    col(NearDuplicateGroups.KIND),
                    lit(", group "),
                    col(GROUP_ID),
                    lit(", mean similarity "),
                    format_number(col(NearDuplicateGroups.MEAN_SIMILARITY), 2),
                    lit(") from "),
                    col(NearDuplicateGroups.DISTINCT_HOSTS),
                    lit(" host(s)"))
                .as(FlagSchema.REASON),
            map(
                    lit(GROUP_ID), col(GROUP_ID),
                    lit(GROUP_SIZE), col(NearDuplicateGroups.SIZE).cast("string"),
                    lit(GROUP_KIND), col(NearDuplicateGroups.KIND),
                    lit(MEAN_SIMILARITY), col(NearDuplicateGroups.MEAN_SIMILARITY).cast("string"),
                    lit(MIN_SIMILARITY), col(NearDuplicateGroups.MIN_SIMILARITY).cast("string"),
                    lit(NearDuplicateGroups.DISTINCT_HOSTS),
                        col(NearDuplicateGroups.DISTINCT_HOSTS).cast("string"),
                    lit(DECISION), col(NearDuplicateGroups.DECISION),
                    lit(Evidence.ACTION), lit(settings.common().action().label()))
                .as(FlagSchema.EVIDENCE));
  }
}
