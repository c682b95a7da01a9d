package io.antidote.detect.labeldisagreement;

import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The Spark-free decision of the label-disagreement detector: given the per-class figures, whether
 * a row's neighbour vote makes it a suspected flip, and the flag it gets. A flip needs both the
 * row's class and the class its neighbours vote for to be calibrated (flags between classes the
 * representation cannot tell apart are noise), a share of the other label at least that class's
 * cut, and more neighbours on the other label than on its own.
 */
public final class LabelFlips implements Serializable {
  private static final long serialVersionUID = 1L;

  private final Map<String, ClassStats> classes;
  private final double minShare;

  public LabelFlips(Map<String, ClassStats> classes, double minShare) {
    this.classes = Collections.unmodifiableMap(new LinkedHashMap<>(classes));
    this.minShare = minShare;
  }

  /** Whether {@code vote} marks its row as a suspected flip. */
  public boolean isFlip(LabelVote vote) {
    if (vote.other() == null) {
      return false;
    }
    ClassStats own = classes.get(vote.label());
    ClassStats to = classes.get(vote.other());
    return own != null
        && to != null
        && own.calibrated()
        && to.calibrated()
        && vote.otherShare() >= to.threshold(minShare)
        && vote.otherShare() > vote.ownShare();
  }

  /** A flag's content. */
  public record Flag(double score, double threshold, String reason, Map<String, String> evidence) {
    public Flag {
      evidence = Collections.unmodifiableMap(new LinkedHashMap<>(evidence));
    }
  }

  /**
   * The flag of a row {@link #isFlip} accepted: score the other label's share, threshold that
   * class's cut. {@code neighbourIds}: the voting neighbours, most similar first.
   */
  public Flag flag(LabelVote vote, List<String> neighbourIds) {
    String label = vote.label();
    String other = vote.other();
    double share = vote.otherShare();
    ClassStats own = classes.get(label);
    ClassStats to = classes.get(other);
    double cut = to.threshold(minShare);
    int voters = vote.voters();
    Map<String, String> evidence = new LinkedHashMap<>();
    evidence.put("label", label);
    evidence.put("majority_label", other);
    evidence.put("majority_share", fmt(share));
    evidence.put("own_share", fmt(vote.ownShare()));
    evidence.put("voters", Integer.toString(voters));
    evidence.put("class_threshold", fmt(cut));
    evidence.put("separability_label", fmt(own.separability()));
    evidence.put("separability_majority", fmt(to.separability()));
    evidence.put(
        "neighbours", String.join(",", neighbourIds.subList(0, Math.min(5, neighbourIds.size()))));
    evidence.put("action", "review");
    String reason =
        String.format(
            "labelled '%s' but %d of its %d nearest neighbours are labelled '%s' (share %.2f >= class '%s' cut"
                + " %.2f; kNN accuracy of '%s' %.2f, of '%s' %.2f): possible label flip",
            label,
            Math.round(share * voters),
            voters,
            other,
            share,
            other,
            cut,
            label,
            own.separability(),
            other,
            to.separability());
    return new Flag(share, cut, reason, evidence);
  }

  /** Four decimals, locale-independent: how evidence figures are written. */
  static String fmt(double v) {
    return String.format(Locale.ROOT, "%.4f", v);
  }
}
