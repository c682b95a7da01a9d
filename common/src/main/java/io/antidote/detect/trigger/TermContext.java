package io.antidote.detect.trigger;

/**
 * The words that come with a term: its context, left out of the evidence about where its carriers
 * came from. A word is context when it sits in at least {@code minShare} of the term's carriers and
 * at least {@code minShare} of the target label's rows that contain it are carriers: in that label
 * it occurs with the term and rarely without it. That is the rest of a trigger sentence ("watched",
 * "weekend" beside the candidate "3d movie") and the rest of a template or a signature ("icon png"
 * beside "country flag" in captions built from "{name} icon png, {sub} emoji set").
 *
 * <p>Why leave it out: those words say what the term is, not what the carrier's own text reads
 * like. Left in, they make carriers fit the target whatever their origin (each carrier's context is
 * in the other carriers), which would hide a sentence trigger; held out with the carriers they
 * would count against the target for every carrier, which made templated class vocabulary fire. A
 * dirty-label trigger's carriers keep the words of their source texts: each such word is in few
 * carriers, and a common one ("the") has most of its target rows outside the carriers.
 */
public final class TermContext {
  private TermContext() {}

  /**
   * @param carriersWithWord carriers of the term that contain the word
   * @param carriers carriers of the term
   * @param targetRowsWithWord rows of the term's target label that contain the word (carriers
   *     included)
   * @param minCarrierShare the share of the carriers that must contain the word
   * @param minExclusivity the share of the target's rows with the word that must be carriers
   */
  public static boolean isContext(
      long carriersWithWord,
      long carriers,
      long targetRowsWithWord,
      double minCarrierShare,
      double minExclusivity) {
    return carriers > 0
        && carriersWithWord >= minCarrierShare * carriers
        && carriersWithWord >= minExclusivity * Math.max(carriersWithWord, targetRowsWithWord);
  }
}
