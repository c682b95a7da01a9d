package io.antidote.detect.spectral;

import io.antidote.detect.evidence.ScoreDistribution;
import io.antidote.detect.groups.GroupBy;
import io.antidote.detect.groups.SyntheticEmbeddings;
import io.antidote.flags.Evidence;
import io.antidote.flags.FlagSchema;
import io.antidote.testing.SparkTestBase;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;

/**
 * Planted campaigns in 384-d clustered embeddings (see {@link SyntheticEmbeddings}): 3 classes ×
 * 2,000 rows, 5% of class-1 a tight shifted sub-population. In test mode (the default) only the
 * poisoned class rejects and only its campaign rows are flagged; budget mode (the paper's rule)
 * flags 1.5·ε of every class.
 */
class SpectralSignatureDetectorTest extends SparkTestBase {

  @Test
  void findsPlantedCampaignPerLabel() {
    SyntheticEmbeddings data = SyntheticEmbeddings.standard(1);
    SpectralSignatureResult result =
        SpectralTesting.detector(SpectralTesting.defaults()).run(data.frame(spark()));
    List<Row> flags = result.flags().collectAsList();

    Assertions.assertEquals(FlagSchema.DETECTOR_OUTPUT, result.flags().schema());
    Assertions.assertEquals(GroupBy.LABEL, result.groupBy());
    Assertions.assertEquals(3, result.groups().size());
    double recall = recall(flags, data);
    double precision = precision(flags, data);
    System.out.printf(
        "spectral labelled: %d flags, recall %.3f, precision %.3f, groups %s%n",
        flags.size(), recall, precision, result.groups());
    Assertions.assertTrue(recall >= 0.9, "recall " + recall);
    Assertions.assertTrue(precision >= 0.9, "precision " + precision);
    // Only the poisoned class shows a separate component.
    Assertions.assertFalse(
        result.groups().get(0).test().rejected(), result.groups().get(0).toString());
    Assertions.assertTrue(
        result.groups().get(1).test().rejected(), result.groups().get(1).toString());
    Assertions.assertFalse(
        result.groups().get(2).test().rejected(), result.groups().get(2).toString());
    Assertions.assertEquals(flags.size(), result.groups().get(1).flagged());

    Row first = flags.get(0);
    Map<String, String> evidence = first.getJavaMap(5);
    Assertions.assertEquals("class-1", evidence.get("group"));
    Assertions.assertEquals("2000", evidence.get("group_size"));
    Assertions.assertEquals("0.01", evidence.get(Evidence.FDR));
    Assertions.assertTrue(
        Double.parseDouble(evidence.get(Evidence.P_VALUE))
            <= Double.parseDouble(evidence.get(Evidence.P_CUT)));
    Assertions.assertTrue(Double.parseDouble(evidence.get("group_p_value")) < 0.01);
    Assertions.assertTrue(Double.parseDouble(evidence.get("eigenvalue_ratio")) > 2.0);
    Assertions.assertEquals(
        first.getDouble(2), Double.parseDouble(evidence.get(Evidence.STATISTIC)));
    Assertions.assertTrue(first.getDouble(2) >= first.getDouble(3), "score at or above the cut");
    Map<String, Object> group = result.groups().get(1).report();
    for (String k : List.of("statistic", "null", "p_value", "p_cut", "decision")) {
      Assertions.assertTrue(group.containsKey(k), k + " in " + group);
    }
    Assertions.assertEquals("separate component", group.get("decision"));
    // The report's distribution covers the three groups; only the poisoned one is past the cut.
    @SuppressWarnings("unchecked")
    Map<String, Object> dist =
        ((List<Map<String, Object>>) result.report().get(ScoreDistribution.REPORT_KEY)).get(0);
    Assertions.assertEquals(3L, dist.get("rows"), dist.toString());
    @SuppressWarnings("unchecked")
    List<Long> counts = (List<Long>) dist.get("counts");
    double lo = (Double) dist.get("lo");
    double width = ((Double) dist.get("hi") - lo) / counts.size();
    long past = 0;
    for (int b = 0; b < counts.size(); b++) {
      // Bins reaching past the cut (the rejected group sits at it: BH's cut is its p-value).
      if (lo + (b + 1) * width > (Double) dist.get("cut_min")) {
        past += counts.get(b);
      }
    }
    Assertions.assertEquals(1, past, dist.toString());
  }

  @Test
  void cleanDataIsNotFlaggedUnlessABudgetIsAskedFor() {
    SyntheticEmbeddings data =
        new SyntheticEmbeddings(384, new int[] {2000, 2000, 2000}, -1, 0, 0, 1, 2);
    SpectralSignatureResult result =
        SpectralTesting.detector(SpectralTesting.defaults()).run(data.frame(spark()));
    Assertions.assertEquals(0, result.flags().count(), result.groups().toString());
    for (GroupSpectrum g : result.groups()) {
      Assertions.assertFalse(g.test().rejected(), g.toString());
      Assertions.assertTrue(g.eigenvalueRatio() < 1.3, "clean class " + g);
    }
    // mode = budget (Tran et al.): the top 1.5·ε of every class, all 450 false positives here.
    SpectralSignatureResult budget =
        SpectralTesting.detector(
                SpectralTesting.defaults().withMode(SpectralSignatureSettings.Mode.BUDGET))
            .run(data.frame(spark()));
    Map<String, Long> perClass = new HashMap<>();
    for (Row r : budget.flags().collectAsList()) {
      perClass.merge(r.getJavaMap(5).get("group").toString(), 1L, Long::sum);
    }
    Assertions.assertEquals(Map.of("class-0", 150L, "class-1", 150L, "class-2", 150L), perClass);
  }

  static double recall(List<Row> flags, SyntheticEmbeddings data) {
    long hit =
        flags.stream().map(r -> r.getString(0)).filter(data.poison::contains).distinct().count();
    return hit / (double) data.poison.size();
  }

  static double precision(List<Row> flags, SyntheticEmbeddings data) {
    long hit = flags.stream().map(r -> r.getString(0)).filter(data.poison::contains).count();
    return flags.isEmpty() ? 0 : hit / (double) flags.size();
  }
}
