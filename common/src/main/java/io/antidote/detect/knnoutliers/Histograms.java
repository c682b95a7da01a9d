package io.antidote.detect.knnoutliers;

import java.io.Serializable;

/**
 * Fixed-bin histograms of several statistics on {@code [lo, hi)}, merged across partitions: what
 * the tail nulls are fitted from, so no per-row value reaches the driver (size: statistics x bins).
 * Values below {@code lo} count in the first bin, at or above {@code hi} in the last; NaN is
 * skipped.
 */
public final class Histograms implements Serializable {
  private static final long serialVersionUID = 1L;

  final double lo;
  final double width;
  final long[][] counts;

  public Histograms(int statistics, double lo, double hi, int bins) {
    this.lo = lo;
    this.width = (hi - lo) / bins;
    this.counts = new long[statistics][bins];
  }

  public void add(int statistic, double value) {
    if (Double.isNaN(value)) {
      return;
    }
    int bins = counts[statistic].length;
    int b = (int) Math.floor((value - lo) / width);
    counts[statistic][Math.max(0, Math.min(bins - 1, b))]++;
  }

  /** Adds {@code other}'s counts into this one and returns this. */
  public Histograms merge(Histograms other) {
    for (int s = 0; s < counts.length; s++) {
      for (int b = 0; b < counts[s].length; b++) {
        counts[s][b] += other.counts[s][b];
      }
    }
    return this;
  }

  /** The tail null of one statistic; see {@link TailModel#fit}. */
  public TailModel tail(int statistic, double from, double to) {
    return TailModel.fit(counts[statistic], lo, width, from, to);
  }
}
