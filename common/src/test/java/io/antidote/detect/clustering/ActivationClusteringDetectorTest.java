package io.antidote.detect.clustering;

import io.antidote.detect.groups.SyntheticEmbeddings;
import io.antidote.flags.Evidence;
import io.antidote.flags.FlagSchema;
import io.antidote.testing.SparkTestBase;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;

/**
 * Activation clustering on planted campaigns in 384-d clustered embeddings (see {@link
 * SyntheticEmbeddings}; the campaign is tight: spread 0.3 of the class's, shift 0.25 while a clean
 * row lies ≈ 0.5 from its class mean).
 */
class ActivationClusteringDetectorTest extends SparkTestBase {

  @Test
  void flagsTheCampaignAsTheSmallWellSeparatedCluster() {
    SyntheticEmbeddings data = SyntheticEmbeddings.standard(1);
    ActivationClusteringResult result =
        ClusteringTesting.detector(ClusteringTesting.defaults()).run(data.frame(spark()));
    List<Row> flags = result.flags().collectAsList();
    long hits = flags.stream().map(r -> r.getString(0)).filter(data.poison::contains).count();
    double recall = hits / (double) data.poison.size();
    double precision = flags.isEmpty() ? 0 : hits / (double) flags.size();
    System.out.printf(
        "activation clustering: %d flags, recall %.3f, precision %.3f, groups %s%n",
        flags.size(), recall, precision, result.groups());

    Assertions.assertEquals(FlagSchema.DETECTOR_OUTPUT, result.flags().schema());
    Assertions.assertTrue(recall >= 0.9, "recall " + recall);
    Assertions.assertTrue(precision >= 0.8, "precision " + precision);
    Assertions.assertFalse(
        result.groups().get(0).flagged(), "clean class-0 " + result.groups().get(0));
    Assertions.assertTrue(
        result.groups().get(1).flagged(), "poisoned class-1 " + result.groups().get(1));
    Assertions.assertFalse(
        result.groups().get(2).flagged(), "clean class-2 " + result.groups().get(2));

    Map<String, String> evidence = flags.get(0).getJavaMap(5);
    Assertions.assertEquals("class-1", evidence.get("group"));
    Assertions.assertEquals("2000", evidence.get("group_size"));
    Assertions.assertTrue(Double.parseDouble(evidence.get("relative_size")) <= 0.35);
    Assertions.assertEquals(
        flags.get(0).getDouble(2), Double.parseDouble(evidence.get(Evidence.STATISTIC)), 1e-12);
    Assertions.assertTrue(
        Double.parseDouble(evidence.get(Evidence.P_VALUE))
            <= Double.parseDouble(evidence.get(Evidence.P_CUT)));
    Assertions.assertEquals("0.01", evidence.get(Evidence.FDR));
    Assertions.assertTrue(evidence.get(Evidence.NULL_MODEL).contains("2 other groups"));
    Assertions.assertTrue(flags.get(0).getDouble(2) >= flags.get(0).getDouble(3), "above its cut");
  }

  @Test
  void flagsNoClusterInCleanClasses() {
    // Five clean classes of 1,000 rows: each split's silhouette is what Gaussian data gives, so no
    // class stands out from the others. Stated rate: 0 of 5 clean classes rejected.
    SyntheticEmbeddings data =
        new SyntheticEmbeddings(384, new int[] {1000, 1000, 1000, 1000, 1000}, -1, 0, 0, 1, 2);
    ActivationClusteringResult result =
        ClusteringTesting.detector(ClusteringTesting.defaults()).run(data.frame(spark()));
    System.out.printf("activation clustering, clean: groups %s%n", result.groups());
    Assertions.assertEquals(0, result.flags().count());
    Assertions.assertEquals(5, result.groups().size());
    for (GroupClustering g : result.groups()) {
      Assertions.assertFalse(g.rejected(), g.toString());
      Assertions.assertTrue(Math.abs(g.excess()) < 0.05, g.toString());
    }
  }
}
