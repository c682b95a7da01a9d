package io.antidote.detect.evidence;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScoreDistributionTest {
  @Test
  void valuesOutsideTheRangeCountInTheEndBinsAndNonFiniteApart() {
    ScoreDistribution d = new ScoreDistribution(0, 1, 4);
    d.add(-5).add(0.1).add(0.3).add(0.99).add(1.0).add(7).add(Double.NaN).add(0.5, 3);
    assertArrayEquals(new long[] {2, 1, 3, 3}, d.counts());
    assertEquals(1, d.nonFinite());
    assertEquals(10, d.rows());
  }

  @Test
  void mergeAddsCountsAndRefusesOtherBins() {
    ScoreDistribution a = new ScoreDistribution(0, 1, 2).add(0.1).add(Double.POSITIVE_INFINITY);
    ScoreDistribution b = new ScoreDistribution(0, 1, 2).add(0.9).add(0.2);
    a.merge(b);
    assertArrayEquals(new long[] {2, 1}, a.counts());
    assertEquals(1, a.nonFinite());
    assertThrows(IllegalArgumentException.class, () -> a.merge(new ScoreDistribution(0, 2, 2)));
  }

  @Test
  void rebinKeepsEveryRowAndWidensTheRangeToTheCut() {
    long[] fine = new long[4000];
    fine[1000] = 7; // value ~0.5 on [0, 2)
    fine[1200] = 3; // ~0.6
    ScoreDistribution d = ScoreDistribution.rebin(fine, 0, 2, 1.5);
    assertEquals(10, d.rows());
    assertEquals(0.5, d.lo(), 1e-9);
    assertTrue(d.hi() >= 1.5, "the cut is inside the drawn range: " + d.hi());
    assertEquals(ScoreDistribution.BINS, d.counts().length);
    assertEquals(7, d.counts()[0], "the lowest occupied fine bin is in the first bin");
    // Nothing flagged on a clean corpus: every value sits left of the cut.
    long rightOfCut = 0;
    double width = (d.hi() - d.lo()) / d.counts().length;
    for (int b = 0; b < d.counts().length; b++) {
      if (d.lo() + b * width >= 1.5) {
        rightOfCut += d.counts()[b];
      }
    }
    assertEquals(0, rightOfCut);
  }

  @Test
  void pValuesAreDrawnAsMinusLog10WithTheCutInRange() {
    ScoreDistribution d =
        ScoreDistribution.ofMinusLog10(
            List.of(new double[] {1.0, 50}, new double[] {0.5, 30}, new double[] {1e-6, 2}), 1e-4);
    assertEquals(82, d.rows());
    assertTrue(d.hi() > 6, "the smallest p-value is inside the range");
    assertEquals(50 + 30, d.counts()[0] + d.counts()[1] + d.counts()[2]);
    assertEquals(2, d.counts()[ScoreDistribution.BINS - 1]);
    Map<String, Object> r = d.toReport("-log10 p", 4, 4, true);
    assertEquals(82L, r.get("rows"));
    assertEquals("above", r.get("flagged"));
    Map<String, Object> none = d.toReport("-log10 p", Double.NaN, Double.NaN, true);
    assertEquals("none", none.get("cut_min"), "JSON has no NaN");
  }
}
