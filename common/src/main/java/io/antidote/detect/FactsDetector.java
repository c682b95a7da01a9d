package io.antidote.detect;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * A model-free detector over {@link io.antidote.corpus.RowFacts}: returns one row per flagged
 * sample in {@link io.antidote.flags.FlagSchema#DETECTOR_OUTPUT}. Its evidence carries an {@code
 * action} key ({@code drop} or {@code review}) that the verdicts follow.
 */
public interface FactsDetector {
  String name();

  Dataset<Row> flag(Dataset<Row> facts);
}
