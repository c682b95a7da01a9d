package io.antidote.detect.spectral;

import io.antidote.detect.DetectorResult;
import io.antidote.detect.clustering.ActivationClusteringResult;
import io.antidote.detect.clustering.ClusteringTesting;
import io.antidote.detect.groups.BrownGenreEmbeddings;
import io.antidote.flags.Evidence;
import io.antidote.flags.FlagSchema;
import io.antidote.testing.SparkTestBase;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Both embedding detectors at default settings on real text: Brown sentences embedded with the
 * bundled MiniLM, grouped by genre (15 groups of 300, see {@link BrownGenreEmbeddings}). Real
 * genres have natural sub-topics; a detector whose null they routinely reject floods the clean
 * corpus with flags, which is what the clean-corpus bound catches (the old budget flagged 7.5 % of
 * it).
 */
class EmbeddingDetectorsBrownTest extends SparkTestBase {
  private static BrownGenreEmbeddings brown;

  @BeforeAll
  static void embed() {
    brown = BrownGenreEmbeddings.load();
  }

  private record Outcome(Set<String> flagged, DetectorResult result) {}

  private Outcome spectral(Dataset<Row> frame) {
    SpectralSignatureResult r = SpectralTesting.detector(SpectralTesting.defaults()).run(frame);
    Assertions.assertEquals(FlagSchema.DETECTOR_OUTPUT, r.flags().schema());
    return new Outcome(
        ids(r.flags()), DetectorResult.ran(SpectralSignatureDetector.NAME, r.flags(), r.report()));
  }

  private Outcome clustering(Dataset<Row> frame) {
    ActivationClusteringResult r =
        ClusteringTesting.detector(ClusteringTesting.defaults()).run(frame);
    Assertions.assertEquals(FlagSchema.DETECTOR_OUTPUT, r.flags().schema());
    return new Outcome(
        ids(r.flags()), DetectorResult.ran("activation_clustering", r.flags(), r.report()));
  }

  private static Set<String> ids(Dataset<Row> flags) {
    return flags.collectAsList().stream().map(r -> r.getString(0)).collect(Collectors.toSet());
  }

  @Test
  void cleanGenresAreNotFlagged() {
    Dataset<Row> clean = brown.clean(spark());
    long n = clean.count();
    for (Outcome o : List.of(spectral(clean), clustering(clean))) {
      double rate = o.flagged().size() / (double) n;
      System.out.printf(
          "clean Brown, %s: %d of %d rows flagged (%.3f%%)%n",
          o.result().detector(), o.flagged().size(), n, 100 * rate);
      Assertions.assertTrue(
          rate <= 0.002, o.result().detector() + " flags " + rate + " of clean rows");
      assertGroupReport(o.result(), 15);
    }
  }

  @Test
  void duplicateCampaignIsFound() {
    Planted p =
        planted(
            "campaign",
            brown.frame(spark(), true, false),
            brown.campaign,
            BrownGenreEmbeddings.CAMPAIGN_GENRE);
    Outcome s = p.spectral();
    Outcome c = p.clustering();
    double[] qs = p.spectralQuality();
    double[] qc = p.clusteringQuality();
    assertFoundByOneCleanFromOther(qs, qc, s.flagged().size(), c.flagged().size());
    assertGroupReport(s.result(), 15);
    assertGroupReport(c.result(), 15);
    if (!s.flagged().isEmpty()) {
      Row first = s.result().flags().orElseThrow().first();
      Map<String, String> ev = first.getJavaMap(5);
      for (String k :
          List.of(
              Evidence.TEST,
              Evidence.STATISTIC,
              Evidence.NULL_MODEL,
              Evidence.P_VALUE,
              Evidence.FDR,
              Evidence.P_CUT,
              "group_p_value")) {
        Assertions.assertTrue(ev.containsKey(k), "evidence " + k + ": " + ev);
      }
      Assertions.assertTrue(
          Double.parseDouble(ev.get(Evidence.P_VALUE))
              <= Double.parseDouble(ev.get(Evidence.P_CUT)));
    }
  }

  @Test
  void offTopicClusterIsFoundOrNotFalselyFlagged() {
    Planted p =
        planted(
            "off-topic",
            brown.frame(spark(), false, true),
            brown.offTopic,
            BrownGenreEmbeddings.OFF_TOPIC_GENRE);
    double[] qs = p.spectralQuality();
    double[] qc = p.clusteringQuality();
    // Measured: neither detector's group test rejects 'romance' with 45 computing fortunes in it
    // (the genre's ln(lambda1/lambda2) and split silhouette stay inside the other genres' spread),
    // so recall is 0 here; what is asserted is that any flag is right.
    if (!p.spectral().flagged().isEmpty()) {
      Assertions.assertTrue(qs[1] >= 0.8, "spectral precision " + qs[1]);
    }
    if (!p.clustering().flagged().isEmpty()) {
      Assertions.assertTrue(qc[1] >= 0.8, "clustering precision " + qc[1]);
    }
  }

  /** Both detectors on a corpus with planted rows, and their recall and precision on them. */
  private record Planted(
      Outcome spectral, Outcome clustering, double[] spectralQuality, double[] clusteringQuality) {}

  private Planted planted(String what, Dataset<Row> frame, Set<String> truth, String genre) {
    Outcome s = spectral(frame);
    Outcome c = clustering(frame);
    double[] qs = quality(s.flagged(), truth);
    double[] qc = quality(c.flagged(), truth);
    System.out.printf(
        "%s (%d rows in '%s'): spectral recall %.3f precision %.3f (%d flags);"
            + " clustering recall %.3f precision %.3f (%d flags)%n",
        what,
        truth.size(),
        genre,
        qs[0],
        qs[1],
        s.flagged().size(),
        qc[0],
        qc[1],
        c.flagged().size());
    return new Planted(s, c, qs, qc);
  }

  private static void assertFoundByOneCleanFromOther(
      double[] a, double[] b, int flagsA, int flagsB) {
    boolean aFinds = a[0] >= 0.9 && a[1] >= 0.8;
    boolean bFinds = b[0] >= 0.9 && b[1] >= 0.8;
    Assertions.assertTrue(aFinds || bFinds, "neither detector finds the planted rows");
    Assertions.assertTrue(flagsA == 0 || a[1] >= 0.8, "spectral precision " + a[1]);
    Assertions.assertTrue(flagsB == 0 || b[1] >= 0.8, "clustering precision " + b[1]);
  }

  /** {recall, precision}. */
  private static double[] quality(Set<String> flagged, Set<String> planted) {
    long hit = flagged.stream().filter(planted::contains).count();
    return new double[] {
      hit / (double) planted.size(), flagged.isEmpty() ? 0 : hit / (double) flagged.size()
    };
  }

  /** Every scored group reports its statistic, null, p-value and decision. */
  private static void assertGroupReport(DetectorResult r, int groups) {
    List<?> perGroup = (List<?>) r.report().get("groups");
    Assertions.assertEquals(groups, perGroup.size(), r.detector());
    for (Object o : perGroup) {
      Map<?, ?> g = (Map<?, ?>) o;
      for (String k : List.of("statistic", "null", "p_value", "decision")) {
        Assertions.assertTrue(
            g.containsKey(k), r.detector() + " group report lacks " + k + ": " + g);
      }
    }
    System.out.printf("%s groups: %s%n", r.detector(), perGroup);
  }
}
