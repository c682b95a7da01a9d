package io.antidote.detect.trigger;

import java.io.Serializable;

/**
 * How well a row's words read like each label: the log-likelihood of its row-distinct words under a
 * multinomial model per label (McCallum &amp; Nigam 1998), {@code score_c = sum_w ln((n_wc + mu
 * P(w)) / (N_c + mu))}, where {@code n_wc} is the number of rows of label c containing word w,
 * {@code N_c = sum_w n_wc}, {@code P(w)} the word's share of the whole corpus and {@code mu = a V}
 * (V the vocabulary, a the smoothing; Dirichlet smoothing towards the corpus, Zhai &amp; Lafferty
 * 2001).
 *
 * <p>Why not Laplace ({@code (n_wc + a) / (N_c + a V)}): on short texts in many labels V is far
 * above every {@code N_c}, and a word as common in a small label as in a large one then scores
 * higher in the large one (about {@code ln(rows_large / rows_small)} nats per word), so any text of
 * common words "reads like" the largest label. Smoothing towards the corpus gives such a word the
 * same probability in every label. No label prior either: how common a label is says nothing of
 * what a text reads like, and with it every row of a small label fits a larger one better when its
 * words are uninformative.
 *
 * <p>Every count is a sum over rows, so the model is the per-(word, label) table the trigger
 * detector already counts, and any rows can be held out of one label by subtracting their own
 * counts: each row is held out of its own label when asked whether it fits it (see {@link
 * TriggerTokenDetector}).
 */
public final class NaiveBayesLabelFit implements Serializable {
  private static final long serialVersionUID = 1L;
  private final long[] tokens;
  private final long total;
  private final long vocabulary;
  private final double smoothing;

  /**
   * @param tokens row-distinct word occurrences per label ({@code N_c})
   * @param vocabulary distinct words in the corpus
   * @param smoothing {@code a}: the pseudo-counts spread over the vocabulary by corpus frequency,
   *     {@code a} per word on average
   */
  public NaiveBayesLabelFit(long[] tokens, long vocabulary, double smoothing) {
    this.tokens = tokens.clone();
    long t = 0;
    for (long x : tokens) {
      t += x;
    }
    this.total = Math.max(1, t);
    this.vocabulary = Math.max(1, vocabulary);
    this.smoothing = smoothing;
  }

  public int labels() {
    return tokens.length;
  }

  /**
   * Scores of one row for every label.
   *
   * @param wordCounts per word of the row, its row counts per label
   * @param heldOut the label from which rows are held out
   * @param heldOutWordCounts per word of the row, how many held-out rows of {@code heldOut} contain
   *     it
   * @param heldOutTokens the held-out rows' row-distinct word occurrences
   */
  public double[] scores(
      long[][] wordCounts, int heldOut, long[] heldOutWordCounts, long heldOutTokens) {
    double[] s = new double[tokens.length];
    for (int w = 0; w < wordCounts.length; w++) {
      double[] term = wordScores(wordCounts[w], heldOut, heldOutWordCounts[w]);
      for (int c = 0; c < tokens.length; c++) {
        s[c] += term[c];
      }
    }
    return scores(s, wordCounts.length, heldOut, heldOutTokens);
  }

  /**
   * One word's summand of {@link #scores} for every label. Scores are sums over words, so a row's
   * scores without some of its words are its full sums minus those words' summands: one pass over a
   * row's words serves every subset of them.
   *
   * @param labelCounts the word's row counts per label
   * @param heldOutCount how many held-out rows of {@code heldOut} contain it
   */
  public double[] wordScores(long[] labelCounts, int heldOut, long heldOutCount) {
    double mu = smoothing * vocabulary;
    long corpus = 0;
    for (long x : labelCounts) {
      corpus += x;
    }
    // The background is the whole corpus's; one row's share of it does not matter.
    double prior = mu * Math.max(1, corpus) / total;
    double[] s = new double[tokens.length];
    for (int c = 0; c < tokens.length; c++) {
      long n = labelCounts[c] - (c == heldOut ? heldOutCount : 0);
      s[c] = Math.log(Math.max(0, n) + prior);
    }
    return s;
  }

  /**
   * Scores of a row from the sums of its {@code words} words' {@link #wordScores} (taken over by
   * this call).
   */
  public double[] scores(double[] wordScoreSums, int words, int heldOut, long heldOutTokens) {
    double mu = smoothing * vocabulary;
    double[] s = wordScoreSums;
    for (int c = 0; c < tokens.length; c++) {
      long n = tokens[c] - (c == heldOut ? heldOutTokens : 0);
      s[c] -= words * Math.log(Math.max(0, n) + mu);
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
