package io.antidote.detect.clustering;

import io.antidote.detect.evidence.ScoreDistribution;
import io.antidote.detect.groups.GroupBy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Flags ({@link io.antidote.flags.FlagSchema#DETECTOR_OUTPUT}) and the per-group clustering
 * figures. Self-contained: the flags are checkpointed, the detector's cached projections already
 * released.
 *
 * @param flags one row per flagged sample
 * @param groups one entry per group, sorted by name
 * @param groupBy how groups were formed (auto resolved)
 * @param dim embedding dimension
 * @param skippedRows input rows without a usable embedding
 * @param fdr the FDR level of the group test
 */
public record ActivationClusteringResult(
    Dataset<Row> flags,
    List<GroupClustering> groups,
    GroupBy groupBy,
    int dim,
    long skippedRows,
    double fdr) {

  public ActivationClusteringResult {
    groups = List.copyOf(groups);
  }

  /** The run.json report: {@code group_by}, {@code groups} (per-group figures), skipped rows. */
  public Map<String, Object> report() {
    List<Map<String, Object>> perGroup = new ArrayList<>(groups.size());
    for (GroupClustering g : groups) {
      perGroup.add(g.report());
    }
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("group_by", groupBy.name().toLowerCase(Locale.ROOT));
    report.put("groups", List.copyOf(perGroup));
    report.put("skipped_rows", skippedRows);
    // Every clustered group's p-value against the other groups, with the BH cut (or, when nothing
    // was rejected, the p a lone group would have needed: fdr / groups).
    List<double[]> pValues = new ArrayList<>();
    double cut = -1;
    for (GroupClustering g : groups) {
      if (g.scored() && Double.isFinite(g.pValue())) {
        pValues.add(new double[] {g.pValue(), 1});
        cut = g.pCut();
      }
    }
    if (!pValues.isEmpty()) {
      double drawn = cut >= 0 ? cut : fdr / pValues.size();
      report.put(
          ScoreDistribution.REPORT_KEY,
          List.of(
              ScoreDistribution.ofMinusLog10(pValues, drawn)
                  .toReport(
                      "-log10 p of each group's excess silhouette against the other groups",
                      ScoreDistribution.minusLog10(drawn),
                      ScoreDistribution.minusLog10(drawn),
                      true)));
    }
    return report;
  }
}
