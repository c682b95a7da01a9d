package io.antidote.detect.labeldisagreement;

import java.io.Serializable;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The labels of a row's first k labelled neighbours (the row itself is never its own neighbour):
 * how many voters, and how many of them carry each label. Neighbours without a label do not vote.
 *
 * @param label the row's given label
 * @param voters neighbours with a label among the first k
 * @param counts votes per label (labels with at least one vote), sorted by label
 */
public record LabelVote(String label, int voters, Map<String, Integer> counts)
    implements Serializable {

  public LabelVote {
    counts = Collections.unmodifiableMap(new TreeMap<>(counts));
  }

  /** The vote of the first {@code k} of {@code neighbourLabels} (most similar first). */
  public static LabelVote of(String label, List<String> neighbourLabels, int k) {
    Map<String, Integer> counts = new TreeMap<>();
    int voters = 0;
    int n = Math.min(k, neighbourLabels.size());
    for (int i = 0; i < n; i++) {
      String l = neighbourLabels.get(i);
      if (l != null) {
        counts.merge(l, 1, Integer::sum);
        voters++;
      }
    }
    return new LabelVote(label, voters, counts);
  }

  public int count(String c) {
    return counts.getOrDefault(c, 0);
  }

  /**
   * A count out of {@code voters} rescaled to out of {@code k} (rows with fewer labelled voters
   * than k are rare; they are tested as if they had k).
   */
  public int scaled(String c, int k) {
    return voters == k ? count(c) : (int) Math.round((double) count(c) * k / voters);
  }

  /** The label with most votes (ties to the label that sorts first); null without voters. */
  public String majority() {
    String best = null;
    int most = 0;
    for (Map.Entry<String, Integer> e : counts.entrySet()) {
      if (e.getValue() > most) {
        best = e.getKey();
        most = e.getValue();
      }
    }
    return best;
  }

  /** The label other than the row's own with most votes (ties by name); null when none. */
  public String majorityOther() {
    String best = null;
    int most = 0;
    for (Map.Entry<String, Integer> e : counts.entrySet()) {
      if (!e.getKey().equals(label) && e.getValue() > most) {
        best = e.getKey();
        most = e.getValue();
      }
    }
    return best;
  }

  /**
   * The out-of-sample probability of class {@code c}: its votes smoothed by a Dirichlet prior of
   * {@code priorWeight} pseudo-votes spread by the class shares {@code prior}: {@code (count + w
   * prior_c) / (voters + w)}.
   */
  public double probability(String c, double prior, double priorWeight) {
    return (count(c) + priorWeight * prior) / (voters + priorWeight);
  }
}
