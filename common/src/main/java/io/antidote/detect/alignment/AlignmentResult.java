package io.antidote.detect.alignment;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Flags ({@link io.antidote.flags.FlagSchema#DETECTOR_OUTPUT}) and the corpus-level figures.
 *
 * @param cut the cuts applied
 * @param scoredRows pairs with a cosine
 * @param skippedRows pairs without one (a null or empty embedding, different dimensions, a zero
 *     vector)
 * @param cosines the cosine of every scored pair, binned over [-1, 1]
 */
public record AlignmentResult(
    Dataset<Row> flags,
    AlignmentCut cut,
    long scoredRows,
    long skippedRows,
    io.antidote.detect.evidence.ScoreDistribution cosines) {}
