package io.antidote.detect.evidence;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The distribution of one statistic over every row (or term, or group) a detector tested, not only
 * the ones it flagged, in equal-width bins, with the cut the flags were decided by. It goes into
 * the detector's report (run.json's {@code detector_reports.<name>.score_distributions}) and the
 * run report draws it, so a reader sees where the cut falls in the whole corpus: a clean corpus
 * shows the cut beyond the data, a poisoned one a separate bump past it. Size is bounded by the bin
 * count whatever the corpus size.
 *
 * <p>Values below {@code lo} count in the first bin, values at or above {@code hi} in the last; NaN
 * and infinite values are counted apart.
 */
public final class ScoreDistribution implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Bins of the distributions detectors report (the run report draws them as they are). */
  public static final int BINS = 40;

  /** The report key under which a detector lists its distributions. */
  public static final String REPORT_KEY = "score_distributions";

  private final double lo;
  private final double hi;
  private final long[] counts;
  private long nonFinite;

  public ScoreDistribution(double lo, double hi, int bins) {
    if (!(hi > lo) || bins < 1) {
      throw new IllegalArgumentException(
          "a score distribution needs lo < hi and bins >= 1, got ["
              + lo
              + ", "
              + hi
              + "), "
              + bins);
    }
    this.lo = lo;
    this.hi = hi;
    this.counts = new long[bins];
  }

  public ScoreDistribution add(double value) {
    return add(value, 1);
  }

  public ScoreDistribution add(double value, long count) {
    if (!Double.isFinite(value)) {
      nonFinite += count;
      return this;
    }
    int b = (int) Math.floor((value - lo) / (hi - lo) * counts.length);
    counts[Math.max(0, Math.min(counts.length - 1, b))] += count;
    return this;
  }

  /** Adds {@code other}'s counts (same range and bins) into this one and returns this. */
  public ScoreDistribution merge(ScoreDistribution other) {
    if (other.lo != lo || other.hi != hi || other.counts.length != counts.length) {
      throw new IllegalArgumentException("cannot merge distributions over different bins");
    }
    for (int b = 0; b < counts.length; b++) {
      counts[b] += other.counts[b];
    }
    nonFinite += other.nonFinite;
    return this;
  }

  /**
   * {@code fine} (equal bins over [fineLo, fineHi), as a detector's own tail-fitting histogram)
   * re-binned into {@link #BINS} bins over the occupied range widened to include {@code cut}, so a
   * 4,000-bin histogram of distances becomes a drawable one without a second pass over the rows.
   */
  public static ScoreDistribution rebin(long[] fine, double fineLo, double fineHi, double cut) {
    int first = -1;
    int last = -1;
    for (int i = 0; i < fine.length; i++) {
      if (fine[i] > 0) {
        last = i;
        if (first < 0) {
          first = i;
        }
      }
    }
    double width = (fineHi - fineLo) / fine.length;
    double lo = first < 0 ? fineLo : fineLo + first * width;
    double hi = first < 0 ? fineHi : fineLo + (last + 1) * width;
    if (Double.isFinite(cut)) {
      lo = Math.min(lo, cut);
      hi = Math.max(hi, cut + width);
    }
    ScoreDistribution d = new ScoreDistribution(lo, hi, BINS);
    for (int i = 0; i < fine.length; i++) {
      if (fine[i] > 0) {
        d.add(fineLo + (i + 0.5) * width, fine[i]);
      }
    }
    return d;
  }

  /**
   * -log10 of p-values given as (p, count) pairs, over [0, the largest value or the cut], so a
   * uniform null piles up near 0 and evidence stands out to the right.
   *
   * @param cutP the p-value cut the flags were decided by
   */
  public static ScoreDistribution ofMinusLog10(List<double[]> pAndCount, double cutP) {
    double hi = Double.isFinite(minusLog10(cutP)) ? minusLog10(cutP) : 1;
    for (double[] pc : pAndCount) {
      hi = Math.max(hi, minusLog10(pc[0]));
    }
    ScoreDistribution d = new ScoreDistribution(0, hi * (1 + 1.0 / BINS), BINS);
    for (double[] pc : pAndCount) {
      d.add(minusLog10(pc[0]), Math.round(pc[1]));
    }
    return d;
  }

  /** -log10 p, capped at 300 (p = 0 from an exact test). */
  public static double minusLog10(double p) {
    return -Math.log10(Math.max(p, 1e-300));
  }

  public long rows() {
    long t = nonFinite;
    for (long c : counts) {
      t += c;
    }
    return t;
  }

  public long[] counts() {
    return counts.clone();
  }

  public double lo() {
    return lo;
  }

  public double hi() {
    return hi;
  }

  public long nonFinite() {
    return nonFinite;
  }

  /**
   * The JSON-ready form for a detector's report.
   *
   * @param statistic what the values are, as a reader should see it ("k=10 distance", "-log10 p")
   * @param cutMin the lowest cut (several when cuts differ by group); NaN when nothing could pass
   * @param cutMax the highest cut
   * @param flaggedAbove true when values above the cut are flagged, false when values below are
   */
  public Map<String, Object> toReport(
      String statistic, double cutMin, double cutMax, boolean flaggedAbove) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("statistic", statistic);
    m.put("lo", lo);
    m.put("hi", hi);
    List<Long> c = new ArrayList<>(counts.length);
    for (long v : counts) {
      c.add(v);
    }
    m.put("counts", c);
    m.put("rows", rows());
    m.put("non_finite", nonFinite);
    // JSON has no NaN: a test that could not reject anything has no cut to draw.
    m.put("cut_min", Double.isFinite(cutMin) ? cutMin : "none");
    m.put("cut_max", Double.isFinite(cutMax) ? cutMax : "none");
    m.put("flagged", flaggedAbove ? "above" : "below");
    return m;
  }
}
