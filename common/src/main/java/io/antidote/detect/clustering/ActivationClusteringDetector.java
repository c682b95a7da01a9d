package io.antidote.detect.clustering;

import io.antidote.detect.Detector;
import io.antidote.detect.DetectorInput;
import io.antidote.detect.DetectorInputs;
import io.antidote.detect.DetectorResult;
import io.antidote.detect.evidence.FalseDiscoveryRate;
import io.antidote.detect.groups.ComparableGroups;
import io.antidote.detect.groups.EmbeddingGroups;
import io.antidote.detect.groups.EmbeddingRow;
import io.antidote.detect.groups.GroupBy;
import io.antidote.detect.groups.GroupMoments;
import io.antidote.detect.groups.PartitionIterators;
import io.antidote.detect.groups.ProjectionScorer;
import io.antidote.detect.linalg.EigenPairs;
import io.antidote.detect.linalg.SymmetricEigen;
import io.antidote.embed.EmbeddingSettings;
import io.antidote.flags.Evidence;
import io.antidote.flags.FlagRows;
import io.antidote.flags.FlagSchema;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;
import scala.Tuple3;

/**
 * Activation clustering (Chen, Carvalho, Baracaldo, Ludwig, Edwards, Lee, Molloy, Srivastava,
 * "Detecting Backdoor Attacks on Deep Neural Networks by Activation Clustering", 2018) as a test.
 * Within each group the representations are reduced to ~10 PCA dimensions and split by 2-means. A
 * unimodal group is split too, so the statistic is the split's silhouette in excess of the same
 * split on Gaussian data with the group's PCA variances ({@link NullSilhouette}); its null is the
 * excess of the other groups ({@link ComparableGroups}), groups are rejected by BH at the
 * detectors' FDR level, and the smaller cluster of a rejected group is flagged when it holds at
 * most {@code max-relative-size} of it.
 *
 * <p>Assumes the poison is one coherent sub-population (a campaign) separated from the clean rows
 * in the top PCA directions, and that most groups are clean and comparable. Misses scattered or
 * diffuse poison (2-means then follows the group's own top direction), a second campaign in the
 * same group (k = 2), and everything when fewer than 3 groups are scored.
 *
 * <p>Work (all distributed, nothing but bounded samples reaches the driver): one moment scan per
 * group (PCA by the covariance aggregate of {@link GroupMoments}), one scan projecting every row to
 * the kept dimensions (cached: p doubles a row), one small aggregate per Lloyd iteration for all
 * groups at once, one count scan, and one sampling scan of at most {@code silhouette-sample} points
 * per cluster.
 */
public final class ActivationClusteringDetector implements Detector {
  public static final String NAME = "activation_clustering";

  /** What the group test is, for evidence and the report. */
  static final String TEST =
      "2-means silhouette in excess of Gaussian data with the group's PCA variances, against the"
          + " other groups' excess (BH over groups)";

  private final ActivationClusteringSettings settings;
  private final EmbeddingSettings model;

  /**
   * @param settings the detector's block
   * @param model the model whose vectors it reads (the audit's main model)
   */
  public ActivationClusteringDetector(
      ActivationClusteringSettings settings, EmbeddingSettings model) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.model = Objects.requireNonNull(model, "model");
  }

  public ActivationClusteringSettings settings() {
    return settings;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<DetectorInput> inputs() {
    return List.of(new DetectorInput.Embeddings(model));
  }

  @Override
  public void checkInput(DetectorInput input, StructType schema) {
    if (input instanceof DetectorInput.Embeddings) {
      EmbeddingGroups.checkSchema(schema, settings.groupBy());
    }
  }

  @Override
  public DetectorResult flag(DetectorInputs inputs) {
    ActivationClusteringResult r = run(inputs.embeddings(model));
    return DetectorResult.ran(NAME, r.flags(), r.report());
  }

  /**
   * Flags over an embedding frame with {@code sample_id}, {@code embedding} (array&lt;float&gt;)
   * and, for grouping by label, {@code label}. The returned flags are checkpointed and the cached
   * projections released, so the result needs no clean-up.
   */
  public ActivationClusteringResult run(Dataset<Row> embeddings) {
    SparkSession spark = embeddings.sparkSession();
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    int dim = EmbeddingGroups.dimension(embeddings);
    GroupBy groupBy = EmbeddingGroups.resolve(embeddings, settings.groupBy());
    Dataset<EmbeddingRow> rows =
        EmbeddingGroups.assign(embeddings, dim, groupBy, settings.clusters(), settings.seed());
    long total = embeddings.count();
    int p = Math.min(settings.dims(), dim);

    Map<String, ProjectionScorer> pca = new HashMap<>();
    Map<String, double[]> start = new HashMap<>();
    Map<String, Double> explained = new HashMap<>();
    Map<String, Long> sizes = new TreeMap<>();
    GroupMoments.forEach(
        rows,
        dim,
        (group, mc) -> {
          sizes.put(group, mc.count());
          if (mc.count() < settings.minGroupSize()) {
            return;
          }
          EigenPairs e = SymmetricEigen.top(mc.covariance(), dim, p);
          double[][] basis = new double[p][];
          double kept = 0;
          for (int i = 0; i < p; i++) {
            basis[i] = e.vector(i);
            kept += Math.max(0, e.value(i));
          }
          double trace = 0;
          for (int i = 0; i < dim; i++) {
            trace += mc.covariance()[i + i * dim];
          }
          pca.put(group, new ProjectionScorer(mc.mean(), basis, null, null));
          start.put(group, e.values().clone());
          explained.put(group, trace > 0 ? kept / trace : Double.NaN);
        });

    Broadcast<Map<String, ProjectionScorer>> bp = jsc.broadcast(pca);
    JavaRDD<Tuple3<String, String, double[]>> projected =
        rows.javaRDD()
            .mapPartitions(
                (Iterator<EmbeddingRow> it) -> {
                  Map<String, ProjectionScorer> m = bp.value();
                  return PartitionIterators.mapSkippingNull(
                      it,
                      r -> {
                        ProjectionScorer s = m.get(r.getGroup());
                        return s == null
                            ? null
                            : new Tuple3<>(
                                r.getSampleId(), r.getGroup(), s.project(r.getEmbedding()));
                      });
                })
            .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      Map<String, double[][]> centres = new HashMap<>();
      for (Map.Entry<String, double[]> e : start.entrySet()) {
        centres.put(e.getKey(), TwoMeans.start(p, e.getValue()[0]));
      }
      Map<String, Integer> iterations = new HashMap<>();
      for (String g : centres.keySet()) {
        iterations.put(g, 0);
      }
      Map<String, long[]> counts = new HashMap<>();
      for (int it = 0; it < settings.maxIterations() && !centres.isEmpty(); it++) {
        Map<String, ClusterSums> sums = clusterSums(jsc, projected, centres, p);
        boolean moved = false;
        for (Map.Entry<String, ClusterSums> e : sums.entrySet()) {
          String g = e.getKey();
          double[][] old = centres.get(g);
          double[][] next = TwoMeans.update(old, e.getValue().counts, e.getValue().sums);
          counts.put(g, e.getValue().counts);
          // Centres that move less than 1e-6 of the top PCA variance no longer change the split.
          double tol = 1e-6 * Math.max(start.get(g)[0], Double.MIN_NORMAL);
          if (TwoMeans.shift(old, next) > tol) {
            moved = true;
            iterations.put(g, it + 1);
          }
          centres.put(g, next);
        }
        if (!moved) {
          break;
        }
      }
      // Sizes under the final centres (the last aggregate used the previous ones).
      Map<String, ClusterSums> finalSums = clusterSums(jsc, projected, centres, p);

      Map<String, GroupClustering> verdicts = new TreeMap<>();
      Map<String, Integer> smallCluster = new HashMap<>();
      Map<String, List<Tuple2<Integer, double[]>>> samples =
          silhouetteSamples(jsc, projected, centres, finalSums);
      // Per group: the split's silhouette and the null silhouette of Gaussian data with its PCA
      // variances; the excess is the statistic tested against the other groups'.
      Map<String, double[]> observed = new TreeMap<>();
      Map<String, Double> excess = new TreeMap<>();
      for (Map.Entry<String, Long> e : sizes.entrySet()) {
        String g = e.getKey();
        ClusterSums cs = finalSums.get(g);
        if (cs == null) {
          continue;
        }
        List<Tuple2<Integer, double[]>> sample = samples.getOrDefault(g, List.of());
        double[][] pts = new double[sample.size()][];
        int[] lab = new int[sample.size()];
        for (int i = 0; i < pts.length; i++) {
          lab[i] = sample.get(i)._1();
          pts[i] = sample.get(i)._2();
        }
        double sil =
            pts.length < 2
                ? Double.NaN
                : Silhouette.weightedMean(Silhouette.values(pts, lab, 2), lab, cs.counts);
        long n = cs.counts[0] + cs.counts[1];
        double[] nul =
            NullSilhouette.of(
                start.get(g),
                (int) Math.min(n, settings.silhouetteSample()),
                settings.nullSamples(),
                settings.maxIterations(),
                settings.seed() ^ g.hashCode());
        observed.put(g, new double[] {sil, nul[0], nul[1], pts.length});
        excess.put(g, sil - nul[0]);
      }
      Map<String, ComparableGroups.Null> nulls =
          ComparableGroups.leaveOneOut(excess, settings.nullScaleFloor());
      Map<String, Double> pValues = new TreeMap<>();
      for (Map.Entry<String, Double> e : excess.entrySet()) {
        ComparableGroups.Null n0 = nulls.get(e.getKey());
        // The group's own sampling spread floors the scale too.
        ComparableGroups.Null n1 =
            new ComparableGroups.Null(
                n0.location(), Math.max(n0.scale(), observed.get(e.getKey())[2]), n0.others());
        nulls.put(e.getKey(), n1);
        pValues.put(e.getKey(), n1.pValue(e.getValue()));
      }
      double fdr = settings.common().fdr();
      double pCut =
          FalseDiscoveryRate.cut(
              pValues.values().stream().mapToDouble(Double::doubleValue).toArray(),
              pValues.size(),
              fdr);
      for (Map.Entry<String, Long> e : sizes.entrySet()) {
        String g = e.getKey();
        ClusterSums cs = finalSums.get(g);
        if (cs == null) {
          verdicts.put(g, GroupClustering.unscored(g, e.getValue()));
          continue;
        }
        long n = cs.counts[0] + cs.counts[1];
        int small = cs.counts[1] < cs.counts[0] ? 1 : 0;
        double rel = cs.counts[small] / (double) n;
        double[] o = observed.get(g);
        double pv = pValues.get(g);
        boolean rejected = pCut >= 0 && pv <= pCut;
        boolean flagged = rejected && cs.counts[small] > 0 && rel <= settings.maxRelativeSize();
        if (flagged) {
          smallCluster.put(g, small);
        }
        verdicts.put(
            g,
            new GroupClustering(
                g,
                n,
                cs.counts[small],
                rel,
                o[0],
                (int) o[3],
                explained.get(g),
                iterations.get(g),
                o[1],
                o[2],
                excess.get(g),
                nulls.get(g).describe("excess silhouette"),
                pv,
                pCut,
                pCut >= 0
                    ? nulls.get(g).location()
                        + nulls.get(g).scale() * ComparableGroups.upperTailInverse(pCut)
                    : Double.NaN,
                rejected,
                flagged,
                true));
      }

      Dataset<Row> flagFrame;
      if (smallCluster.isEmpty()) {
        flagFrame = FlagRows.frame(spark, List.of());
      } else {
        Map<String, double[][]> flaggedCentres = new HashMap<>();
        for (String g : smallCluster.keySet()) {
          flaggedCentres.put(g, centres.get(g));
        }
        Broadcast<Map<String, double[][]>> bc = jsc.broadcast(flaggedCentres);
        Broadcast<Map<String, Integer>> bs = jsc.broadcast(smallCluster);
        Broadcast<Map<String, GroupClustering>> bv = jsc.broadcast(new HashMap<>(verdicts));
        double maxRel = settings.maxRelativeSize();
        int dims = settings.dims();
        // Distributed: a flagged cluster can be a third of a large group.
        JavaRDD<Row> flagRows =
            projected
                .filter(
                    t -> {
                      double[][] c = bc.value().get(t._2());
                      return c != null && TwoMeans.nearest(c, t._3()) == bs.value().get(t._2());
                    })
                .map(t -> flagRow(t._1(), bv.value().get(t._2()), maxRel, fdr, dims));
        flagFrame = spark.createDataFrame(flagRows, FlagSchema.DETECTOR_OUTPUT);
      }
      // Eager: the flags are computed now from the cached projection and stay valid after it goes.
      flagFrame = flagFrame.localCheckpoint();
      List<GroupClustering> groups = new ArrayList<>(verdicts.values());
      groups.sort(Comparator.comparing(GroupClustering::group));
      long valid = sizes.values().stream().mapToLong(Long::longValue).sum();
      return new ActivationClusteringResult(flagFrame, groups, groupBy, dim, total - valid, fdr);
    } finally {
      projected.unpersist(false);
      bp.destroy();
    }
  }

  private static Row flagRow(
      String sampleId, GroupClustering g, double maxRelativeSize, double fdr, int dims) {
    Map<String, String> evidence = new LinkedHashMap<>();
    evidence.put(Evidence.TEST, TEST);
    evidence.put(Evidence.STATISTIC, Double.toString(g.excess()));
    evidence.put(Evidence.NULL_MODEL, g.nullModel());
    evidence.put(Evidence.P_VALUE, Double.toString(g.pValue()));
    evidence.put(Evidence.FDR, Double.toString(fdr));
    evidence.put(Evidence.P_CUT, Double.toString(g.pCut()));
    evidence.put("group", g.group());
    evidence.put("group_size", Long.toString(g.size()));
    evidence.put("cluster_size", Long.toString(g.smallerClusterSize()));
    evidence.put("relative_size", Double.toString(g.relativeSize()));
    evidence.put("max_relative_size", Double.toString(maxRelativeSize));
    evidence.put("silhouette", Double.toString(g.silhouette()));
    evidence.put("null_silhouette", Double.toString(g.nullSilhouette()));
    evidence.put("silhouette_sample", Integer.toString(g.silhouetteSample()));
    evidence.put("pca_dims", Integer.toString(dims));
    evidence.put("explained_variance", Double.toString(g.explainedVariance()));
    String reason =
        String.format(
            "in the smaller of 2 k-means clusters of group '%s' (%d of %d rows, %.1f%%): split"
                + " silhouette %.3f vs %.3f on Gaussian data, excess %.3f, p=%.3g <= BH cut %.3g"
                + " over groups at FDR %s",
            g.group(),
            g.smallerClusterSize(),
            g.size(),
            100 * g.relativeSize(),
            g.silhouette(),
            g.nullSilhouette(),
            g.excess(),
            g.pValue(),
            g.pCut(),
            fdr);
    // The cut is finite unless the BH cut underflows; the statistic itself then bounds it.
    double cut = Double.isFinite(g.excessCut()) ? g.excessCut() : g.excess();
    return FlagRows.flag(sampleId, NAME, g.excess(), cut, reason, evidence);
  }

  /** Per-group, per-cluster counts and coordinate sums under {@code centres}: one aggregate. */
  private static Map<String, ClusterSums> clusterSums(
      JavaSparkContext jsc,
      JavaRDD<Tuple3<String, String, double[]>> projected,
      Map<String, double[][]> centres,
      int p) {
    Broadcast<Map<String, double[][]>> bc = jsc.broadcast(centres);
    try {
      return new HashMap<>(
          projected
              .mapPartitionsToPair(
                  (Iterator<Tuple3<String, String, double[]>> it) -> {
                    Map<String, double[][]> c = bc.value();
                    Map<String, ClusterSums> acc = new HashMap<>();
                    while (it.hasNext()) {
                      Tuple3<String, String, double[]> t = it.next();
                      double[][] cg = c.get(t._2());
                      if (cg == null) {
                        continue;
                      }
                      acc.computeIfAbsent(t._2(), g -> new ClusterSums(p))
                          .add(TwoMeans.nearest(cg, t._3()), t._3());
                    }
                    List<Tuple2<String, ClusterSums>> out = new ArrayList<>();
                    acc.forEach((g, s) -> out.add(new Tuple2<>(g, s)));
                    return out.iterator();
                  })
              .reduceByKey(ClusterSums::merge)
              .collectAsMap());
    } finally {
      bc.destroy();
    }
  }

  /**
   * Up to {@code silhouette-sample} points per cluster, drawn by a hash of (sample id, seed) so the
   * sample does not depend on partitioning.
   */
  private Map<String, List<Tuple2<Integer, double[]>>> silhouetteSamples(
      JavaSparkContext jsc,
      JavaRDD<Tuple3<String, String, double[]>> projected,
      Map<String, double[][]> centres,
      Map<String, ClusterSums> sums) {
    Map<String, double[]> fractions = new HashMap<>();
    for (Map.Entry<String, ClusterSums> e : sums.entrySet()) {
      long[] n = e.getValue().counts;
      fractions.put(
          e.getKey(),
          new double[] {
            Math.min(1.0, settings.silhouetteSample() * 1.2 / Math.max(1, n[0])),
            Math.min(1.0, settings.silhouetteSample() * 1.2 / Math.max(1, n[1]))
          });
    }
    Broadcast<Map<String, double[][]>> bc = jsc.broadcast(centres);
    Broadcast<Map<String, double[]>> bf = jsc.broadcast(fractions);
    long seed = settings.seed();
    int cap = settings.silhouetteSample();
    List<Tuple3<String, Integer, double[]>> drawn =
        projected
            .flatMap(
                t -> {
                  double[][] c = bc.value().get(t._2());
                  if (c == null) {
                    return java.util.Collections.emptyIterator();
                  }
                  int k = TwoMeans.nearest(c, t._3());
                  if (uniform(t._1(), seed) >= bf.value().get(t._2())[k]) {
                    return java.util.Collections.emptyIterator();
                  }
                  return List.of(new Tuple3<>(t._2(), k, t._3())).iterator();
                })
            .collect();
    bc.destroy();
    bf.destroy();
    // Sorted by the hash draw order is not kept by collect; sort by coordinates for determinism,
    // then cap.
    Map<String, List<Tuple2<Integer, double[]>>> out = new HashMap<>();
    Map<String, int[]> taken = new HashMap<>();
    List<Tuple3<String, Integer, double[]>> sorted = new ArrayList<>(drawn);
    sorted.sort(
        Comparator.<Tuple3<String, Integer, double[]>, String>comparing(Tuple3::_1)
            .thenComparing(Tuple3::_2)
            .thenComparing(t -> t._3()[0]));
    for (Tuple3<String, Integer, double[]> t : sorted) {
      int[] n = taken.computeIfAbsent(t._1(), g -> new int[2]);
      if (n[t._2()] < cap) {
        n[t._2()]++;
        out.computeIfAbsent(t._1(), g -> new ArrayList<>()).add(new Tuple2<>(t._2(), t._3()));
      }
    }
    return out;
  }

  /** A uniform draw in [0, 1) from a sample id and a seed (SplitMix64 finaliser). */
  static double uniform(String sampleId, long seed) {
    long z = sampleId.hashCode() * 0x9E3779B97F4A7C15L + seed;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    z = z ^ (z >>> 31);
    return (z >>> 11) * 0x1.0p-53;
  }

  /** Counts and coordinate sums of the two clusters of one group. */
  static final class ClusterSums implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    final long[] counts = new long[2];
    final double[][] sums;

    ClusterSums(int p) {
      sums = new double[2][p];
    }

    void add(int k, double[] z) {
      counts[k]++;
      for (int i = 0; i < z.length; i++) {
        sums[k][i] += z[i];
      }
    }

    ClusterSums merge(ClusterSums o) {
      for (int k = 0; k < 2; k++) {
        counts[k] += o.counts[k];
        for (int i = 0; i < sums[k].length; i++) {
          sums[k][i] += o.sums[k][i];
        }
      }
      return this;
    }
  }
}
