package io.antidote.bench.quality;

import java.util.HashSet;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * A detector's flags against one planted attack. Flags on rows planted by other attacks of the same
 * corpus are poison too: they count neither for nor against this attack ({@code excluded}).
 * Precision is undefined (empty, printed {@code n/a}) when nothing is left flagged, recall when
 * nothing is planted.
 */
public record QualityScore(int planted, int flagged, int hits, int excluded) {

  public static QualityScore of(Set<String> flags, Set<String> planted, Set<String> otherPlanted) {
    int hits = 0;
    int excluded = 0;
    for (String id : flags) {
      if (planted.contains(id)) {
        hits++;
      } else if (otherPlanted.contains(id)) {
        excluded++;
      }
    }
    return new QualityScore(planted.size(), flags.size(), hits, excluded);
  }

  /** Against every planted row at once. */
  public static QualityScore ofAll(Set<String> flags, Set<String> planted) {
    return of(flags, planted, Set.of());
  }

  public OptionalDouble recall() {
    return planted == 0 ? OptionalDouble.empty() : OptionalDouble.of((double) hits / planted);
  }

  public OptionalDouble precision() {
    int judged = flagged - excluded;
    return judged == 0 ? OptionalDouble.empty() : OptionalDouble.of((double) hits / judged);
  }

  /** Flags on rows outside {@code planted} over the rows outside it. */
  public static double falseFlagRate(Set<String> flags, Set<String> planted, long rows) {
    Set<String> clean = new HashSet<>(flags);
    clean.removeAll(planted);
    long cleanRows = rows - planted.size();
    return cleanRows == 0 ? 0.0 : (double) clean.size() / cleanRows;
  }

  public static String format(OptionalDouble ratio) {
    return ratio.isPresent() ? String.format("%.2f", ratio.getAsDouble()) : "n/a";
  }

  /** "recall / precision", e.g. {@code 0.97 / 1.00} or {@code 0.00 / n/a}. */
  public String cell() {
    return format(recall()) + " / " + format(precision());
  }
}
