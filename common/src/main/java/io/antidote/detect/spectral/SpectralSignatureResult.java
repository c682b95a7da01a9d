package io.antidote.detect.spectral;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The flags (schema {@link io.antidote.flags.FlagSchema#DETECTOR_OUTPUT}) and the per-group spectrum
 * summary the report shows beside them.
 *
 * @param flags one row per flagged sample
 * @param groups one entry per group, sorted by name
 * @param groupBy how groups were formed (auto resolved)
 * @param dim embedding dimension
 * @param skippedRows input rows without a usable embedding (null, wrong dimension, null sample id)
 */
public record SpectralSignatureResult(
    Dataset<Row> flags, List<GroupSpectrum> groups, GroupBy groupBy, int dim, long skippedRows) {}
