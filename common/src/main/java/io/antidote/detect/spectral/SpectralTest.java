package io.antidote.detect.spectral;

import static org.apache.spark.sql.functions.expr;

import io.antidote.detect.evidence.FalseDiscoveryRate;
import io.antidote.detect.groups.ComparableGroups;
import io.antidote.detect.groups.EmbeddingRow;
import io.antidote.detect.groups.PartitionIterators;
import io.antidote.detect.groups.ProjectionScorer;
import io.antidote.flags.Evidence;
import io.antidote.flags.FlagRows;
import io.antidote.flags.FlagSchema;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * Test mode of {@link SpectralSignatureDetector}. Two stages, both controlled by Benjamini-Hochberg
 * at the detectors' FDR level:
 *
 * <ol>
 *   <li>Groups: the statistic is ln(λ1/λ2) of the group's covariance (a planted sub-population adds
 *       ε(1−ε)δ² along its shift and opens a gap); its null is the same statistic of the other
 *       groups ({@link ComparableGroups}), BH over the scored groups.
 *   <li>Rows, inside a rejected group only: the projection t on the group's top eigenvector; the
 *       bulk is fitted robustly (median, 1.4826·MAD), the tail tested is the one the top direction
 *       points to (the mean is pulled towards the component, so the median sits on the other side),
 *       z = (t − median)/scale, p = P(Z ≥ z), BH within the group.
 * </ol>
 */
final class SpectralTest {
  static final String TEST_GROUP = "ln(lambda1/lambda2) of the group's covariance";
  private static final String GROUP = "group";
  private static final int ACCURACY = 10_000;

  private SpectralTest() {}

  /** One rejected group's row-level null. */
  record RowNull(double median, double scale, double side) implements Serializable {
    double z(double t) {
      return side * (t - median) / scale;
    }
  }

  static Dataset<Row> run(
      Dataset<EmbeddingRow> rows,
      Map<String, GroupSpectrum> spectra,
      Map<String, ProjectionScorer> scorers,
      double fdr,
      double floor) {
    SparkSession spark = rows.sparkSession();
    Map<String, Double> stats = new LinkedHashMap<>();
    for (GroupSpectrum g : spectra.values()) {
      if (g.scored()) {
        double r = g.eigenvalueRatio();
        stats.put(g.group(), Double.isFinite(r) && r > 0 ? Math.log(r) : Double.NaN);
      }
    }
    Map<String, ComparableGroups.Null> nulls = ComparableGroups.leaveOneOut(stats, floor);
    double[] p = new double[stats.size()];
    int i = 0;
    Map<String, Double> pByGroup = new HashMap<>();
    for (Map.Entry<String, Double> e : stats.entrySet()) {
      double pv = nulls.get(e.getKey()).pValue(e.getValue());
      pByGroup.put(e.getKey(), pv);
      p[i++] = pv;
    }
    double groupCut = FalseDiscoveryRate.cut(p, p.length, fdr);
    Map<String, ProjectionScorer> rejected = new HashMap<>();
    for (Map.Entry<String, Double> e : stats.entrySet()) {
      String g = e.getKey();
      boolean reject = groupCut >= 0 && pByGroup.get(g) <= groupCut;
      GroupSpectrum old = spectra.get(g);
      spectra.put(
          g,
          new GroupSpectrum(
              old.group(),
              old.size(),
              old.lambda1(),
              old.lambda2(),
              old.eigenvalueRatio(),
              0,
              true,
              old.whitenedTop(),
              new GroupSpectrum.GroupTest(
                  e.getValue(),
                  nulls.get(g).describe("ln(lambda1/lambda2)"),
                  pByGroup.get(g),
                  groupCut,
                  reject)));
      if (reject) {
        rejected.put(g, scorers.get(g));
      }
    }
    if (rejected.isEmpty()) {
      return FlagRows.frame(spark, List.of());
    }
    return rowFlags(spark, rows, rejected, spectra, fdr);
  }

  private static Dataset<Row> rowFlags(
      SparkSession spark,
      Dataset<EmbeddingRow> rows,
      Map<String, ProjectionScorer> rejected,
      Map<String, GroupSpectrum> spectra,
      double fdr) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Broadcast<Map<String, ProjectionScorer>> bs = jsc.broadcast(rejected);
    StructType schema =
        new StructType()
            .add(FlagSchema.SAMPLE_ID, DataTypes.StringType, false)
            .add(GROUP, DataTypes.StringType, false)
            .add("t", DataTypes.DoubleType, false);
    JavaRDD<Row> projected =
        rows.javaRDD()
            .mapPartitions(
                (Iterator<EmbeddingRow> it) -> {
                  Map<String, ProjectionScorer> m = bs.value();
                  return PartitionIterators.mapSkippingNull(
                      it,
                      r -> {
                        ProjectionScorer s = m.get(r.getGroup());
                        return s == null
                            ? null
                            : RowFactory.create(
                                r.getSampleId(), r.getGroup(), s.project(r.getEmbedding())[0]);
                      });
                });
    Dataset<Row> t =
        spark.createDataFrame(projected, schema).persist(StorageLevel.MEMORY_AND_DISK());
    try {
      Map<String, Double> medians = new HashMap<>();
      for (Row r :
          t.groupBy(GROUP)
              .agg(expr("percentile_approx(t, 0.5, " + ACCURACY + ")"))
              .collectAsList()) {
        medians.put(r.getString(0), r.getDouble(1));
      }
      Map<String, RowNull> nulls = new HashMap<>();
      StringBuilder cases = new StringBuilder("CASE");
      for (Map.Entry<String, Double> e : medians.entrySet()) {
        cases
            .append(" WHEN `group` = '")
            .append(e.getKey().replace("'", "''"))
            .append("' THEN ")
            .append(e.getValue());
      }
      cases.append(" END");
      for (Row r :
          t.withColumn("dev", expr("abs(t - (" + cases + "))"))
              .groupBy(GROUP)
              .agg(expr("percentile_approx(dev, 0.5, " + ACCURACY + ")"))
              .collectAsList()) {
        String g = r.getString(0);
        double med = medians.get(g);
        double scale = Math.max(1.4826 * r.getDouble(1), Double.MIN_NORMAL);
        // The mean (0 in centred coordinates) is pulled towards the separate component, so the
        // bulk's median lies on the other side of it.
        nulls.put(g, new RowNull(med, scale, med > 0 ? -1 : 1));
      }
      Broadcast<Map<String, RowNull>> bn = jsc.broadcast(nulls);
      // (group, p) of the rows that could be rejected, for the per-group BH cuts.
      Map<String, List<Double>> small = new HashMap<>();
      for (Row r :
          t.javaRDD()
              .map(
                  r -> {
                    double z = bn.value().get(r.getString(1)).z(r.getDouble(2));
                    return RowFactory.create(r.getString(1), ComparableGroups.upperTail(z));
                  })
              .filter(r -> r.getDouble(1) <= fdr)
              .collect()) {
        small.computeIfAbsent(r.getString(0), g -> new ArrayList<>()).add(r.getDouble(1));
      }
      Map<String, Double> cuts = new HashMap<>();
      for (Map.Entry<String, List<Double>> e : small.entrySet()) {
        double c =
            FalseDiscoveryRate.cut(
                e.getValue().stream().mapToDouble(Double::doubleValue).toArray(),
                spectra.get(e.getKey()).size(),
                fdr);
        if (c >= 0) {
          cuts.put(e.getKey(), c);
        }
      }
      if (cuts.isEmpty()) {
        return FlagRows.frame(spark, List.of());
      }
      Map<String, GroupSpectrum> info = new HashMap<>(spectra);
      Broadcast<Map<String, Double>> bc = jsc.broadcast(cuts);
      Broadcast<Map<String, GroupSpectrum>> bi = jsc.broadcast(info);
      JavaRDD<Row> flags =
          t.javaRDD()
              .flatMap(
                  r -> {
                    String g = r.getString(1);
                    Double cut = bc.value().get(g);
                    RowNull n = bn.value().get(g);
                    double z = n.z(r.getDouble(2));
                    double pv = ComparableGroups.upperTail(z);
                    if (cut == null || pv > cut) {
                      return java.util.Collections.emptyIterator();
                    }
                    return List.of(
                            flagRow(
                                r.getString(0),
                                r.getDouble(2),
                                z,
                                pv,
                                cut,
                                n,
                                bi.value().get(g),
                                fdr))
                        .iterator();
                  });
      Dataset<Row> out = spark.createDataFrame(flags, FlagSchema.DETECTOR_OUTPUT).localCheckpoint();
      for (Row r : out.groupBy(expr("evidence['group']")).count().collectAsList()) {
        String g = r.getString(0);
        spectra.put(g, spectra.get(g).withFlagged(r.getLong(1)));
      }
      return out;
    } finally {
      t.unpersist(false);
      bs.destroy();
    }
  }

  private static Row flagRow(
      String sampleId,
      double t,
      double z,
      double p,
      double pCut,
      RowNull n,
      GroupSpectrum g,
      double fdr) {
    GroupSpectrum.GroupTest gt = g.test();
    double zCut = Math.min(ComparableGroups.upperTailInverse(pCut), z);
    Map<String, String> ev = new LinkedHashMap<>();
    ev.put(
        Evidence.TEST,
        "projection on the top eigenvector of group '"
            + g.group()
            + "' against the group's bulk (one-sided, BH within the group)");
    ev.put(Evidence.STATISTIC, Double.toString(z));
    ev.put(
        Evidence.NULL_MODEL,
        String.format(
            "normal fit of the group's projections: median %.4g, scale %.4g (1.4826 MAD), side %s",
            n.median(), n.scale(), n.side() > 0 ? "+" : "-"));
    ev.put(Evidence.P_VALUE, Double.toString(p));
    ev.put(Evidence.FDR, Double.toString(fdr));
    ev.put(Evidence.P_CUT, Double.toString(pCut));
    ev.put("projection", Double.toString(t));
    ev.put("group", g.group());
    ev.put("group_size", Long.toString(g.size()));
    ev.put("group_test", TEST_GROUP + " against the other groups (BH over groups)");
    ev.put("group_statistic", Double.toString(gt.statistic()));
    ev.put("group_null", gt.nullModel());
    ev.put("group_p_value", Double.toString(gt.pValue()));
    ev.put("group_p_cut", Double.toString(gt.pCut()));
    ev.put("eigenvalue_ratio", Double.toString(g.eigenvalueRatio()));
    ev.put("lambda1", Double.toString(g.lambda1()));
    ev.put("lambda2", Double.toString(g.lambda2()));
    ev.put("mode", "test");
    String reason =
        String.format(
            "group '%s' (n=%d) shows a separate component (lambda1/lambda2=%.3f, p=%.3g vs other"
                + " groups); this row's projection on its direction is z=%.2f out of the bulk"
                + " (p=%.3g <= BH cut %.3g at FDR %s)",
            g.group(), g.size(), g.eigenvalueRatio(), gt.pValue(), z, p, pCut, fdr);
    return FlagRows.flag(sampleId, SpectralSignatureDetector.NAME, z, zCut, reason, ev);
  }
}
