package io.antidote.output;

/** The run id already has committed output and the settings say not to overwrite it. */
public final class RunOutputExistsException extends RuntimeException {
  public RunOutputExistsException(String message) {
    super(message);
  }
}
