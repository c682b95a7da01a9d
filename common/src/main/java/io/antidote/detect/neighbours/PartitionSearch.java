package io.antidote.detect.neighbours;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import scala.Tuple2;

/**
 * The reduce side of the self-join: what one partition computes from the rows it received. Output
 * rows are in {@link KnnSelfJoin#SCHEMA}, built as they are iterated.
 */
final class PartitionSearch {
  private PartitionSearch() {}

  /**
   * Per-cell probing: runs every cell group homed in partition {@code part} (the cell's members as
   * queries, the members of its probe cells as candidates); one final row per homed row.
   */
  static Iterator<Row> cellGroups(ReceivedRows rows, PartitionPlan plan, int part, int k) {
    IvfIndex index = plan.index();
    List<List<Integer>> members = membersByCell(rows, index.cells);
    List<Row> out = new ArrayList<>();
    float[] sims = new float[k];
    for (int c = 0; c < index.cells; c++) {
      List<Integer> queries = members.get(c);
      if (plan.partOf()[c] != part || queries == null) {
        continue;
      }
      List<Integer> group = new ArrayList<>(queries);
      for (int h : index.probes[c]) {
        if (h != c && members.get(h) != null) {
          group.addAll(members.get(h));
        }
      }
      TopKHeaps heaps =
          CellGroupSearch.search(rows.gather(group), queries.size(), group.size(), plan.dim(), k);
      for (int q = 0; q < queries.size(); q++) {
        int[] local = heaps.sorted(q, sims);
        int[] neighbours = new int[local.length];
        for (int j = 0; j < local.length; j++) {
          neighbours[j] = group.get(local[j]);
        }
        out.add(output(rows, queries.get(q), c, neighbours, sims));
      }
    }
    return out.iterator();
  }

  /**
   * Per-query probing: scores every query here against the members of its probed cells held here;
   * one partial list per query here, keyed by its sample_id (merged across partitions by {@link
   * PartialLists#merged}). A query keeps one heap over all its cells here, so the neighbours found
   * in one cell reject most candidates of the next with one comparison.
   */
  static Iterator<Tuple2<String, byte[]>> probedCells(
      ReceivedRows rows, PartitionPlan plan, int part, int k) {
    IvfIndex index = plan.index();
    int[] partOf = plan.partOf();
    int n = rows.size();
    int ranks = 0;
    for (int r = 0; r < n; r++) {
      ranks = Math.max(ranks, rows.probes(r).length);
    }
    // members: cell -> rows homed there; queries: (probe rank, cell) -> rows probing it at that
    // rank.
    List<List<Integer>> members = new ArrayList<>();
    List<List<Integer>> queries = new ArrayList<>();
    for (int c = 0; c < index.cells; c++) {
      members.add(null);
    }
    for (int x = 0; x < ranks * index.cells; x++) {
      queries.add(null);
    }
    for (int r = 0; r < n; r++) {
      int h = rows.home(r);
      if (partOf[h] == part) {
        if (members.get(h) == null) {
          members.set(h, new ArrayList<>());
        }
        members.get(h).add(r);
      }
      int[] probes = rows.probes(r);
      for (int rank = 0; rank < probes.length; rank++) {
        int c = probes[rank];
        if (partOf[c] == part) {
          int x = rank * index.cells + c;
          if (queries.get(x) == null) {
            queries.set(x, new ArrayList<>());
          }
          queries.get(x).add(r);
        }
      }
    }
    for (List<Integer> mem : members) {
      if (mem != null) {
        // Members in sample_id order so that ties break the same way every run.
        mem.sort((a, b) -> rows.id(a).compareTo(rows.id(b)));
      }
    }
    TopKHeaps heaps = new TopKHeaps(Math.max(1, n), k);
    // Nearest cells first: a query's heap fills from its own cell, and the far cells' candidates
    // are then mostly rejected by one comparison with the heap's floor instead of entering it.
    for (int rank = 0; rank < ranks; rank++) {
      for (int c = 0; c < index.cells; c++) {
        List<Integer> mem = members.get(c);
        List<Integer> qs = queries.get(rank * index.cells + c);
        if (mem == null || qs == null) {
          continue;
        }
        int[] cid = mem.stream().mapToInt(Integer::intValue).toArray();
        int[] qid = qs.stream().mapToInt(Integer::intValue).toArray();
        BlockedSimilarity.scoreAll(
            rows.gather(qs),
            qid,
            qs.size(),
            rows.gather(mem),
            cid,
            mem.size(),
            plan.dim(),
            heaps,
            qid);
      }
    }
    List<Tuple2<String, byte[]>> out = new ArrayList<>();
    float[] sims = new float[k];
    for (int r = 0; r < n; r++) {
      boolean queried = false;
      for (int c : rows.probes(r)) {
        queried |= partOf[c] == part;
      }
      if (queried) {
        int[] nb = heaps.sorted(r, sims);
        out.add(new Tuple2<>(rows.id(r), PartialLists.encode(rows, r, nb, sims)));
      }
    }
    return out.iterator();
  }

  /** Members of each cell present here, in sample_id order so ties break the same way every run. */
  private static List<List<Integer>> membersByCell(ReceivedRows rows, int cells) {
    List<List<Integer>> members = new ArrayList<>();
    for (int c = 0; c < cells; c++) {
      members.add(null);
    }
    for (int r = 0; r < rows.size(); r++) {
      int h = rows.home(r);
      if (members.get(h) == null) {
        members.set(h, new ArrayList<>());
      }
      members.get(h).add(r);
    }
    for (List<Integer> list : members) {
      if (list != null) {
        list.sort((a, b) -> rows.id(a).compareTo(rows.id(b)));
      }
    }
    return members;
  }

  /** One output row: {@code self}'s neighbours (rows here), most similar first. */
  private static Row output(ReceivedRows rows, int self, int cell, int[] neighbours, float[] sims) {
    String[] ids = new String[neighbours.length];
    String[] labels = new String[neighbours.length];
    for (int j = 0; j < neighbours.length; j++) {
      ids[j] = rows.id(neighbours[j]);
      labels[j] = rows.label(neighbours[j]);
    }
    return RowFactory.create(
        rows.id(self), rows.label(self), cell, ids, labels, Arrays.copyOf(sims, neighbours.length));
  }
}
