package io.antidote.output;

/**
 * The points of a commit, in order, and the test hook that halts the process at one of them. A test
 * starts a run with the JVM system property {@value #HALT_AT} set to a step's name ({@code
 * run-record}) to kill it there as {@code kill -9} would ({@link Runtime#halt}: no shutdown hooks,
 * no finally blocks). Only {@link RunCommitter} reads the property; it is not a setting.
 */
public enum CommitStep {
  /** Every table and run.json staged, the lease says committing; nothing moved yet. */
  STAGED,
  /**
   * The first table published: parquet moved its partition into place, delta appended it (after the
   * run record).
   */
  FIRST_TABLE,
  /** run.json in place under runs/: the commit point (parquet: after the tables; delta: before). */
  RUN_RECORD,
  /** Every table published; the staging folder not yet removed. */
  PUBLISHED;

  /** System property naming the step at which the process halts. */
  public static final String HALT_AT = "antidote.test.halt-at-commit-step";

  /** Exit status of a process halted by the hook. */
  public static final int HALT_STATUS = 86;

  /** The step's name as the property gives it: {@code first-table}. */
  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }

  void reached() {
    if (label().equals(System.getProperty(HALT_AT))) {
      System.err.println("halting at commit step " + label() + " (" + HALT_AT + ")");
      System.err.flush();
      Runtime.getRuntime().halt(HALT_STATUS);
    }
  }
}
