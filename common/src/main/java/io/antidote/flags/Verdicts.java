package io.antidote.flags;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.sort_array;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.transform;
import static org.apache.spark.sql.functions.when;

import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Per-sample verdicts from the flag table. The action is {@code drop} when any flag's evidence asks
 * for it, else {@code review}; the combined score is the sum of the flagging detectors' weights, so
 * two independent detectors agreeing outrank one.
 */
public final class Verdicts {
  private Verdicts() {}

  public static Dataset<Row> of(Dataset<Row> flagTable, Map<String, Double> weights) {
    Column weight = lit(1.0);
    for (Map.Entry<String, Double> w : weights.entrySet()) {
      weight =
          when(col(FlagSchema.DETECTOR).equalTo(w.getKey()), lit(w.getValue())).otherwise(weight);
    }
    Column drops = col(FlagSchema.EVIDENCE).getItem(Evidence.ACTION).equalTo(Action.DROP.label());
    // Sort (detector, reason) pairs so that the arrays are deterministic whatever the shuffle
    // order.
    Column pairs =
        sort_array(collect_list(struct(col(FlagSchema.DETECTOR), col(FlagSchema.REASON))));
    return flagTable
        .groupBy(col(FlagSchema.SAMPLE_ID), col(FlagSchema.RUN_ID))
        .agg(
            pairs.as("_pairs"),
            sum(weight).as(VerdictSchema.COMBINED_SCORE),
            max(when(drops, 1).otherwise(0)).as("_drop"),
            first(col(FlagSchema.LABEL), true).as(VerdictSchema.LABEL),
            first(col(FlagSchema.SOURCE), true).as(VerdictSchema.SOURCE),
            first(col(FlagSchema.URL), true).as(VerdictSchema.URL))
        .select(
            col(FlagSchema.SAMPLE_ID).as(VerdictSchema.SAMPLE_ID),
            col(FlagSchema.RUN_ID).as(VerdictSchema.RUN_ID),
            transform(col("_pairs"), p -> p.getField(FlagSchema.DETECTOR))
                .as(VerdictSchema.DETECTORS),
            col(VerdictSchema.COMBINED_SCORE),
            when(col("_drop").equalTo(1), lit(Action.DROP.label()))
                .otherwise(lit(Action.REVIEW.label()))
                .as(VerdictSchema.ACTION),
            transform(col("_pairs"), p -> p.getField(FlagSchema.REASON)).as(VerdictSchema.REASONS),
            col(VerdictSchema.LABEL),
            col(VerdictSchema.SOURCE),
            col(VerdictSchema.URL));
  }
}
