package io.antidote.detect.knnoutliers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The outlier score and flag on arrays, without Spark. */
class OutlierFlagTest {
  static final int[] SCALES = {10, 100};

  @Test
  void kthDistanceIsOneMinusTheKthSimilarityOrTheLastOrNoNeighbour() {
    float[] sims = {0.9f, 0.8f, 0.5f};
    assertEquals(1.0 - (double) 0.8f, OutlierFlag.kthDistance(sims, 2));
    assertEquals(1.0 - (double) 0.5f, OutlierFlag.kthDistance(sims, 10));
    assertEquals(OutlierFlag.NO_NEIGHBOUR, OutlierFlag.kthDistance(new float[0], 10));
  }

  @Test
  void reportsTheScaleExceededMostAndCallsAQuietSmallScaleAGroup() {
    // Near at k=10 (under its cut), far at k=100: a tight group apart from the corpus.
    OutlierFlag group =
        OutlierFlag.of(
            SCALES,
            new double[] {0.1, 0.9},
            new double[] {0.3, 0.6},
            "0.99-quantile cut",
            List.of("a", "b", "c", "d", "e", "f"),
            0.95,
            7);
    assertEquals(0.9, group.score());
    assertEquals(0.6, group.threshold());
    assertEquals("100", group.evidence().get("k"));
    assertEquals("group", group.evidence().get("pattern"));
    assertEquals("a,b,c,d,e", group.evidence().get("nearest"));
    assertEquals("0.9500", group.evidence().get("nearest_similarity"));
    assertEquals("7", group.evidence().get("knn_cell"));
    assertEquals("0.1000", group.evidence().get("distance_k10"));
    assertEquals("0.6000", group.evidence().get("threshold_k100"));
    assertTrue(group.reason().contains("100-th nearest neighbour"), group.reason());
    assertTrue(group.reason().contains("campaign-like"), group.reason());

    // Past both cuts, more so at k=10 (0.8 / 0.3 > 0.9 / 0.6): isolated, reported at k=10.
    OutlierFlag isolated =
        OutlierFlag.of(
            SCALES,
            new double[] {0.8, 0.9},
            new double[] {0.3, 0.6},
            "absolute cut",
            List.of(),
            Double.NaN,
            0);
    assertEquals("10", isolated.evidence().get("k"));
    assertEquals("isolated", isolated.evidence().get("pattern"));
    assertTrue(!isolated.evidence().containsKey("nearest_similarity"));
    assertEquals(
        List.of(
            "distance_k10",
            "threshold_k10",
            "distance_k100",
            "threshold_k100",
            "k",
            "nearest",
            "knn_cell",
            "pattern",
            "test",
            "statistic",
            "null",
            "p_value",
            "fdr",
            "p_cut",
            "action"),
        List.copyOf(isolated.evidence().keySet()));
  }

  @Test
  void aRowUnderEveryCutHasNoFlag() {
    assertThrows(
        IllegalArgumentException.class,
        () ->
            OutlierFlag.of(
                SCALES,
                new double[] {0.1, 0.2},
                new double[] {0.3, 0.6},
                "absolute cut",
                List.of(),
                Double.NaN,
                0));
  }
}
