package io.antidote.udfs;

import org.apache.spark.sql.SparkSessionExtensions;
import scala.Function1;
import scala.runtime.BoxedUnit;

/**
 * Makes Antidote's SQL functions ({@link AntidoteFunctions#ALL}) available in every session built
 * with {@code spark.sql.extensions=io.antidote.udfs.AntidoteSqlExtensions}: spark-sql, PySpark,
 * spark-shell or Java. Spark instantiates this class by its public no-argument constructor and
 * calls {@link #apply}.
 */
public final class AntidoteSqlExtensions implements Function1<SparkSessionExtensions, BoxedUnit> {

  @Override
  public BoxedUnit apply(SparkSessionExtensions extensions) {
    for (AntidoteFunction f : AntidoteFunctions.ALL) {
      extensions.injectFunction(f.description());
    }
    return BoxedUnit.UNIT;
  }
}
