package io.antidote.detect.spectral;

import io.antidote.detect.groups.GroupBy;
import io.antidote.detect.groups.SyntheticEmbeddings;
import io.antidote.testing.SparkTestBase;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;

/**
 * An unlabelled corpus: groups are MLlib k-means clusters (k = 3, seed 42) of the embeddings, so
 * the campaign is found inside the cluster its class forms. 3 × 1,000 rows, 50 campaign rows in
 * class-1.
 */
class SpectralSignatureUnlabelledTest extends SparkTestBase {

  @Test
  void findsCampaignWithoutLabelsByClusteringFirst() {
    SyntheticEmbeddings data =
        new SyntheticEmbeddings(384, new int[] {1000, 1000, 1000}, 1, 0.05, 0.25, 0.3, 3);
    SpectralSignatureResult result =
        SpectralTesting.detector(
                SpectralTesting.defaults().withGroupBy(GroupBy.AUTO).withClusters(3))
            .run(data.unlabelled(spark()));
    Assertions.assertEquals(GroupBy.CLUSTER, result.groupBy());
    Assertions.assertEquals(3, result.groups().size());
    for (GroupSpectrum g : result.groups()) {
      Assertions.assertEquals(1000, g.size(), "clusters recover the classes: " + g);
    }
    double recall = SpectralSignatureDetectorTest.recall(result.flags().collectAsList(), data);
    System.out.printf("spectral by cluster: recall %.3f, groups %s%n", recall, result.groups());
    Assertions.assertTrue(recall >= 0.9, "recall " + recall);
  }
}
