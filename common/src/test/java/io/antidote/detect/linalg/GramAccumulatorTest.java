package io.antidote.detect.linalg;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.Random;
import org.junit.jupiter.api.Test;

class GramAccumulatorTest {

  @Test
  void meanAndCovarianceMatchTwoPassComputationAcrossSplitsAndMerges() throws Exception {
    int d = 7;
    int n = 1000;
    Random rnd = new Random(11);
    float[][] rows = new float[n][d];
    for (float[] r : rows) {
      for (int i = 0; i < d; i++) {
        r[i] = (float) (rnd.nextGaussian() * (i + 1) + 3 * i);
      }
    }
    GramAccumulator a = new GramAccumulator(d);
    GramAccumulator b = new GramAccumulator(d);
    for (int r = 0; r < n; r++) {
      (r < 333 ? a : b).add(rows[r]);
    }
    // Ship b through Java serialization with rows still buffered, as Spark would.
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(b);
    }
    GramAccumulator b2;
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      b2 = (GramAccumulator) in.readObject();
    }
    MeanCovariance mc = a.merge(b2).meanCovariance();

    double[] mean = new double[d];
    for (float[] r : rows) {
      for (int i = 0; i < d; i++) {
        mean[i] += r[i] / (double) n;
      }
    }
    assertEquals(n, mc.count());
    for (int i = 0; i < d; i++) {
      assertEquals(mean[i], mc.mean()[i], 1e-9);
      for (int j = 0; j < d; j++) {
        double c = 0;
        for (float[] r : rows) {
          c += (r[i] - mean[i]) * (r[j] - mean[j]);
        }
        assertEquals(c / n, mc.covariance()[i + j * d], 1e-8, "cov[" + i + "," + j + "]");
      }
    }
  }
}
