package io.antidote.detect.spectral;

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
 * The flags (schema {@link io.antidote.flags.FlagSchema#DETECTOR_OUTPUT}) and the per-group
 * spectrum summary the report shows beside them. Self-contained: the flags are checkpointed, the
 * detector's cached intermediates already released.
 *
 * @param flags one row per flagged sample
 * @param groups one entry per group, sorted by name
 * @param groupBy how groups were formed (auto resolved)
 * @param dim embedding dimension
 * @param skippedRows input rows without a usable embedding (null, wrong dimension, null sample id)
 * @param fdr the FDR level of the tests (test mode)
 */
public record SpectralSignatureResult(
    Dataset<Row> flags,
    List<GroupSpectrum> groups,
    GroupBy groupBy,
    int dim,
    long skippedRows,
    double fdr) {

  public SpectralSignatureResult {
    groups = List.copyOf(groups);
  }

  /** The run.json report: {@code group_by}, {@code groups} (per-group figures), skipped rows. */
  public Map<String, Object> report() {
    List<Map<String, Object>> perGroup = new ArrayList<>(groups.size());
    for (GroupSpectrum g : groups) {
      perGroup.add(g.report());
    }
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("group_by", groupBy.name().toLowerCase(Locale.ROOT));
    report.put("groups", List.copyOf(perGroup));
    report.put("skipped_rows", skippedRows);
    // Test mode: every scored group's p-value against the other groups, with the BH cut (or, when
    // nothing was rejected, the p a lone group would have needed: fdr / groups).
    List<double[]> pValues = new ArrayList<>();
    double cut = -1;
    for (GroupSpectrum g : groups) {
      if (g.test() != null) {
        pValues.add(new double[] {g.test().pValue(), 1});
        cut = g.test().pCut();
      }
    }
    if (!pValues.isEmpty()) {
      double drawn = cut >= 0 ? cut : fdr / pValues.size();
      report.put(
          ScoreDistribution.REPORT_KEY,
          List.of(
              ScoreDistribution.ofMinusLog10(pValues, drawn)
                  .toReport(
                      "-log10 p of each group's ln(lambda1/lambda2) against the other groups",
                      ScoreDistribution.minusLog10(drawn),
                      ScoreDistribution.minusLog10(drawn),
                      true)));
    }
    return report;
  }
}
