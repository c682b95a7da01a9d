package io.antidote.flags;

/** Evidence keys shared by all detectors. Detector-specific keys are declared by the detector. */
public final class Evidence {
  /** The action the detector asks for: {@code drop} or {@code review}. */
  public static final String ACTION = "action";

  private Evidence() {}

  /**
   * The first 12 hex digits of a hash, for reasons a person reads (the full hash is in the
   * evidence).
   */
  public static String shortHash(String hex) {
    return hex == null ? "null" : hex.length() <= 12 ? hex : hex.substring(0, 12) + "…";
  }
}
