package io.antidote.rollup;

/**
 * The roll-up table ({@code rollups/}, partitioned by {@link #RUN_ID}): one row per (dimension,
 * key) with the rows audited under that key and how many were flagged and dropped, so curation can
 * drop or down-weight a whole domain, source or input file with one join on {@link #KEY}.
 */
public final class RollupSchema {
  public static final String RUN_ID = "run_id";

  /** {@link #DOMAIN}, {@link #SOURCE} or {@link #INPUT_FILE}. */
  public static final String DIMENSION = "dimension";

  /**
   * The registrable domain, source or input file path; null for rows that have none (no URL or an
   * unparsable one, no source).
   */
  public static final String KEY = "key";

  /** Audited rows under the key (rejected rows are not audited). */
  public static final String ROWS = "rows";

  /** Rows with a verdict (flagged by at least one detector). */
  public static final String FLAGGED = "flagged";

  /** Rows whose verdict is {@code drop}. */
  public static final String DROPPED = "dropped";

  /** {@link #FLAGGED} / {@link #ROWS}. */
  public static final String FLAGGED_SHARE = "flagged_share";

  /** Detector name to rows it flagged under the key; every detector that ran is present. */
  public static final String FLAGGED_BY_DETECTOR = "flagged_by_detector";

  public static final String DOMAIN = "domain";
  public static final String SOURCE = "source";
  public static final String INPUT_FILE = "input_file";

  /** The dimensions, in the order the report shows them. */
  public static final java.util.List<String> DIMENSIONS =
      java.util.List.of(DOMAIN, SOURCE, INPUT_FILE);

  private RollupSchema() {}
}
