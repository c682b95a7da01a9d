package io.antidote.detect.offtopic;

import java.util.List;
import java.util.Objects;

/**
 * One row's isolation from the units it does not belong to, read off its neighbour list (most
 * similar first). Rows of its own unit are skipped: a catalogue host's pages are close to each
 * other, and what {@link UnitShift} asks is how far the unit's content is from everyone else's.
 *
 * @param distance cosine distance to the rank-th nearest listed row of another unit; when the list
 *     holds fewer such rows, the distance of its last entry (a lower bound); NaN for an empty list
 * @param copy the row repeats an earlier row of its own unit (similarity at least the copy cut to a
 *     same-unit neighbour with a smaller sample id): it does not count as a row of its own, so a
 *     host serving one page a hundred times is one observation, not a hundred
 * @param nearestSameUnit cosine distance to the nearest listed row of its own unit; NaN if none
 */
public record UnitIsolation(double distance, boolean copy, double nearestSameUnit) {

  /**
   * @param id the row's sample id
   * @param unit the row's unit; null when it has none (every neighbour then counts as another
   *     unit's)
   * @param neighbourIds its neighbours, most similar first
   * @param neighbourUnits their units (null entries: no unit), aligned with {@code neighbourIds}
   * @param similarities their cosine similarities, aligned
   * @param rank which other-unit neighbour's distance is the isolation, at least 1
   * @param copySimilarity similarity at or above which a same-unit neighbour is a copy
   */
  public static UnitIsolation of(
      String id,
      String unit,
      List<String> neighbourIds,
      List<String> neighbourUnits,
      List<? extends Number> similarities,
      int rank,
      double copySimilarity) {
    int n = Math.min(similarities.size(), Math.min(neighbourIds.size(), neighbourUnits.size()));
    boolean copy = false;
    double nearestSame = Double.NaN;
    double distance = Double.NaN;
    int others = 0;
    for (int i = 0; i < n; i++) {
      String nid = neighbourIds.get(i);
      if (Objects.equals(nid, id)) {
        continue;
      }
      double sim = similarities.get(i).doubleValue();
      if (unit != null && unit.equals(neighbourUnits.get(i))) {
        if (Double.isNaN(nearestSame)) {
          nearestSame = 1 - sim;
        }
        if (sim >= copySimilarity && nid != null && nid.compareTo(id) < 0) {
          copy = true;
        }
      } else if (++others == rank) {
        distance = 1 - sim;
      }
    }
    if (others < rank && n > 0) {
      distance = 1 - similarities.get(n - 1).doubleValue();
    }
    return new UnitIsolation(distance, copy, nearestSame);
  }

  /**
   * The rank used for a unit holding {@code share} of the corpus: {@code round(rank · (1 −
   * share))}, at least 1. A unit's rows see only the other (1 − share) of the corpus, where their
   * m-th neighbour lies as far as the m/(1 − share)-th would among everyone: without this a large
   * clean host would look isolated by its size alone.
   */
  public static int rankFor(int rank, double share) {
    return (int) Math.max(1, Math.round(rank * (1 - Math.max(0, Math.min(1, share)))));
  }
}
