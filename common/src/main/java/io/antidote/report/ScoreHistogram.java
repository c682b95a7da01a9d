package io.antidote.report;

/**
 * The distribution of one detector's scores over the rows it flagged, in equal-width bins over a
 * range that also covers the cut, so the cut can be drawn on it. The flag table holds only flagged
 * rows: this is the shape of the flags beyond the cut, not of the whole corpus.
 *
 * @param cutMin lowest threshold among the flags (detectors with per-group cuts have several)
 * @param cutMax highest threshold among the flags
 * @param nonFinite flags whose score is NaN or infinite, counted but not binned
 */
public record ScoreHistogram(
    double lo, double hi, long[] counts, double cutMin, double cutMax, long nonFinite) {

  /** The binned range: the scores and the cuts, widened when all are equal. */
  public static double[] range(double minScore, double maxScore, double cutMin, double cutMax) {
    double lo = Math.min(minScore, cutMin);
    double hi = Math.max(maxScore, cutMax);
    if (!(hi > lo)) {
      double pad = lo == 0 ? 1 : Math.abs(lo) * 0.5;
      lo -= pad;
      hi += pad;
    }
    return new double[] {lo, hi};
  }

  /** The bin of {@code score} in {@code bins} equal bins over [lo, hi]; hi is in the last bin. */
  public static int bin(double score, double lo, double hi, int bins) {
    int b = (int) Math.floor((score - lo) / (hi - lo) * bins);
    return Math.max(0, Math.min(bins - 1, b));
  }

  public long total() {
    long t = 0;
    for (long c : counts) {
      t += c;
    }
    return t;
  }
}
