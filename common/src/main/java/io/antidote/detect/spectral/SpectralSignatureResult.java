package io.antidote.detect.spectral;

import io.antidote.detect.groups.GroupBy;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The flags (schema {@link io.antidote.flags.FlagSchema#DETECTOR_OUTPUT}) and the per-group
 * spectrum summary the report shows beside them.
 *
 * @param flags one row per flagged sample
 * @param groups one entry per group, sorted by name
 * @param groupBy how groups were formed (auto resolved)
 * @param dim embedding dimension
 * @param skippedRows input rows without a usable embedding (null, wrong dimension, null sample id)
 * @param scores the cached per-row scores ({@code sample_id, group, score}) the flags are selected
 *     from; call {@link #unpersist()} once the flags are written
 */
public record SpectralSignatureResult(
    Dataset<Row> flags,
    List<GroupSpectrum> groups,
    GroupBy groupBy,
    int dim,
    long skippedRows,
    Dataset<Row> scores) {

  /**
   * Drops the cached scores; the flags stay valid (they are recomputed from the input if read
   * again).
   */
  public void unpersist() {
    scores.unpersist(false);
  }
}
