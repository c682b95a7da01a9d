package io.antidote.detect.clustering;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class SilhouetteTest {

  @Test
  void handComputedOneDimensionalExample() {
    // Clusters {0, 1} and {5}: point 0: a = 1, b = 5 → 0.8; point 1: a = 1, b = 4 → 0.75; point 5:
    // alone → 0.
    double[] s = Silhouette.values(new double[][] {{0}, {1}, {5}}, new int[] {0, 0, 1}, 2);
    assertArrayEquals(new double[] {0.8, 0.75, 0.0}, s, 1e-12);
  }

  @Test
  void weightedMeanUndoesStratification() {
    double[] v = {1, 1, 0, 0};
    int[] c = {0, 0, 1, 1};
    // cluster 0 holds 90% of the population, so the weighted mean is 0.9 although the sample is
    // 50/50.
    assertEquals(0.9, Silhouette.weightedMean(v, c, new long[] {900, 100}), 1e-12);
  }

  @Test
  void twoMeansSeparatesSmallFarClusterAndHalvesABlob() {
    Random rnd = new Random(5);
    double[][] pts = new double[1000][3];
    for (int i = 0; i < pts.length; i++) {
      for (int j = 0; j < 3; j++) {
        pts[i][j] = rnd.nextGaussian();
      }
      if (i < 50) {
        pts[i][0] += 10; // a 5% campaign far along axis 0
      }
    }
    int[] a = TwoMeans.fit(pts, 5.0, 100);
    int small = a[0];
    long inSmall = 0;
    for (int i = 0; i < pts.length; i++) {
      if (a[i] == small) {
        inSmall++;
        assertTrue(i < 50, "clean point " + i + " joined the campaign");
      }
    }
    assertEquals(50, inSmall);

    double[][] blob = new double[1000][3];
    for (double[] p : blob) {
      for (int j = 0; j < 3; j++) {
        p[j] = rnd.nextGaussian();
      }
    }
    int[] b = TwoMeans.fit(blob, 1.0, 100);
    long ones = java.util.Arrays.stream(b).filter(x -> x == 1).count();
    assertTrue(ones > 350 && ones < 650, "a Gaussian blob splits near half: " + ones);
    double sil =
        Silhouette.weightedMean(Silhouette.values(blob, b, 2), b, new long[] {1000 - ones, ones});
    assertTrue(sil < 0.4, "blob split silhouette " + sil);
  }
}
