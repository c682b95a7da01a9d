package io.antidote.jobs;

import io.antidote.config.OutputSettings;
import io.antidote.config.SparkSettings;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the session. Settings from spark-submit win: the job only fills in what is missing, so
 * {@code local[*]} is a default for running from a shell, never an override on a cluster. Delta
 * Lake is configured only when the output format is delta.
 */
final class SparkSessions {
  private static final Logger LOG = LoggerFactory.getLogger(SparkSessions.class);

  private SparkSessions() {}

  static final String DELTA_EXTENSION = "io.delta.sql.DeltaSparkSessionExtension";
  static final String DELTA_CATALOG = "org.apache.spark.sql.delta.catalog.DeltaCatalog";

  /** With {@code format} delta, Delta Lake's SQL extension and catalog are added. */
  static SparkSession create(SparkSettings settings, OutputSettings.Format format) {
    SparkConf conf = new SparkConf();
    conf.setIfMissing("spark.master", settings.master());
    conf.setIfMissing("spark.app.name", settings.appName());
    for (Map.Entry<String, String> e : settings.conf().entrySet()) {
      conf.setIfMissing(e.getKey(), e.getValue());
    }
    // Executors run one task per core, each calling native BLAS (the KNN join's sgemm); OpenBLAS's
    // own threads on top fight the tasks for the cores. Spark's advice: one BLAS thread per call.
    conf.setIfMissing("spark.executorEnv.OPENBLAS_NUM_THREADS", "1");
    if (format == OutputSettings.Format.DELTA) {
      // Added to, not replacing, extensions spark-submit gave.
      String extensions = conf.get("spark.sql.extensions", "");
      if (!java.util.Arrays.asList(extensions.split(",")).contains(DELTA_EXTENSION)) {
        conf.set(
            "spark.sql.extensions",
            extensions.isEmpty() ? DELTA_EXTENSION : extensions + "," + DELTA_EXTENSION);
      }
      conf.setIfMissing("spark.sql.catalog.spark_catalog", DELTA_CATALOG);
    }
    // One line instead of netlib's warning per implementation it could not load: the KNN join and
    // the spectral statistics run several times faster on native BLAS (libopenblas).
    LOG.info(
        "linear algebra on the driver: BLAS {}, LAPACK {}",
        dev.ludovic.netlib.blas.BLAS.getInstance().getClass().getSimpleName(),
        dev.ludovic.netlib.lapack.LAPACK.getInstance().getClass().getSimpleName());
    return SparkSession.builder().config(conf).getOrCreate();
  }
}
