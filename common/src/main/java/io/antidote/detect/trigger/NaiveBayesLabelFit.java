package io.antidote.detect.trigger;

import java.io.Serializable;

/**
 * How well a row's words fit each label: multinomial naive Bayes over row-distinct words (McCallum
 * &amp; Nigam 1998) with Lidstone smoothing, {@code score_c = ln(rows_c + a) + sum_w ln((n_wc + a)
 * / (N_c + a V))}, where {@code n_wc} is the number of rows of label c containing word w, {@code
 * N_c = sum_w n_wc} and V the vocabulary size. Every count is a sum over rows, so the model is the
 * per-(word, label) table the trigger detector already counts, and any set of rows can be held out
 * of one label by subtracting its own counts: the detector holds out a term's carriers when asking
 * whether they fit the label they claim (see {@link TriggerTokenDetector}).
 */
public final class NaiveBayesLabelFit implements Serializable {
  private static final long serialVersionUID = 1L;
  private final long[] rows;
  private final long[] tokens;
  private final long vocabulary;
  private final double smoothing;

  /**
   * @param rows rows per label
   * @param tokens row-distinct word occurrences per label ({@code N_c})
   * @param vocabulary distinct words in the corpus
   * @param smoothing Lidstone pseudo-count {@code a} (1 = Laplace)
   */
  public NaiveBayesLabelFit(long[] rows, long[] tokens, long vocabulary, double smoothing) {
    if (rows.length != tokens.length) {
      throw new IllegalArgumentException(
          "rows has " + rows.length + " labels, tokens " + tokens.length);
    }
    this.rows = rows.clone();
    this.tokens = tokens.clone();
    this.vocabulary = Math.max(1, vocabulary);
    this.smoothing = smoothing;
  }

  public int labels() {
    return rows.length;
  }

  /**
   * Scores of one row for every label.
   *
   * @param wordCounts per word of the row, its row counts per label
   * @param heldOut the label from which rows are held out
   * @param heldOutWordCounts per word of the row, how many held-out rows of {@code heldOut} contain
   *     it
   * @param heldOutRows held-out rows
   * @param heldOutTokens their row-distinct word occurrences
   */
  public double[] scores(
      long[][] wordCounts,
      int heldOut,
      long[] heldOutWordCounts,
      long heldOutRows,
      long heldOutTokens) {
    double[] s = new double[rows.length];
    double av = smoothing * vocabulary;
    for (int c = 0; c < rows.length; c++) {
      boolean h = c == heldOut;
      double denominator = Math.log(Math.max(0, tokens[c] - (h ? heldOutTokens : 0)) + av);
      double v = Math.log(Math.max(0, rows[c] - (h ? heldOutRows : 0)) + smoothing);
      for (int w = 0; w < wordCounts.length; w++) {
        long n = wordCounts[w][c] - (h ? heldOutWordCounts[w] : 0);
        v += Math.log(Math.max(0, n) + smoothing) - denominator;
      }
      s[c] = v;
    }
    return s;
  }

  /** Width in nats of one misfit bin ({@link #misfitBin}). */
  public static final double BIN_WIDTH = 0.5;

  /** The misfit bin of a margin of 0: the row fits its label exactly as well as the best other. */
  public static final int ZERO_BIN = 200;

  /** Misfit bins: 0 .. 2 x {@link #ZERO_BIN}, margins beyond +-100 nats clipped. */
  public static final int BINS = 2 * ZERO_BIN + 1;

  /**
   * How badly a row fits {@code label}, as a small integer for distributed histograms: the margin
   * {@code score(label) - max over other labels of score(other)} (a log-likelihood ratio in nats,
   * positive when the row fits the label best), negated and binned by {@link #BIN_WIDTH} around
   * {@link #ZERO_BIN}. Higher = fits the label worse. A margin keeps what a rank among labels
   * loses: how far a row is from its label, also in a small label that the prior puts last for
   * every row.
   */
  public static int misfitBin(double[] scores, int label) {
    double best = Double.NEGATIVE_INFINITY;
    for (int c = 0; c < scores.length; c++) {
      if (c != label) {
        best = Math.max(best, scores[c]);
      }
    }
    double margin = scores.length < 2 ? 0 : scores[label] - best;
    long bin = ZERO_BIN - Math.round(margin / BIN_WIDTH);
    return (int) Math.max(0, Math.min(BINS - 1, bin));
  }

  /** The margin (nats) at the centre of a misfit bin. */
  public static double marginOf(double bin) {
    return (ZERO_BIN - bin) * BIN_WIDTH;
  }

  /** 1 + the number of labels scoring strictly above {@code label}: 1 = the row fits it best. */
  public static int rank(double[] scores, int label) {
    int r = 1;
    for (int c = 0; c < scores.length; c++) {
      if (c != label && scores[c] > scores[label]) {
        r++;
      }
    }
    return r;
  }
}
