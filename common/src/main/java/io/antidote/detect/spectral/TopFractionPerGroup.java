package io.antidote.detect.spectral;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.desc;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.row_number;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * Exact top-k rows by score within each group, without sorting whole groups: an approximate
 * per-group quantile (relative rank error ≤ 1/{@value #ACCURACY}) picks candidates with a safety
 * margin, and only the candidates (a little more than the kept fraction) are ranked by a window.
 * Ties break on sample id, so the result is deterministic.
 */
public final class TopFractionPerGroup {
  public static final String RANK = "rank";
  public static final String CUT = "cut";
  static final int ACCURACY = 10_000;

  private TopFractionPerGroup() {}

  /**
   * @param scored columns {@code sampleIdCol, groupCol, scoreCol}
   * @param groups columns {@code groupCol} and {@code kCol} (rows to keep per group); groups absent
   *     here keep nothing
   * @param fraction the largest k/size over the groups (sizes the candidate margin)
   * @return the kept rows of {@code scored} joined with {@code groups}, plus {@value #RANK} (1 =
   *     highest) and {@value #CUT} (the lowest kept score of the group)
   */
  public static Dataset<Row> select(
      Dataset<Row> scored,
      Dataset<Row> groups,
      String sampleIdCol,
      String groupCol,
      String scoreCol,
      String kCol,
      double fraction) {
    double q = Math.max(0.0, 1.0 - fraction - 3.0 / ACCURACY);
    Dataset<Row> approxCuts =
        scored
            .groupBy(col(groupCol))
            .agg(
                expr("percentile_approx(`" + scoreCol + "`, " + q + ", " + ACCURACY + ")")
                    .as("approx_cut"));
    WindowSpec byScore =
        Window.partitionBy(col(groupCol)).orderBy(desc(scoreCol), col(sampleIdCol));
    Dataset<Row> kept =
        scored
            .join(broadcast(approxCuts), groupCol)
            .where(col(scoreCol).geq(col("approx_cut")))
            .drop("approx_cut")
            .join(broadcast(groups), groupCol)
            .withColumn(RANK, row_number().over(byScore))
            .where(col(RANK).leq(col(kCol)));
    return kept.withColumn(CUT, min(col(scoreCol)).over(Window.partitionBy(col(groupCol))));
  }
}
