package io.antidote.detect.neardup;

import static org.apache.spark.sql.functions.array_join;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.format_number;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log10;
import static org.apache.spark.sql.functions.map;

import io.antidote.detect.DetectorSettings;
import io.antidote.flags.Evidence;
import io.antidote.flags.FlagSchema;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The flags of the members of chosen groups, with the group's figures and its provenance test as
 * evidence: the {@code near_duplicates} and {@code campaign} detectors differ only in which groups
 * they flag and what the reason stresses.
 */
final class GroupFlags {
  static final String NULL_MODEL = "rows drawn at random from the corpus's provenance distribution";

  private GroupFlags() {}

  /**
   * One flag per member of the groups whose {@link NearDuplicateGroups#DECISION} is one of {@code
   * decisions}: score and threshold are -log10 of the group's p-value and of the BH cut.
   */
  static Dataset<Row> of(
      NearDuplicateGroups.Grouped grouped,
      List<String> decisions,
      String detector,
      DetectorSettings common,
      String test,
      Column reason) {
    Object minDevotion = grouped.report().get("campaign_min_devotion");
    Dataset<Row> chosen =
        grouped.groups().where(col(NearDuplicateGroups.DECISION).isin(decisions.toArray()));
    return grouped
        .members()
        .join(chosen, NearDuplicateGroups.GROUP_ID)
        .select(
            col(ConnectedGroups.SAMPLE_ID).as(FlagSchema.SAMPLE_ID),
            lit(detector).as(FlagSchema.DETECTOR),
            minusLog10(col(NearDuplicateGroups.P_VALUE)).as(FlagSchema.SCORE),
            minusLog10(col(NearDuplicateGroups.P_CUT)).as(FlagSchema.THRESHOLD),
            reason.as(FlagSchema.REASON),
            map(
                    lit(NearDuplicateGroups.GROUP_ID), col(NearDuplicateGroups.GROUP_ID),
                    lit(NearDuplicateDetector.GROUP_SIZE),
                        col(NearDuplicateGroups.SIZE).cast("string"),
                    lit(NearDuplicateDetector.GROUP_KIND), col(NearDuplicateGroups.KIND),
                    lit(NearDuplicateDetector.DECISION), col(NearDuplicateGroups.DECISION),
                    lit(NearDuplicateGroups.DISTINCT_HOSTS),
                        col(NearDuplicateGroups.DISTINCT_HOSTS).cast("string"),
                    lit(NearDuplicateGroups.DISTINCT_DOMAINS),
                        col(NearDuplicateGroups.DISTINCT_DOMAINS).cast("string"),
                    lit(NearDuplicateGroups.DISTINCT_SOURCES),
                        col(NearDuplicateGroups.DISTINCT_SOURCES).cast("string"),
                    lit(NearDuplicateGroups.HOSTS), array_join(col(NearDuplicateGroups.HOSTS), ","),
                    lit(NearDuplicateGroups.MEAN_SIMILARITY),
                        col(NearDuplicateGroups.MEAN_SIMILARITY).cast("string"),
                    lit(NearDuplicateGroups.MIN_SIMILARITY),
                        col(NearDuplicateGroups.MIN_SIMILARITY).cast("string"),
                    lit(NearDuplicateGroups.PROVENANCE_ROWS),
                        col(NearDuplicateGroups.PROVENANCE_ROWS).cast("string"),
                    lit(NearDuplicateGroups.DEVOTION),
                        col(NearDuplicateGroups.DEVOTION).cast("string"),
                    lit(CampaignDetector.MIN_DEVOTION), lit(String.valueOf(minDevotion)),
                    lit(NearDuplicateGroups.CRAWL_SPAN_SECONDS),
                        col(NearDuplicateGroups.CRAWL_SPAN_SECONDS).cast("string"),
                    lit(NearDuplicateGroups.LABEL_PURITY),
                        col(NearDuplicateGroups.LABEL_PURITY).cast("string"),
                    lit(Evidence.TEST), lit(test),
                    lit(Evidence.STATISTIC),
                        col(NearDuplicateGroups.DISTINCT_PROVENANCE).cast("string"),
                    lit(Evidence.NULL_MODEL), lit(NULL_MODEL),
                    lit(Evidence.P_VALUE), col(NearDuplicateGroups.P_VALUE).cast("string"),
                    lit(Evidence.P_CUT), col(NearDuplicateGroups.P_CUT).cast("string"),
                    lit(Evidence.FDR), lit(String.valueOf(common.fdr())),
                    lit(Evidence.ACTION), lit(common.action().label()))
                .as(FlagSchema.EVIDENCE));
  }

  /**
   * "one of N near-duplicate rows (kind, group g, mean similarity s) from only d provenance ..."
   */
  static Column provenanceReason(Column tail) {
    return concat(
        lit("one of "),
        col(NearDuplicateGroups.SIZE),
        lit(" near-duplicate rows ("),
        col(NearDuplicateGroups.KIND),
        lit(", group "),
        col(NearDuplicateGroups.GROUP_ID),
        lit(", mean similarity "),
        format_number(col(NearDuplicateGroups.MEAN_SIMILARITY), 2),
        lit(") from only "),
        col(NearDuplicateGroups.DISTINCT_PROVENANCE),
        lit(" provenance key(s): "),
        array_join(col(NearDuplicateGroups.DOMAINS), ", "),
        lit("; p = "),
        col(NearDuplicateGroups.P_VALUE).cast("string"),
        lit(" <= cut "),
        col(NearDuplicateGroups.P_CUT).cast("string"),
        lit(" against the corpus's hosts; devotion "),
        format_number(col(NearDuplicateGroups.DEVOTION), 2),
        lit(" (share of its keys' rows in the group)"),
        tail);
  }

  private static Column minusLog10(Column p) {
    return log10(greatest(p, lit(Double.MIN_NORMAL))).multiply(-1.0);
  }
}
