package io.antidote.detect.groups;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ProjectionScorerTest {

  @Test
  void squaredProjectionThenWhitenedQuadraticForm() {
    ProjectionScorer p =
        new ProjectionScorer(new double[] {1, 1}, new double[][] {{1, 0}, {0, 1}}, null, null);
    float[] x = {3, 5};
    assertArrayEquals(new double[] {2, 4}, p.project(x), 1e-12);
    assertEquals(4 + 16, p.score(x), 1e-12); // ‖P(x − μ)‖²
    // (z − c)ᵀ R (z − c) with c = (1, 1), R = diag(2, 0.5): 2·1 + 0.5·9.
    ProjectionScorer w = p.withWhitening(new double[] {1, 1}, new double[] {2, 0, 0, 0.5});
    assertEquals(2 + 4.5, w.score(x), 1e-12);
    assertEquals(2, w.dim());
  }
}
