package io.antidote.detect;

import io.antidote.flags.Action;

/**
 * The keys every detector block in reference.conf has: whether the audit runs it, the action its
 * flags ask for (a detector may ask for another per flag, in its evidence), and its weight in the
 * verdict's combined score; and the false-discovery-rate level shared by all ({@code
 * antidote.detectors.fdr}) that statistical detectors control their flags at.
 */
public record DetectorSettings(boolean enabled, Action action, double weight, double fdr) {
  /**
   * Keys of every detector block that {@link #of} reads; a detector's own keys come beside them.
   */
  public static final java.util.Set<String> KEYS = java.util.Set.of("enabled", "action", "weight");

  /** Reads the common keys of one detector block. */
  public static DetectorSettings of(io.antidote.config.SettingsBlock block) {
    io.antidote.config.SettingsBlock detectors =
        io.antidote.config.SettingsBlock.of(block.root(), "detectors");
    double fdr = detectors.number("fdr", 0, 1);
    detectors.check(fdr > 0 && fdr < 1, "fdr", "in (0, 1)", fdr);
    return new DetectorSettings(
        block.bool("enabled"),
        block.enumValue("action", Action.class),
        block.number("weight", 0, 1e6),
        fdr);
  }
}
