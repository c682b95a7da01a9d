package io.antidote.corpus;

/**
 * The rejected-rows table: input rows that could not be audited, with where they came from and why.
 */
public final class RejectedSchema {
  public static final String SAMPLE_ID = "sample_id";
  public static final String INPUT_FILE = "input_file";
  public static final String ROW_INDEX = "row_index";
  public static final String REASON = "reason";

  private RejectedSchema() {}
}
