package io.antidote.detect.offtopic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.antidote.detect.evidence.EmpiricalNull;
import io.antidote.detect.evidence.FalseDiscoveryRate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The per-unit test on arrays: the z score's null law, the empirical null, the quantiles. */
class UnitShiftTest {

  /** Units drawn at random from a corpus (small and half-the-corpus units): z is N(0, 1). */
  @Test
  void randomUnitsGetStandardNormalZWithTheFinitePopulationCorrection() {
    Random r = new Random(3);
    int total = 4000;
    List<Double> corpus = new ArrayList<>();
    for (int i = 0; i < total; i++) {
      corpus.add((i + 0.5) / total);
    }
    for (int n : new int[] {12, 2000}) {
      double sum = 0;
      double sumSq = 0;
      int draws = 3000;
      for (int d = 0; d < draws; d++) {
        Collections.shuffle(corpus, r);
        double s = 0;
        for (int i = 0; i < n; i++) {
          s += UnitShift.score(corpus.get(i), total);
        }
        double z = UnitShift.z(s, n, total);
        sum += z;
        sumSq += z * z;
      }
      double mean = sum / draws;
      double sd = Math.sqrt(sumSq / draws - mean * mean);
      assertTrue(Math.abs(mean) < 0.08, "n=" + n + " mean z " + mean);
      assertTrue(sd > 0.94 && sd < 1.06, "n=" + n + " sd of z " + sd);
    }
    assertTrue(Double.isNaN(UnitShift.z(100, 200, 200)), "the whole corpus is no unit");
  }

  /**
   * Topical units (z spread three times the theoretical null) and two injected units: the
   * theoretical null rejects many clean units, the empirical one only the injected two.
   */
  @Test
  void theEmpiricalNullAbsorbsTopicalUnitsAndKeepsTheShiftedOnes() {
    Random r = new Random(5);
    int clean = 200;
    double[] z = new double[clean + 2];
    for (int i = 0; i < clean; i++) {
      z[i] = 3 * r.nextGaussian();
    }
    z[clean] = 22;
    z[clean + 1] = 18;
    EmpiricalNull nul = EmpiricalNull.fit(z);
    assertTrue(nul.scale() > 2.4 && nul.scale() < 3.6, "scale " + nul.scale());
    assertTrue(nul.centre() >= 0 && nul.centre() < 0.6, "centre " + nul.centre());
    double[] p = new double[z.length];
    double[] theoretical = new double[z.length];
    EmpiricalNull standard = new EmpiricalNull(0, 1, z.length);
    for (int i = 0; i < z.length; i++) {
      p[i] = nul.pValue(z[i]);
      theoretical[i] = standard.pValue(z[i]);
    }
    boolean[] rejected = FalseDiscoveryRate.reject(p, 0.01);
    int cleanRejected = 0;
    for (int i = 0; i < clean; i++) {
      cleanRejected += rejected[i] ? 1 : 0;
    }
    assertEquals(0, cleanRejected, "clean units rejected against the empirical null");
    assertTrue(rejected[clean] && rejected[clean + 1], "both injected units rejected");
    int theoreticalClean = 0;
    boolean[] rt = FalseDiscoveryRate.reject(theoretical, 0.01);
    for (int i = 0; i < clean; i++) {
      theoreticalClean += rt[i] ? 1 : 0;
    }
    assertTrue(theoreticalClean > 20, "the N(0,1) null rejects " + theoreticalClean + " clean");
  }

  /** Units more alike than chance (a z spread below 1) must not narrow the null. */
  @Test
  void theEmpiricalNullNeverNarrowsTheTheoreticalOne() {
    Random r = new Random(7);
    double[] z = new double[100];
    for (int i = 0; i < z.length; i++) {
      z[i] = -2 + 0.2 * r.nextGaussian();
    }
    EmpiricalNull nul = EmpiricalNull.fit(z);
    assertEquals(0, nul.centre(), 0);
    assertEquals(1, nul.scale(), 0);
    assertEquals(1.0, nul.pValue(Double.NaN), 0);
    assertFalse(nul.pValue(2.0) < 0.02);
  }

  /** Eight rows at the corpus's 0.99 quantile: beyond what ranks can say of 8 rows (z <= 4.9). */
  @Test
  void normalScoresDoNotSaturateInTheUpperTail() {
    double z = UnitShift.z(8 * UnitShift.score(0.99, 1000), 8, 3000);
    assertTrue(z > 6.5 && z < 6.7, "z " + z);
    assertEquals(0, UnitShift.score(0.5, 1000), 1e-12);
    assertEquals(UnitShift.score(1 - 0.0005, 1000), UnitShift.score(1.0, 1000), 0);
    assertTrue(Double.isFinite(UnitShift.score(0.0, 1000)));
  }

  @Test
  void quantilesAreMidRanksAmongTheCorpusQuantiles() {
    double[] q = {0.1, 0.2, 0.2, 0.3};
    assertEquals(0.0, UnitShift.quantile(q, 0.05), 1e-12);
    assertEquals(0.125, UnitShift.quantile(q, 0.1), 1e-12);
    assertEquals(0.5, UnitShift.quantile(q, 0.2), 1e-12);
    assertEquals(0.75, UnitShift.quantile(q, 0.25), 1e-12);
    assertEquals(1.0, UnitShift.quantile(q, 0.9), 1e-12);
    assertEquals(0.2, UnitShift.quantileValue(q, 0.5), 0);
    double[] probs = UnitShift.probabilities(4);
    assertEquals(0.125, probs[0], 1e-12);
    assertEquals(0.875, probs[3], 1e-12);
  }
}
