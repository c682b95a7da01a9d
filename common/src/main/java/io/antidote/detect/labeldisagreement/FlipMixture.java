package io.antidote.detect.labeldisagreement;

/**
 * The noise model of one class's own-label vote counts (x of k neighbours share the row's label): a
 * mixture of the class's clean rows, whose count is beta-binomial, and rows flipped into the class
 * from others, whose count is distributed as other classes' rows' votes for this class (a flipped
 * row keeps its true class's neighbourhood: it is not its own neighbour). Fitted by EM on the
 * class's histogram with the flip component's shape fixed, so the clean law is not fitted to the
 * flips it is meant to expose.
 *
 * @param a Beta a of the clean rows' agreement rate
 * @param b Beta b
 * @param flipShare the estimated share of the class's rows that came from other classes
 * @param lowerTail P(X <= x) under the clean law, x = 0..k: the p-value of a row with x own votes
 */
public record FlipMixture(double a, double b, double flipShare, double[] lowerTail)
    implements java.io.Serializable {
  private static final int ITERATIONS = 60;
  private static final double MAX_FLIP_SHARE = 0.5;

  /**
   * Fits the mixture to {@code own[x]} (rows of the class with x own votes of k) given {@code
   * flip[x]} (the flipped rows' count law, summing to 1).
   */
  public static FlipMixture fit(double[] own, double[] flip) {
    int k = own.length - 1;
    double total = 0;
    for (double h : own) {
      total += h;
    }
    double[] ab = BetaBinomial.fit(own, k);
    double pi = 0.05;
    double[] clean = new double[k + 1];
    for (int it = 0; it < ITERATIONS && total > 0; it++) {
      double flipped = 0;
      for (int x = 0; x <= k; x++) {
        double f0 = Math.exp(BetaBinomial.logPmf(x, k, ab[0], ab[1]));
        double f1 = flip[x];
        double r = pi * f1 + (1 - pi) * f0 > 0 ? pi * f1 / (pi * f1 + (1 - pi) * f0) : 0;
        clean[x] = own[x] * (1 - r);
        flipped += own[x] * r;
      }
      double next = Math.min(MAX_FLIP_SHARE, flipped / total);
      double[] nextAb = BetaBinomial.fit(clean, k);
      boolean done =
          Math.abs(next - pi) < 1e-6
              && Math.abs(nextAb[0] - ab[0]) < 1e-4 * ab[0]
              && Math.abs(nextAb[1] - ab[1]) < 1e-4 * ab[1];
      pi = next;
      ab = nextAb;
      if (done) {
        break;
      }
    }
    return new FlipMixture(ab[0], ab[1], pi, BetaBinomial.lowerTail(k, ab[0], ab[1]));
  }

  /** The p-value of {@code x} own votes of k under the clean law. */
  public double pValue(int x) {
    return lowerTail[Math.max(0, Math.min(lowerTail.length - 1, x))];
  }
}
