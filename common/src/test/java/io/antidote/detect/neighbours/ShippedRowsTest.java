package io.antidote.detect.neighbours;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.expressions.UnsafeArrayData;
import org.apache.spark.unsafe.types.UTF8String;
import org.apache.spark.util.LongAccumulator;
import org.junit.jupiter.api.Test;
import scala.Tuple2;

/** The map side streams: it holds one batch of input, not a partition's shipped copies. */
class ShippedRowsTest {
  static final int DIM = 8;

  @Test
  void emitsWhileReadingAndShipsEveryRowToItsHomePartition() {
    int n = 3 * EmbeddingBatch.SIZE + 17;
    SyntheticEmbeddings e = SyntheticEmbeddings.clustered(n, DIM, 6, 2, 1.0, 0.3, 1);
    IvfIndex index = IvfIndex.train(e.vectors, n, DIM, n, KnnTestData.knn().withCells(1000, 2));
    double[] weights = new double[index.cells];
    java.util.Arrays.fill(weights, 1);
    PartitionPlan plan = new PartitionPlan(index, index.partitionCells(weights, 2), 2, DIM);
    for (int nprobe : new int[] {0, 2}) {
      int[] read = {0};
      Iterator<InternalRow> input = counting(e, n, read);
      LongAccumulator shipped = new LongAccumulator();
      ShippedRows out = new ShippedRows(input, plan, nprobe, shipped);
      out.next();
      assertTrue(read[0] <= EmbeddingBatch.SIZE, "rows read before the first emit: " + read[0]);
      List<Tuple2<Integer, byte[]>> rest = new ArrayList<>();
      out.forEachRemaining(rest::add);
      assertEquals(n, read[0]);
      assertEquals(rest.size() + 1, shipped.value());
      // Every row reaches the partition of its home cell, where it is a member.
      Set<String> homed = new HashSet<>();
      for (Tuple2<Integer, byte[]> t : rest) {
        ReceivedRows r = ReceivedRows.read(List.of(t).iterator(), DIM);
        if (plan.partOf()[r.home(0)] == t._1()) {
          homed.add(r.id(0));
        }
      }
      assertTrue(homed.size() >= n - 1, "rows shipped home: " + homed.size());
    }
  }

  private static Iterator<InternalRow> counting(SyntheticEmbeddings e, int n, int[] read) {
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return read[0] < n;
      }

      @Override
      public InternalRow next() {
        int i = read[0]++;
        float[] v = java.util.Arrays.copyOfRange(e.vectors, i * DIM, (i + 1) * DIM);
        return new GenericInternalRow(
            new Object[] {
              UTF8String.fromString(KnnTestData.id(i)), null, UnsafeArrayData.fromPrimitiveArray(v)
            });
      }
    };
  }
}
