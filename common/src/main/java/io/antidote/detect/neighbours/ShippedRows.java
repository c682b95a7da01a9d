package io.antidote.detect.neighbours;

import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.util.LongAccumulator;
import scala.Tuple2;

/**
 * The map side of the self-join, streamed: each input row, normalised and homed, encoded once and
 * emitted once to every partition that needs it. Why a stream: a partition's shipped output is
 * several copies of its input, so it is never held; only one batch of input rows is.
 *
 * <ul>
 *   <li>per-cell probing: a row goes to every partition holding a cell group that probes its home
 *       cell ({@link IvfIndex#targets});
 *   <li>per-query probing: a row goes to the partitions of its own {@code nprobe} nearest cells,
 *       carrying that probe list; the first is its home, where it is also a member.
 * </ul>
 */
final class ShippedRows implements Iterator<Tuple2<Integer, byte[]>> {
  private final Iterator<InternalRow> input;
  private final PartitionPlan plan;
  private final int nprobe;
  private final LongAccumulator shipped;
  private final EmbeddingBatch batch;
  private final int[] home = new int[EmbeddingBatch.SIZE];
  private final int[][] probes = new int[EmbeddingBatch.SIZE][];
  private final boolean[] seen;
  private final int[] cellIds;
  private final int[] noIds;
  private int batchSize;
  private int row = -1;

  // The current row's record and the partitions still to receive it.
  private byte[] record;
  private final int[] pending;
  private int pendingCount;
  private int pendingNext;

  /**
   * @param nprobe cells each row probes itself (per-query probing); 0 = per-cell probing
   * @param shipped counts the emitted copies
   */
  ShippedRows(
      Iterator<InternalRow> input, PartitionPlan plan, int nprobe, LongAccumulator shipped) {
    this.input = input;
    this.plan = plan;
    this.nprobe = nprobe;
    this.shipped = shipped;
    this.batch = new EmbeddingBatch(plan.dim());
    this.seen = new boolean[Math.max(1, plan.partitions())];
    this.pending = new int[Math.max(1, plan.partitions())];
    int cells = plan.index().cells;
    this.cellIds = new int[cells];
    for (int c = 0; c < cells; c++) {
      cellIds[c] = c;
    }
    this.noIds = new int[EmbeddingBatch.SIZE];
    Arrays.fill(noIds, -1);
  }

  @Override
  public boolean hasNext() {
    while (pendingNext == pendingCount) {
      if (!nextRow()) {
        return false;
      }
    }
    return true;
  }

  @Override
  public Tuple2<Integer, byte[]> next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    shipped.add(1);
    return new Tuple2<>(pending[pendingNext++], record);
  }

  /** Encodes the next input row and lists its partitions; false when the input is exhausted. */
  private boolean nextRow() {
    row++;
    if (row >= batchSize) {
      if (!input.hasNext()) {
        return false;
      }
      batchSize = batch.read(input);
      row = 0;
      homeBatch();
    }
    IvfIndex index = plan.index();
    int dim = plan.dim();
    int off = row * dim;
    int[] cells;
    if (nprobe > 0) {
      cells = probes[row];
      record =
          RowWire.encode(
              cells, cells[0], batch.ids[row], batch.labels[row], batch.vectors, off, dim);
    } else {
      cells = index.targets[home[row]];
      record =
          RowWire.encode(
              RowWire.NO_PROBES,
              home[row],
              batch.ids[row],
              batch.labels[row],
              batch.vectors,
              off,
              dim);
    }
    listPartitions(cells);
    return true;
  }

  /** Homes every row of the batch (per-query: its probe list, nearest cell first). */
  private void homeBatch() {
    IvfIndex index = plan.index();
    if (nprobe > 0) {
      TopKHeaps nearest = new TopKHeaps(batchSize, nprobe);
      BlockedSimilarity.scoreAll(
          batch.vectors,
          noIds,
          batchSize,
          index.centroids,
          cellIds,
          index.cells,
          plan.dim(),
          nearest,
          0);
      for (int i = 0; i < batchSize; i++) {
        probes[i] = nearest.sorted(i, null);
      }
    } else {
      SphericalKMeans.nearest(
          batch.vectors, batchSize, index.centroids, index.cells, plan.dim(), home);
    }
  }

  /** The distinct partitions of {@code cells}, in first-seen order. */
  private void listPartitions(int[] cells) {
    pendingCount = 0;
    pendingNext = 0;
    int[] partOf = plan.partOf();
    for (int c : cells) {
      int part = partOf[c];
      if (!seen[part]) {
        seen[part] = true;
        pending[pendingCount++] = part;
      }
    }
    for (int c : cells) {
      seen[partOf[c]] = false;
    }
  }
}
