package io.antidote.detect.groups;

import io.antidote.embed.EmbeddingSchema;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * Clustered synthetic embeddings with a planted campaign. Class c's rows are μ_c + σ·g (μ_c a
 * random unit vector, g standard Gaussian, so a clean row lies about σ·√d from its class mean); the
 * poison is a campaign: rows μ_t + δ·u + σ_p·g inside target class t, with u a random unit
 * direction and σ_p &lt; σ (the campaign is tighter than the class, as when one caption is edited
 * many times). With the defaults (σ = 0.5/√d, δ = 0.25) the poison is closer to its class mean than
 * a typical clean row is: no per-row norm or distance outlier test separates it; only its shared
 * direction does.
 */
public final class SyntheticEmbeddings {
  public static final StructType SCHEMA = EmbeddingSchema.DETECTOR_INPUT;

  public final List<Row> rows = new ArrayList<>();
  public final Set<String> poison = new HashSet<>();
  public final int dim;

  /**
   * @param classSizes rows per class (including the class's poison)
   * @param target index of the poisoned class, or -1 for clean data
   * @param poisonFraction share of the target class that is poison
   */
  public SyntheticEmbeddings(
      int dim,
      int[] classSizes,
      int target,
      double poisonFraction,
      double shift,
      double poisonSpread,
      long seed) {
    this.dim = dim;
    Random rnd = new Random(seed);
    double sigma = 0.5 / Math.sqrt(dim);
    double[] u = unit(rnd, dim);
    for (int c = 0; c < classSizes.length; c++) {
      double[] mu = unit(rnd, dim);
      int nPoison = c == target ? (int) Math.round(classSizes[c] * poisonFraction) : 0;
      for (int i = 0; i < classSizes[c]; i++) {
        boolean isPoison = i < nPoison;
        float[] x = new float[dim];
        for (int j = 0; j < dim; j++) {
          x[j] =
              (float)
                  (isPoison
                      ? mu[j] + shift * u[j] + poisonSpread * sigma * rnd.nextGaussian()
                      : mu[j] + sigma * rnd.nextGaussian());
        }
        String id = String.format("c%d-%s%05d", c, isPoison ? "p" : "n", i);
        if (isPoison) {
          poison.add(id);
        }
        rows.add(RowFactory.create(id, "class-" + c, x));
      }
    }
  }

  /**
   * The default scenario: 384-d, 3 × 2,000 rows, 5% campaign in class-1, shift 0.25, spread 0.3σ.
   */
  public static SyntheticEmbeddings standard(long seed) {
    return new SyntheticEmbeddings(384, new int[] {2000, 2000, 2000}, 1, 0.05, 0.25, 0.3, seed);
  }

  public Dataset<Row> frame(SparkSession spark) {
    return spark.createDataFrame(rows, SCHEMA).repartition(4).cache();
  }

  /** The same rows with the label column set to null (an unlabelled corpus). */
  public Dataset<Row> unlabelled(SparkSession spark) {
    List<Row> out = new ArrayList<>(rows.size());
    for (Row r : rows) {
      out.add(RowFactory.create(r.get(0), null, r.get(2)));
    }
    return spark.createDataFrame(out, SCHEMA).repartition(4).cache();
  }

  private static double[] unit(Random rnd, int d) {
    double[] v = new double[d];
    double n = 0;
    for (int i = 0; i < d; i++) {
      v[i] = rnd.nextGaussian();
      n += v[i] * v[i];
    }
    n = Math.sqrt(n);
    for (int i = 0; i < d; i++) {
      v[i] /= n;
    }
    return v;
  }
}
