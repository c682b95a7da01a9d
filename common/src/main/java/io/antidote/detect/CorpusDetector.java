package io.antidote.detect;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * A detector over the canonical corpus: returns one row per flagged sample in {@link
 * io.antidote.flags.FlagSchema#DETECTOR_OUTPUT}, with the score, the threshold it crossed and a
 * reason a reviewer can read. It must not collect rows to the driver, and must be deterministic for
 * fixed inputs.
 */
public interface CorpusDetector {
  /** The name written to the flag table's {@code detector} column. */
  String name();

  /**
   * Flags over {@code corpus}, which has the canonical columns (see {@link
   * io.antidote.corpus.CorpusSchema}).
   */
  Dataset<Row> flag(Dataset<Row> corpus);
}
