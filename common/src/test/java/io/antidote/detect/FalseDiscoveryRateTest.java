package io.antidote.detect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.antidote.detect.evidence.FalseDiscoveryRate;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FalseDiscoveryRateTest {
  @Test
  void stepUpOnAWorkedExample() {
    // m = 10, q = 0.05: k q / m = 0.005, 0.010, 0.015, ...; p(3) = 0.012 <= 0.015 but p(4) = 0.03
    // > 0.02, and p(2) = 0.011 > 0.010: step-up takes the largest k that passes, k = 3.
    double[] p = {0.001, 0.011, 0.012, 0.03, 0.2, 0.3, 0.5, 0.6, 0.8, 0.9};
    assertEquals(0.012, FalseDiscoveryRate.cut(p, 10, 0.05), 0);
    assertArrayEquals(
        new boolean[] {true, true, true, false, false, false, false, false, false, false},
        FalseDiscoveryRate.reject(p, 0.05));
    // Only the smallest p-values passed, m the full count: the same cut.
    assertEquals(0.012, FalseDiscoveryRate.cut(new double[] {0.012, 0.001, 0.011}, 10, 0.05), 0);
  }

  @Test
  void uniformNullRejectsAlmostNothing() {
    Random r = new Random(7);
    int runs = 200;
    int withAnyRejection = 0;
    for (int k = 0; k < runs; k++) {
      double[] p = new double[5000];
      for (int i = 0; i < p.length; i++) {
        p[i] = r.nextDouble();
      }
      if (FalseDiscoveryRate.cut(p, p.length, 0.01) >= 0) {
        withAnyRejection++;
      }
    }
    // Under the global null BH controls the family-wise error at q: about 1% of runs, here 2 of
    // 200 expected; 8 would be off by a factor of four.
    assertTrue(withAnyRejection <= 8, "runs with a rejection: " + withAnyRejection);
  }

  @Test
  void conformalPValue() {
    assertEquals(1.0 / 101, FalseDiscoveryRate.conformal(0, 100), 1e-15);
    assertEquals(1.0, FalseDiscoveryRate.conformal(100, 100), 1e-15);
  }
}
