package io.antidote.detect.neardup;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.min;

import io.antidote.corpus.CorpusSchema;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;

/**
 * Connected components of a near-duplicate edge list ({@link NearDuplicateEdges#SCHEMA}, any mix of
 * kinds) on Spark, with no graph on the driver: min-label propagation (every node takes the least
 * label among itself and its neighbours) with pointer jumping (a node then takes its label's
 * label), so a component of diameter D settles in about log2(D) + 2 rounds instead of D. Each round
 * is a few joins; its result is checkpointed locally so the plan does not grow with the rounds. The
 * label at the fixpoint is the least sample id of the component: the group id.
 *
 * <p>Assumes components of moderate diameter (near-duplicate groups are dense); a long chain needs
 * more rounds, and one that does not settle within {@code max-iterations} stops the run, named,
 * instead of returning half-merged groups.
 */
public final class ConnectedGroups {
  public static final String SAMPLE_ID = CorpusSchema.SAMPLE_ID;
  public static final String GROUP_ID = "group_id";

  private static final String SRC = "src";
  private static final String DST = "dst";
  private static final String CANDIDATE = "candidate";
  private static final String NEXT = "next";

  private final int maxIterations;

  public ConnectedGroups(int maxIterations) {
    this.maxIterations = maxIterations;
  }

  /** What the grouping produced: one row per grouped sample, and the rounds it took. */
  public record Components(Dataset<Row> members, int rounds) {}

  /**
   * One row ({@link #SAMPLE_ID}, {@link #GROUP_ID}) per sample that has at least one edge; the
   * returned frame is checkpointed (the caller may persist it further).
   */
  public Components of(Dataset<Row> edges) {
    Dataset<Row> directed =
        edges
            .where(col(NearDuplicateEdges.LEFT_ID).notEqual(col(NearDuplicateEdges.RIGHT_ID)))
            .select(
                col(NearDuplicateEdges.LEFT_ID).as(SRC), col(NearDuplicateEdges.RIGHT_ID).as(DST))
            .union(
                edges.select(
                    col(NearDuplicateEdges.RIGHT_ID).as(SRC),
                    col(NearDuplicateEdges.LEFT_ID).as(DST)))
            .distinct()
            .persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> labels =
        directed
            .select(col(SRC).as(SAMPLE_ID))
            .distinct()
            .withColumn(GROUP_ID, col(SAMPLE_ID))
            .localCheckpoint(true);
    try {
      for (int round = 1; round <= maxIterations; round++) {
        Dataset<Row> proposals =
            directed
                .join(labels, directed.col(SRC).equalTo(labels.col(SAMPLE_ID)))
                .groupBy(col(DST))
                .agg(min(col(GROUP_ID)).as(CANDIDATE));
        Dataset<Row> propagated =
            labels
                .join(proposals, labels.col(SAMPLE_ID).equalTo(proposals.col(DST)), "left")
                .select(
                    col(SAMPLE_ID),
                    least(col(GROUP_ID), coalesce(col(CANDIDATE), col(GROUP_ID))).as(GROUP_ID));
        // Pointer jumping: a label is itself a node whose own label is at most it.
        Dataset<Row> pointers = propagated.select(col(SAMPLE_ID).as(SRC), col(GROUP_ID).as(NEXT));
        Dataset<Row> next =
            propagated
                .join(pointers, propagated.col(GROUP_ID).equalTo(pointers.col(SRC)), "left")
                .select(
                    col(SAMPLE_ID),
                    least(col(GROUP_ID), coalesce(col(NEXT), col(GROUP_ID))).as(GROUP_ID))
                .localCheckpoint(true);
        long changed =
            next.join(labels.withColumnRenamed(GROUP_ID, "previous"), SAMPLE_ID)
                .where(col(GROUP_ID).notEqual(col("previous")))
                .count();
        labels = next;
        if (changed == 0) {
          return new Components(labels, round);
        }
      }
    } finally {
      directed.unpersist();
    }
    throw new IllegalStateException(
        "near-duplicate groups did not settle within antidote."
            + NearDuplicateSettings.PATH
            + ".max-iterations = "
            + maxIterations
            + " rounds of label propagation (a very long chain of near duplicates); raise it");
  }
}
