package io.antidote.detect.neighbours;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

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
   * one partial row per query here (merged across partitions by {@link #mergePartials}).
   */
  static Iterator<Row> probedCells(ReceivedRows rows, PartitionPlan plan, int part, int k) {
    IvfIndex index = plan.index();
    int[] partOf = plan.partOf();
    int n = rows.size();
    List<List<Integer>> members = new ArrayList<>();
    List<List<Integer>> queries = new ArrayList<>();
    for (int c = 0; c < index.cells; c++) {
      members.add(null);
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
      for (int c : rows.probes(r)) {
        if (partOf[c] == part) {
          if (queries.get(c) == null) {
            queries.set(c, new ArrayList<>());
          }
          queries.get(c).add(r);
        }
      }
    }
    TopKHeaps heaps = new TopKHeaps(Math.max(1, n), k);
    float[] sims = new float[k];
    for (int c = 0; c < index.cells; c++) {
      List<Integer> mem = members.get(c);
      List<Integer> qs = queries.get(c);
      if (mem == null || qs == null) {
        continue;
      }
      // Members in sample_id order so that ties break the same way every run.
      mem.sort((a, b) -> rows.id(a).compareTo(rows.id(b)));
      int[] cid = mem.stream().mapToInt(Integer::intValue).toArray();
      int[] qid = qs.stream().mapToInt(Integer::intValue).toArray();
      // Heaps are indexed by the row's index here: score into a block-local heap set, then fold in.
      TopKHeaps local = new TopKHeaps(qs.size(), k);
      BlockedSimilarity.scoreAll(
          rows.gather(qs), qid, qs.size(), rows.gather(mem), cid, mem.size(), plan.dim(), local, 0);
      for (int j = 0; j < qs.size(); j++) {
        int[] nb = local.sorted(j, sims);
        for (int t = 0; t < nb.length; t++) {
          heaps.offer(qid[j], sims[t], nb[t]);
        }
      }
    }
    List<Row> out = new ArrayList<>();
    for (int r = 0; r < n; r++) {
      boolean queried = false;
      for (int c : rows.probes(r)) {
        queried |= partOf[c] == part;
      }
      if (queried) {
        out.add(output(rows, r, rows.home(r), heaps.sorted(r, sims), sims));
      }
    }
    return out.iterator();
  }

  /**
   * Merges a row's partial lists from several partitions: top k by similarity, ties by sample_id.
   */
  static Row mergePartials(Iterator<Row> partials, int k) {
    Row first = null;
    List<Object[]> all = new ArrayList<>();
    while (partials.hasNext()) {
      Row r = partials.next();
      if (first == null) {
        first = r;
      }
      List<String> nIds = r.getList(3);
      List<String> nLabels = r.getList(4);
      List<Float> nSims = r.getList(5);
      for (int j = 0; j < nIds.size(); j++) {
        all.add(new Object[] {nIds.get(j), nLabels.get(j), nSims.get(j)});
      }
    }
    all.sort(
        (a, b) -> {
          int c = Float.compare((Float) b[2], (Float) a[2]);
          return c != 0 ? c : ((String) a[0]).compareTo((String) b[0]);
        });
    int m = Math.min(k, all.size());
    String[] ids = new String[m];
    String[] labels = new String[m];
    float[] sims = new float[m];
    for (int j = 0; j < m; j++) {
      ids[j] = (String) all.get(j)[0];
      labels[j] = (String) all.get(j)[1];
      sims[j] = (Float) all.get(j)[2];
    }
    return RowFactory.create(
        first.getString(0),
        first.isNullAt(1) ? null : first.getString(1),
        first.getInt(2),
        ids,
        labels,
        sims);
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
