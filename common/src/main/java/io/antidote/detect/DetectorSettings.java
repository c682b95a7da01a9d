package io.antidote.detect;

import io.antidote.flags.Action;

/**
 * The keys every detector block in reference.conf has: whether the audit runs it, the action its
 * flags ask for (a detector may ask for another per flag, in its evidence), and its weight in the
 * verdict's combined score.
 */
public record DetectorSettings(boolean enabled, Action action, double weight) {
  /**
   * Keys of every detector block that {@link #of} reads; a detector's own keys come beside them.
   */
  public static final java.util.Set<String> KEYS = java.util.Set.of("enabled", "action", "weight");

  /** Reads the common keys of one detector block. */
  public static DetectorSettings of(io.antidote.config.SettingsBlock block) {
    return new DetectorSettings(
        block.bool("enabled"),
        block.enumValue("action", Action.class),
        block.number("weight", 0, 1e6));
  }
}
