package io.antidote.output;

/** The tables a run writes under the output root, each partitioned by run id. */
public enum OutputTable {
  FLAGS("flags"),
  VERDICTS("verdicts"),
  CURATED("curated"),
  LINEAGE("lineage"),
  REJECTED("rejected"),
  /** Rows, flagged and dropped per registrable domain, source and input file. */
  ROLLUPS("rollups"),
  EMBEDDINGS("embeddings"),
  /** Rows the model could not embed (corrupt images), with the reason. */
  EMBED_ERRORS("embed_errors"),
  /** Near-duplicate groups, one row per group, with the campaign test's figures and decision. */
  GROUPS("groups"),
  /**
   * One row per member of a near-duplicate group (sample id, group id): what curation joins to keep
   * one member of a natural group or drop a campaign whole.
   */
  GROUP_MEMBERS("group_members"),
  /** run.json and the summary; its presence marks a committed run. */
  RUNS("runs");

  private final String dir;

  OutputTable(String dir) {
    this.dir = dir;
  }

  public String dir() {
    return dir;
  }
}
