package io.antidote.detect.knnoutliers;

/**
 * The group statistic of one row, Spark-free: at group size {@code m} (the row and its {@code m -
 * 1} nearest neighbours), the gap between the mean similarity inside that group and the similarity
 * of the nearest row outside it, {@code mean(s_1..s_{m-1}) - s_m} (neighbours most similar first).
 * A member of a group of {@code m} rows that sit apart from the rest of the corpus has a large gap
 * at {@code m}; a row in an ordinary region's smooth neighbourhood has a small one at every size.
 */
public final class NeighbourGaps {
  private NeighbourGaps() {}

  /**
   * The gap at every size {@code minSize..maxSize}; NaN where the row has fewer than {@code m}
   * neighbours.
   */
  public static double[] gaps(float[] sims, int minSize, int maxSize) {
    double[] t = new double[maxSize - minSize + 1];
    double prefix = 0;
    for (int m = 2; m <= maxSize; m++) {
      // prefix = s_1 + ... + s_{m-1}
      if (m - 1 <= sims.length) {
        prefix += sims[m - 2];
      }
      if (m >= minSize) {
        t[m - minSize] = m <= sims.length ? prefix / (m - 1) - sims[m - 1] : Double.NaN;
      }
    }
    return t;
  }

  /** Mean similarity to the {@code m - 1} nearest: the inside of the row's group of size m. */
  public static double inside(float[] sims, int m) {
    double s = 0;
    int upto = Math.min(m - 1, sims.length);
    for (int i = 0; i < upto; i++) {
      s += sims[i];
    }
    return upto == 0 ? Double.NaN : s / upto;
  }
}
