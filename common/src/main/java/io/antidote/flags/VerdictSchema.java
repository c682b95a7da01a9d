package io.antidote.flags;

/** The verdicts table: one row per flagged sample. */
public final class VerdictSchema {
  public static final String SAMPLE_ID = "sample_id";
  public static final String RUN_ID = "run_id";

  /** Sorted names of the detectors that flagged the sample. */
  public static final String DETECTORS = "detectors";

  /** Sum of the weights of those detectors. */
  public static final String COMBINED_SCORE = "combined_score";

  /** {@code drop} if any flag asks for it, else {@code review}. */
  public static final String ACTION = "action";

  /** The flags' reasons, in detector order. */
  public static final String REASONS = "reasons";

  public static final String LABEL = "label";
  public static final String SOURCE = "source";
  public static final String URL = "url";

  private VerdictSchema() {}
}
