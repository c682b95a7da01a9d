package io.antidote.detect.neighbours;

import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * What one {@link KnnSelfJoin#run} produced.
 *
 * @param neighbours one row per input row in {@link KnnSelfJoin#SCHEMA}, lazily computed: the
 *     caller persists it when several readers use it
 * @param stats sizes and shuffle replication of the join
 */
public record NeighbourLists(Dataset<Row> neighbours, KnnJoinStats stats) {
  /** For run.json: see {@link KnnJoinStats#report()}. */
  public Map<String, Object> report() {
    return stats.report();
  }
}
