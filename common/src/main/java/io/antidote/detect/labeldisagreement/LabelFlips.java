package io.antidote.detect.labeldisagreement;

import io.antidote.flags.Evidence;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The Spark-free decision of the label-disagreement detector, given the per-class figures: a row's
 * out-of-sample class probabilities, confident learning's suggested label, the p-value of its own
 * label's vote count under its class's noise model, the Benjamini–Hochberg cut over all judged
 * rows, and the flag a rejected row gets.
 */
public final class LabelFlips implements Serializable {
  private static final long serialVersionUID = 1L;

  private final Map<String, ClassStats> classes;
  private final int k;
  private final double priorWeight;
  private final double fdr;
  private final double pCut;

  /**
   * @param pCut the BH cut ({@link #cut}); -1 when nothing is rejected
   */
  public LabelFlips(
      Map<String, ClassStats> classes, int k, double priorWeight, double fdr, double pCut) {
    this.classes = Collections.unmodifiableMap(new LinkedHashMap<>(classes));
    this.k = k;
    this.priorWeight = priorWeight;
    this.fdr = fdr;
    this.pCut = pCut;
  }

  public double pCut() {
    return pCut;
  }

  /**
   * The Benjamini–Hochberg cut over discrete p-values given as {@code (p, rows)} pairs: the largest
   * p with {@code p <= R(p) q / m}, where R(p) counts the rows with p-value at most p; -1 when
   * none.
   */
  public static double cut(List<double[]> bins, long m, double q) {
    List<double[]> sorted = new ArrayList<>(bins);
    sorted.sort((x, y) -> Double.compare(x[0], y[0]));
    double rejected = 0;
    double cut = -1;
    for (int i = 0; i < sorted.size(); i++) {
      double p = sorted.get(i)[0];
      rejected += sorted.get(i)[1];
      // Rows sharing one p-value are rejected together.
      if (i + 1 < sorted.size() && sorted.get(i + 1)[0] == p) {
        continue;
      }
      if (m > 0 && p <= rejected * q / m) {
        cut = p;
      }
    }
    return cut;
  }

  /** The out-of-sample probability of class {@code c} for this vote. */
  public double probability(LabelVote vote, String c) {
    ClassStats s = classes.get(c);
    return vote.probability(c, s == null ? 0 : s.prior(), priorWeight);
  }

  /**
   * Confident learning's class for the row: among all classes whose probability reaches their
   * threshold, the most probable (its own label included); null when none reaches its threshold.
   */
  public String confidentClass(LabelVote vote) {
    String best = null;
    double most = -1;
    for (String c : vote.counts().keySet()) {
      ClassStats s = classes.get(c);
      double p = probability(vote, c);
      if (s != null && p >= s.threshold() && p > most) {
        best = c;
        most = p;
      }
    }
    return best;
  }

  /**
   * The label suggested instead of the given one: confident learning's class when it is another
   * one, else the other label with most votes; null when no neighbour carries another label.
   */
  public String suggested(LabelVote vote) {
    String c = confidentClass(vote);
    return c != null && !c.equals(vote.label()) ? c : vote.majorityOther();
  }

  /** Whether the row's class is judged (its rows are tested and count in BH's m). */
  public boolean judged(String label) {
    ClassStats s = classes.get(label);
    return s != null && s.judged();
  }

  /**
   * The p-value of the row's own-label vote count under its class's clean law; 1 when not judged.
   */
  public double pValue(LabelVote vote) {
    ClassStats s = classes.get(vote.label());
    return s == null || !s.judged() ? 1.0 : s.noise().pValue(vote.scaled(vote.label(), k));
  }

  /** Whether {@code vote} marks its row as a label flip: rejected, with a judged suggestion. */
  public boolean isFlip(LabelVote vote) {
    if (pCut < 0 || !judged(vote.label()) || pValue(vote) > pCut) {
      return false;
    }
    String to = suggested(vote);
    return to != null && judged(to);
  }

  /** A flag's content. */
  public record Flag(double score, double threshold, String reason, Map<String, String> evidence) {
    public Flag {
      evidence = Collections.unmodifiableMap(new LinkedHashMap<>(evidence));
    }
  }

  /**
   * The flag of a row {@link #isFlip} accepted: score -log10 p, threshold -log10 of the cut. {@code
   * neighbourIds}: the voting neighbours, most similar first.
   */
  public Flag flag(LabelVote vote, List<String> neighbourIds) {
    String label = vote.label();
    String to = suggested(vote);
    ClassStats own = classes.get(label);
    ClassStats other = classes.get(to);
    double p = pValue(vote);
    int x = vote.scaled(label, k);
    boolean confident = to.equals(confidentClass(vote));
    Map<String, String> evidence = new LinkedHashMap<>();
    evidence.put("label", label);
    evidence.put("suggested_label", to);
    evidence.put("suggestion_confident", Boolean.toString(confident));
    evidence.put("p_label", fmt(probability(vote, label)));
    evidence.put("p_suggested", fmt(probability(vote, to)));
    evidence.put("class_threshold", fmt(other.threshold()));
    evidence.put("label_votes", vote.count(label) + "/" + vote.voters());
    evidence.put("suggested_votes", vote.count(to) + "/" + vote.voters());
    evidence.put("separability_label", fmt(own.separability()));
    evidence.put("separability_suggested", fmt(other.separability()));
    evidence.put(
        Evidence.TEST, "own-label votes among the k nearest neighbours vs the class's clean rows");
    evidence.put(Evidence.STATISTIC, Integer.toString(x));
    evidence.put(
        Evidence.NULL_MODEL,
        String.format(
            Locale.ROOT,
            "beta-binomial(k=%d, a=%.3f, b=%.3f) of '%s' rows, flips (%.4f) removed by EM",
            k,
            own.noise().a(),
            own.noise().b(),
            label,
            own.noise().flipShare()));
    evidence.put(Evidence.P_VALUE, sci(p));
    evidence.put(Evidence.FDR, fmt(fdr));
    evidence.put(Evidence.P_CUT, sci(pCut));
    evidence.put(
        "neighbours", String.join(",", neighbourIds.subList(0, Math.min(5, neighbourIds.size()))));
    evidence.put(Evidence.ACTION, "review");
    String reason =
        String.format(
            Locale.ROOT,
            "labelled '%s' but only %d of its %d nearest neighbours are (%d are '%s'): p = %.2e"
                + " under '%s''s own rows (BH cut %.2e at FDR %.2f); suggested label '%s'",
            label,
            vote.count(label),
            vote.voters(),
            vote.count(to),
            to,
            p,
            label,
            pCut,
            fdr,
            to);
    return new Flag(score(p), score(pCut), reason, evidence);
  }

  private static double score(double p) {
    return -Math.log10(Math.max(p, 1e-300));
  }

  /** Four decimals, locale-independent: how evidence figures are written. */
  static String fmt(double v) {
    return String.format(Locale.ROOT, "%.4f", v);
  }

  static String sci(double v) {
    return String.format(Locale.ROOT, "%.3e", v);
  }
}
