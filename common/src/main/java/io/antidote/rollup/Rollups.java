package io.antidote.rollup;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.map_from_arrays;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.antidote.corpus.RowFacts;
import io.antidote.flags.Action;
import io.antidote.flags.FlagSchema;
import io.antidote.flags.VerdictSchema;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Per-source roll-ups of a run (README.md, "The run report and roll-ups"): for every registrable
 * domain (the one {@link RowFacts#DOMAIN} computes, by the udfs module's function), source and
 * input file, the rows audited, flagged and dropped, and flagged per detector. Computed by
 * group-bys over the row facts joined with the run's verdicts and flags; nothing per row reaches
 * the driver.
 *
 * <p>A row counts once per detector however many flags that detector gave it. Rows that have no
 * domain or source roll up under a null key, which a join on the key never matches.
 */
public final class Rollups {
  private static final String DETECTOR_FLAGS = "detector_flags";

  private Rollups() {}

  /**
   * The roll-up table for one run, without its run id column.
   *
   * @param facts the run's {@link RowFacts}, one row per audited sample
   * @param flags the flag table ({@link FlagSchema#SCHEMA} columns sample_id and detector suffice)
   * @param verdicts the verdicts ({@link VerdictSchema}: sample_id and action)
   * @param detectors every detector that ran, flagged or not: each gets a map entry, 0 if silent
   */
  public static Dataset<Row> of(
      Dataset<Row> facts, Dataset<Row> flags, Dataset<Row> verdicts, Collection<String> detectors) {
    Dataset<Row> keyed = facts.select(col(RowFacts.SAMPLE_ID), keys());
    Dataset<Row> perRow =
        keyed
            .join(
                verdicts.select(
                    col(VerdictSchema.SAMPLE_ID).as(RowFacts.SAMPLE_ID), col(VerdictSchema.ACTION)),
                RowFacts.SAMPLE_ID,
                "left")
            .select(explode(col(KEYS)).as("k"), col(VerdictSchema.ACTION))
            .select(
                col("k." + RollupSchema.DIMENSION).as(RollupSchema.DIMENSION),
                col("k." + RollupSchema.KEY).as(RollupSchema.KEY),
                col(VerdictSchema.ACTION));
    Dataset<Row> totals =
        perRow
            .groupBy(col(RollupSchema.DIMENSION), col(RollupSchema.KEY))
            .agg(
                count(lit(1)).as(RollupSchema.ROWS),
                sum(when(col(VerdictSchema.ACTION).isNotNull(), 1L).otherwise(0L))
                    .as(RollupSchema.FLAGGED),
                sum(when(col(VerdictSchema.ACTION).equalTo(Action.DROP.label()), 1L).otherwise(0L))
                    .as(RollupSchema.DROPPED));

    // One column of counts per detector, pivoted over the names that ran (known on the driver).
    List<String> names = new ArrayList<>(new java.util.TreeSet<>(detectors));
    Dataset<Row> byDetector =
        keyed
            .join(
                flags
                    .select(
                        col(FlagSchema.SAMPLE_ID).as(RowFacts.SAMPLE_ID), col(FlagSchema.DETECTOR))
                    .distinct(),
                RowFacts.SAMPLE_ID)
            .select(explode(col(KEYS)).as("k"), col(FlagSchema.DETECTOR))
            .select(
                col("k." + RollupSchema.DIMENSION).as(RollupSchema.DIMENSION),
                col("k." + RollupSchema.KEY).as(RollupSchema.KEY),
                col(FlagSchema.DETECTOR));
    List<Column> perDetector = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      perDetector.add(
          sum(when(col(FlagSchema.DETECTOR).equalTo(names.get(i)), 1L).otherwise(0L))
              .as(DETECTOR_FLAGS + i));
    }
    Column map;
    if (names.isEmpty()) {
      map = map_from_arrays(array().cast("array<string>"), array().cast("array<bigint>"));
    } else {
      Dataset<Row> counted =
          byDetector
              .groupBy(col(RollupSchema.DIMENSION), col(RollupSchema.KEY))
              .agg(
                  perDetector.get(0),
                  perDetector.subList(1, perDetector.size()).toArray(Column[]::new));
      totals =
          totals
              .join(
                  counted,
                  totals
                      .col(RollupSchema.DIMENSION)
                      .equalTo(counted.col(RollupSchema.DIMENSION))
                      .and(totals.col(RollupSchema.KEY).eqNullSafe(counted.col(RollupSchema.KEY))),
                  "left")
              .drop(counted.col(RollupSchema.DIMENSION))
              .drop(counted.col(RollupSchema.KEY));
      List<Column> keys = new ArrayList<>();
      List<Column> values = new ArrayList<>();
      for (int i = 0; i < names.size(); i++) {
        keys.add(lit(names.get(i)));
        values.add(coalesce(col(DETECTOR_FLAGS + i), lit(0L)));
      }
      map =
          map_from_arrays(array(keys.toArray(Column[]::new)), array(values.toArray(Column[]::new)));
    }
    return totals.select(
        col(RollupSchema.DIMENSION),
        col(RollupSchema.KEY),
        col(RollupSchema.ROWS),
        col(RollupSchema.FLAGGED),
        col(RollupSchema.DROPPED),
        col(RollupSchema.FLAGGED).divide(col(RollupSchema.ROWS)).as(RollupSchema.FLAGGED_SHARE),
        map.as(RollupSchema.FLAGGED_BY_DETECTOR));
  }

  private static final String KEYS = "rollup_keys";

  /** The row's three keys as an array of (dimension, key) structs, exploded once per group-by. */
  private static Column keys() {
    return array(
            key(RollupSchema.DOMAIN, col(RowFacts.DOMAIN)),
            key(RollupSchema.SOURCE, col(RowFacts.SOURCE)),
            key(RollupSchema.INPUT_FILE, col(RowFacts.INPUT_FILE)))
        .as(KEYS);
  }

  private static Column key(String dimension, Column value) {
    return struct(
        lit(dimension).as(RollupSchema.DIMENSION), value.cast("string").as(RollupSchema.KEY));
  }
}
