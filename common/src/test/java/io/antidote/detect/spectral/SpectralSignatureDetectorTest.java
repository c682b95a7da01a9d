package io.antidote.detect.spectral;

import io.antidote.detect.groups.GroupBy;
import io.antidote.detect.groups.SyntheticEmbeddings;
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
 * 2,000 rows, 5% of class-1 a tight shifted sub-population. ε = 0.05, so 1.5·ε·2000 = 150 rows per
 * class are flagged by design, poisoned or not.
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
    Assertions.assertEquals(450, flags.size()); // 150 per class, by design
    double recall = recall(flags, data);
    System.out.printf("spectral labelled: recall %.3f, groups %s%n", recall, result.groups());
    Assertions.assertTrue(recall >= 0.9, "recall " + recall);
    // The poisoned class shows a dominant direction, the clean ones do not.
    GroupSpectrum poisoned = result.groups().get(1);
    Assertions.assertTrue(
        poisoned.eigenvalueRatio() > 2.0, "poisoned ratio " + poisoned.eigenvalueRatio());
    Assertions.assertTrue(
        result.groups().get(0).eigenvalueRatio() < 1.3, "clean ratio " + result.groups().get(0));

    Row first =
        flags.stream().filter(r -> r.getString(0).startsWith("c1-")).findFirst().orElseThrow();
    Map<String, String> evidence = first.getJavaMap(5);
    Assertions.assertEquals("class-1", evidence.get("group"));
    Assertions.assertEquals("2000", evidence.get("group_size"));
    Assertions.assertEquals("150", evidence.get("flagged_in_group"));
    Assertions.assertEquals("0.05", evidence.get("epsilon"));
    Assertions.assertTrue(Double.parseDouble(evidence.get("eigenvalue_ratio")) > 2.0);
    Assertions.assertTrue(Integer.parseInt(evidence.get("rank_in_group")) >= 1);
    Assertions.assertTrue(
        first.getDouble(2) >= first.getDouble(3), "score at or above the group's cut");
  }

  @Test
  void cleanDataStillLosesOnePointFiveEpsilonPerClassButShowsNoGap() {
    SyntheticEmbeddings data =
        new SyntheticEmbeddings(384, new int[] {2000, 2000, 2000}, -1, 0, 0, 1, 2);
    SpectralSignatureResult result =
        SpectralTesting.detector(SpectralTesting.defaults()).run(data.frame(spark()));
    Map<String, Long> perClass = new HashMap<>();
    for (Row r : result.flags().collectAsList()) {
      perClass.merge(r.getJavaMap(5).get("group").toString(), 1L, Long::sum);
    }
    // By design (Tran et al.): the top 1.5·ε of every class is removed, so all 450 are false
    // positives.
    Assertions.assertEquals(Map.of("class-0", 150L, "class-1", 150L, "class-2", 150L), perClass);
    for (GroupSpectrum g : result.groups()) {
      Assertions.assertTrue(g.eigenvalueRatio() < 1.3, "clean class " + g);
    }
  }

  static double recall(List<Row> flags, SyntheticEmbeddings data) {
    long hit =
        flags.stream().map(r -> r.getString(0)).filter(data.poison::contains).distinct().count();
    return hit / (double) data.poison.size();
  }
}
