package io.antidote.detect.labeldisagreement;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The vote of a row's k nearest neighbours on its label: the share that agrees with the row's own
 * label, and the most frequent other label with its share (ties go to the label that sorts first).
 * Neighbours without a label do not vote.
 *
 * @param majority most frequent label among the neighbours, the row's own included
 * @param other most frequent label other than the row's own (null if all voters agree)
 */
public record LabelVote(
    String label,
    int voters,
    double ownShare,
    String majority,
    double majorityShare,
    String other,
    double otherShare) {

  /** The vote of the first {@code k} of {@code neighbourLabels} (most similar first). */
  public static LabelVote of(String label, List<String> neighbourLabels, int k) {
    Map<String, Integer> counts = new HashMap<>();
    int voters = 0;
    int n = Math.min(k, neighbourLabels.size());
    for (int i = 0; i < n; i++) {
      String l = neighbourLabels.get(i);
      if (l != null) {
        counts.merge(l, 1, Integer::sum);
        voters++;
      }
    }
    String majority = null;
    int majorityCount = 0;
    String other = null;
    int otherCount = 0;
    for (Map.Entry<String, Integer> e : counts.entrySet()) {
      String l = e.getKey();
      int c = e.getValue();
      if (c > majorityCount
          || (c == majorityCount && majority != null && l.compareTo(majority) < 0)) {
        majority = l;
        majorityCount = c;
      }
      if (!l.equals(label)
          && (c > otherCount || (c == otherCount && other != null && l.compareTo(other) < 0))) {
        other = l;
        otherCount = c;
      }
    }
    int own = label == null ? 0 : counts.getOrDefault(label, 0);
    double v = Math.max(1, voters);
    return new LabelVote(
        label, voters, own / v, majority, majorityCount / v, other, otherCount / v);
  }
}
