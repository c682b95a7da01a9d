package io.antidote.detect.groups;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.col;

import io.antidote.detect.evidence.EmpiricalNull;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * {@link EmpiricalNull} fitted on Spark: the median and MAD of a column of z scores as two
 * approximate quantile passes, since the tested units (hosts, near-duplicate groups) can be many.
 */
public final class EmpiricalNullFit {
  private static final double RELATIVE_ERROR = 1e-4;

  private EmpiricalNullFit() {}

  /** The empirical null of the non-NaN values of {@code zColumn}; the theoretical one if none. */
  public static EmpiricalNull of(Dataset<Row> rows, String zColumn) {
    Dataset<Row> z = rows.select(col(zColumn)).where(col(zColumn).isNaN().equalTo(false));
    long n = z.count();
    if (n == 0) {
      return EmpiricalNull.THEORETICAL;
    }
    double med = z.stat().approxQuantile(zColumn, new double[] {0.5}, RELATIVE_ERROR)[0];
    double mad =
        z.select(abs(col(zColumn).minus(med)).as(zColumn))
            .stat()
            .approxQuantile(zColumn, new double[] {0.5}, RELATIVE_ERROR)[0];
    return EmpiricalNull.of(med, mad, (int) Math.min(Integer.MAX_VALUE, n));
  }
}
