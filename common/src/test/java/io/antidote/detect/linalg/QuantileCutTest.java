package io.antidote.detect.linalg;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class QuantileCutTest {

  @Test
  void topCountIsNotInflatedByFloatingPoint() {
    assertEquals(150, QuantileCut.topCount(2000, 1.5 * 0.05));
    assertEquals(23, QuantileCut.topCount(300, 1.5 * 0.05)); // 22.5 rounds up
    assertEquals(0, QuantileCut.topCount(10, 0.0));
  }

  @Test
  void nearestRankQuantileAndKthLargest() {
    double[] v = {5, 1, 4, 2, 3};
    assertEquals(1, QuantileCut.quantile(v, 0.0));
    assertEquals(1, QuantileCut.quantile(v, 0.2));
    assertEquals(3, QuantileCut.quantile(v, 0.5));
    assertEquals(5, QuantileCut.quantile(v, 1.0));
    assertEquals(4, QuantileCut.kthLargest(v, 2));
  }

  @Test
  void cosineHandlesDegenerateVectors() {
    assertEquals(1.0, DenseVectors.cosine(new float[] {1, 2}, new float[] {2, 4}), 1e-12);
    assertEquals(-1.0, DenseVectors.cosine(new float[] {1, 0}, new float[] {-3, 0}), 1e-12);
    assertEquals(Double.NaN, DenseVectors.cosine(new float[] {0, 0}, new float[] {1, 0}));
    assertEquals(Double.NaN, DenseVectors.cosine(new float[] {1}, new float[] {1, 0}));
  }
}
