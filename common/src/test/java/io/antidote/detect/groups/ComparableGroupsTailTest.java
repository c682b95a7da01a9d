package io.antidote.detect.groups;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The normal tail and its inverse far out, where the p-values of concentrated groups and shifted
 * units live (1e-20 to 1e-300): erfcInv alone rounds them to infinity.
 */
class ComparableGroupsTailTest {
  @Test
  void theInverseTailIsFiniteAndExactFarOut() {
    double previous = Double.NEGATIVE_INFINITY;
    for (double p : new double[] {0.5, 0.01, 1e-10, 1e-15, 1e-16, 1e-17, 1e-30, 1e-100, 1e-300}) {
      double z = ComparableGroups.upperTailInverse(p);
      assertTrue(Double.isFinite(z), "finite at p = " + p);
      assertTrue(z > previous, "increasing as p falls: " + p);
      assertEquals(Math.log(p), Math.log(ComparableGroups.upperTail(z)), 1e-6, "round trip " + p);
      previous = z;
    }
    assertEquals(0.0, ComparableGroups.upperTailInverse(0.5), 1e-12);
    // Known quantiles (R: qnorm(p, lower.tail = FALSE)): 8.222082 at 1e-16, 37.04710 at 1e-300.
    assertEquals(8.222082, ComparableGroups.upperTailInverse(1e-16), 1e-5);
    assertEquals(37.04710, ComparableGroups.upperTailInverse(1e-300), 1e-4);
  }
}
