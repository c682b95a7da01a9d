package io.antidote.detect.neighbours;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.util.LongAccumulator;

/**
 * Figures of one self-join: sizes, and how many copies of each row its shuffle carried.
 *
 * @param rows input rows with an embedding
 * @param dim vector dimension (0 for an empty input)
 * @param cells k-means cells
 * @param partitions shuffle partitions of the cell groups
 * @param shipped counts shuffled row copies as the neighbours are computed; Spark adds again if the
 *     neighbour frame is recomputed, so read it once the (persisted) frame has been used
 */
public record KnnJoinStats(long rows, int dim, int cells, int partitions, LongAccumulator shipped) {

  /** Row copies shuffled per input row; known once the neighbours have been computed. */
  public double replication() {
    return rows == 0 ? 0 : (double) shipped.value() / rows;
  }

  /** For run.json: rows, dim, cells, partitions, replication. */
  public Map<String, Object> report() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("rows", rows);
    m.put("dim", dim);
    m.put("cells", cells);
    m.put("partitions", partitions);
    m.put("replication", Math.round(replication() * 100) / 100.0);
    return m;
  }

  @Override
  public String toString() {
    return "rows="
        + rows
        + " dim="
        + dim
        + " cells="
        + cells
        + " partitions="
        + partitions
        + String.format(" replication=%.2f", replication());
  }
}
