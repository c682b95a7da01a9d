package io.antidote.detect.groups;

import io.antidote.detect.linalg.GramAccumulator;
import io.antidote.detect.linalg.MeanCovariance;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.sql.Dataset;
import scala.Tuple2;

/**
 * Per-group mean and covariance in one distributed aggregate: each task keeps one {@link
 * GramAccumulator} per group it sees, the accumulators are merged per group by a shuffle, and the
 * driver receives one d×d matrix per group, one partition at a time. No row reaches the driver.
 *
 * <p>Cost: one scan; the shuffle moves (tasks × groups) accumulators of d² doubles each, so
 * thousands of groups at d = 1024 (8 MB each) call for fewer, larger input partitions.
 */
public final class GroupMoments {
  private GroupMoments() {}

  /** Calls {@code sink} once per group with its moments (on the driver). */
  public static void forEach(
      Dataset<EmbeddingRow> rows, int dim, BiConsumer<String, MeanCovariance> sink) {
    JavaPairRDD<String, GramAccumulator> perTask =
        rows.javaRDD()
            .mapPartitionsToPair(
                (Iterator<EmbeddingRow> it) -> {
                  Map<String, GramAccumulator> acc = new HashMap<>();
                  while (it.hasNext()) {
                    EmbeddingRow r = it.next();
                    acc.computeIfAbsent(r.getGroup(), g -> new GramAccumulator(dim))
                        .add(r.getEmbedding());
                  }
                  List<Tuple2<String, GramAccumulator>> out = new ArrayList<>(acc.size());
                  for (Map.Entry<String, GramAccumulator> e : acc.entrySet()) {
                    e.getValue().flush();
                    out.add(new Tuple2<>(e.getKey(), e.getValue()));
                  }
                  return out.iterator();
                });
    Iterator<Tuple2<String, GramAccumulator>> merged =
        perTask.reduceByKey(GramAccumulator::merge).toLocalIterator();
    while (merged.hasNext()) {
      Tuple2<String, GramAccumulator> t = merged.next();
      sink.accept(t._1(), t._2().meanCovariance());
    }
  }

  /** The moments of every group, collected (for callers that need them all at once). */
  public static Map<String, MeanCovariance> collect(Dataset<EmbeddingRow> rows, int dim) {
    Map<String, MeanCovariance> out = new HashMap<>();
    forEach(rows, dim, out::put);
    return out;
  }
}
