package io.antidote.jobs;

/** Exit codes a scheduler can act on. */
public enum ExitCode {
  OK(0),
  /** Something unexpected failed; the log has the stack trace. */
  FAILED(1),
  /** Bad command line or configuration: fix the invocation. */
  USAGE(2),
  /** The run id already has committed output and --overwrite was not given. */
  RUN_EXISTS(3),
  /** The input corpus cannot be audited as given: fix the data. */
  BAD_INPUT(4);

  private final int code;

  ExitCode(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }
}
