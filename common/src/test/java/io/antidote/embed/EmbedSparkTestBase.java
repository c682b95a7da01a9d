package io.antidote.embed;

import io.antidote.corpus.CorpusSchema;
import io.antidote.testing.SparkTestBase;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/** Shared set-up of the embed stage's Spark tests: tiny canonical corpora. */
abstract class EmbedSparkTestBase extends SparkTestBase {

  /** Tiny data: fewer shuffle partitions and no whole-stage code generation keep each job cheap. */
  @Override
  public org.apache.spark.SparkConf conf() {
    return super.conf()
        .set("spark.sql.shuffle.partitions", "2")
        .set("spark.default.parallelism", "2")
        .set("spark.sql.codegen.wholeStage", "false");
  }

  /** A canonical corpus from {id, text} or {id, null, image bytes} rows. */
  Dataset<Row> corpus(List<Object[]> rows) {
    List<Row> r = new ArrayList<>();
    for (Object[] o : rows) {
      r.add(
          RowFactory.create(
              o[0], null, o[1], o.length > 2 ? o[2] : null, null, null, "test", null));
    }
    return spark().createDataFrame(r, CorpusSchema.SCHEMA);
  }

  static Object[] text(String id, String text) {
    return new Object[] {id, text};
  }

  static Object[] image(String id, byte[] bytes) {
    return new Object[] {id, null, bytes};
  }

  static float[] floats(List<Object> list) {
    float[] f = new float[list.size()];
    for (int i = 0; i < f.length; i++) {
      f[i] = ((Number) list.get(i)).floatValue();
    }
    return f;
  }
}
