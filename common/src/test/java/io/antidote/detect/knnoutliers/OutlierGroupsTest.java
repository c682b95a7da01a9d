package io.antidote.detect.knnoutliers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The tail null, the gap statistic and the group test on arrays, without Spark. */
class OutlierGroupsTest {

  @Test
  void tailModelIsCalibratedOnExponentialDataAndConservativeOnABoundedTail() {
    SplittableRandom rnd = new SplittableRandom(3);
    int n = 200_000;
    Histograms exp = new Histograms(2, 0, 2, 4000);
    for (int i = 0; i < n; i++) {
      exp.add(0, 0.3 + 0.05 * -Math.log(1 - rnd.nextDouble()));
      // Uniform on [0, 1]: a bounded tail (generalised Pareto shape -1).
      exp.add(1, rnd.nextDouble());
    }
    TailModel t = exp.tail(0, 0.9, 0.99);
    // Exponential data: the fitted tail reproduces P(X > x) far beyond the fit range.
    double x = 0.3 + 0.05 * Math.log(1e4);
    assertEquals(1e-4, t.sf(x), 3e-5, t.toString());
    assertEquals(1.0, t.sf(0.2));
    // Bounded data: the exponential tail over-states the tail (conservative p-values).
    TailModel b = exp.tail(1, 0.9, 0.99);
    assertTrue(b.sf(0.995) >= 0.005, b.toString());
    assertTrue(b.sf(1.0) > 0, b.toString());
    // What the fit would call the 1e-4 point, from the model's inverse.
    assertEquals(1e-4, t.sf(KnnOutlierTests.valueAt(t, 1e-4)), 1e-9);
  }

  @Test
  void gapIsTheInsideMeanMinusTheNearestOutside() {
    float[] sims = {0.9f, 0.8f, 0.7f, 0.2f, 0.1f};
    double[] g = NeighbourGaps.gaps(sims, 2, 6);
    assertEquals(0.9 - 0.8, g[0], 1e-6);
    assertEquals((0.9 + 0.8 + 0.7) / 3 - 0.2, g[2], 1e-6);
    assertTrue(Double.isNaN(g[4]), "size 6 needs 6 neighbours");
    assertEquals((0.9 + 0.8 + 0.7) / 3, NeighbourGaps.inside(sims, 4), 1e-6);
  }

  @Test
  void aTightGroupApartFromTheRestIsOneFlaggedGroupAndLooseCandidatesAreNot() {
    int minSize = 3;
    int maxSize = 20;
    TailModel[] nulls = new TailModel[maxSize - minSize + 1];
    java.util.Arrays.fill(nulls, new TailModel(0.05, 0.1, 0.01, 10_000));
    List<OutlierGroups.Candidate> c = new ArrayList<>();
    // Ten rows, each with the nine others at 0.9 and the rest of the corpus at 0.3.
    for (int i = 0; i < 10; i++) {
      List<String> near = new ArrayList<>();
      for (int j = 0; j < 10; j++) {
        if (j != i) {
          near.add("c" + j);
        }
      }
      float[] sims = new float[25];
      for (int j = 0; j < 25; j++) {
        sims[j] = j < 9 ? 0.9f : 0.3f - 0.001f * j;
      }
      c.add(new OutlierGroups.Candidate("c" + i, near, sims));
    }
    // Five candidates whose nearest are not each other: no mutual edges, no group.
    for (int i = 0; i < 5; i++) {
      float[] sims = new float[25];
      for (int j = 0; j < 25; j++) {
        sims[j] = 0.6f - 0.01f * j;
      }
      c.add(new OutlierGroups.Candidate("x" + i, List.of("y" + i), sims));
    }
    OutlierGroups.Result r = OutlierGroups.find(c, nulls, minSize, maxSize, 10, 10_000, 0.01);
    assertEquals(1, r.tested().size());
    assertEquals(1, r.flagged().size());
    OutlierGroups.Group g = r.flagged().get(0);
    assertEquals("g-c0", g.id());
    assertEquals(10, g.members().size());
    assertEquals(10, g.scale());
    assertEquals(0.9 - 0.291, g.statistic(), 1e-5);
    assertEquals(0.1, g.spread(), 1e-5);
    assertEquals(OutlierGroups.hypotheses(10_000, minSize, maxSize), r.hypotheses());
    assertTrue(g.pValue() <= r.pCut());
  }
}
