package io.antidote.corpus;

/**
 * The rejected-rows table: input rows that could not be audited, with where they came from and why.
 */
public final class RejectedSchema {
  public static final String SAMPLE_ID = "sample_id";
  public static final String INPUT_FILE = "input_file";
  public static final String ROW_INDEX = "row_index";
  public static final String REASON = "reason";

  /** Reasons a row is rejected: fixed strings, so run.json counts rows per reason. */
  public static final String NULL_SAMPLE_ID = "null sample_id";

  public static final String NO_CONTENT = "no content: text and image are both null";

  /**
   * The audit would judge the text as decoded (U+FFFD in place of the bad bytes) while a training
   * pipeline's decoder may read other characters from them, or fail.
   */
  public static final String INVALID_UTF8_TEXT = "text is not valid UTF-8";

  public static final String DUPLICATE_SAMPLE_ID =
      "duplicate sample_id (the first occurrence is kept)";

  private RejectedSchema() {}
}
