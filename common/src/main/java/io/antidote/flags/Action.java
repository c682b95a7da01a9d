package io.antidote.flags;

/** What a flag asks curation to do with the sample. */
public enum Action {
  /** Remove from the curated corpus. */
  DROP,
  /** Keep, but list for a human to look at. */
  REVIEW;

  public String label() {
    return name().toLowerCase();
  }
}
