package io.antidote.corpus;

/**
 * The input corpus cannot be audited as given: a missing or mistyped column, a file that is not
 * Parquet, no rows, duplicate sample ids. The message names the file, column or value and what was
 * expected.
 */
public final class InputException extends RuntimeException {
  public InputException(String message) {
    super(message);
  }

  public InputException(String message, Throwable cause) {
    super(message, cause);
  }
}
