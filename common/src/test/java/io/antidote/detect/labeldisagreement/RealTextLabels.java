package io.antidote.detect.labeldisagreement;

import io.antidote.config.SettingsBlock;
import io.antidote.detect.DetectorResult;
import io.antidote.detect.neighbours.KnnTestData;
import io.antidote.testing.TextVectors;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * A labelled real-text corpus embedded once (MiniLM), its self-join and the detector at
 * reference.conf settings, planted flips, and the plain kNN-vote baseline on the same neighbours.
 */
final class RealTextLabels {
  static final LabelDisagreementSettings SETTINGS =
      LabelDisagreementSettings.fromConfig(SettingsBlock.defaults(LabelDisagreementSettings.PATH));

  /**
   * The plain baseline: flag when at least this share of the first 10 neighbours carry another
   * label.
   */
  static final double VOTE_SHARE = 0.9;

  static final int VOTE_K = 10;

  final String name;
  final float[] vectors;
  final int n;

  RealTextLabels(String name, List<String> texts) {
    this.name = name;
    this.n = texts.size();
    long start = System.nanoTime();
    this.vectors = TextVectors.embed(texts);
    System.out.printf(
        Locale.ROOT,
        "%s: %d texts embedded in %.1fs%n",
        name,
        n,
        (System.nanoTime() - start) / 1e9);
  }

  /**
   * The outcome of one run: the detector's flags and report, the baseline's flags, and each row's
   * own-label votes among its first k neighbours (the detector's statistic).
   */
  record Outcome(
      DetectorResult result, Set<Integer> flagged, Set<Integer> baseline, int[] ownVotes) {}

  /** The self-join of {@code labels} at the detector's k, the detector and the baseline on it. */
  Outcome run(SparkSession spark, String[] labels) {
    Dataset<Row> neighbours =
        KnnTestData.neighbours(
            KnnTestData.frame(spark, vectors, n, TextVectors.DIM, labels, 4),
            SETTINGS.k(),
            KnnTestData.knn());
    DetectorResult r =
        new KnnLabelDisagreementDetector(SETTINGS, KnnTestData.model()).flagNeighbours(neighbours);
    Set<Integer> flagged = new HashSet<>();
    for (Row f : r.flags().orElseThrow().collectAsList()) {
      flagged.add(index(f.getString(0)));
    }
    Set<Integer> baseline = new HashSet<>();
    int[] own = new int[n];
    for (Row row : neighbours.select("sample_id", "label", "neighbour_labels").collectAsList()) {
      LabelVote v = LabelVote.of(row.getString(1), row.getList(2), VOTE_K);
      if (v.voters() > 0 && 1.0 - (double) v.count(v.label()) / v.voters() >= VOTE_SHARE) {
        baseline.add(index(row.getString(0)));
      }
      own[index(row.getString(0))] =
          LabelVote.of(row.getString(1), row.getList(2), SETTINGS.k()).count(row.getString(1));
    }
    neighbours.unpersist();
    return new Outcome(r, flagged, baseline, own);
  }

  /** A run on planted flips: its outcome, the flipped rows, and {recall, precision} of each. */
  record Flips(Outcome outcome, Set<Integer> flipped, double[] detector, double[] vote) {}

  /**
   * Flips {@code labels} as {@link #flip} does, runs the detector and the baseline on them and
   * prints both scores under {@code test}'s name.
   */
  Flips runFlips(
      SparkSession spark,
      String test,
      String[] labels,
      Map<String, String> to,
      double rate,
      long seed) {
    Set<Integer> flipped = flip(labels, to, rate, seed);
    Outcome o = run(spark, labels);
    double[] detector = score(o.flagged(), flipped);
    double[] vote = score(o.baseline(), flipped);
    System.out.printf(
        "%s flips: %d of %d rows flipped; detector %d flags, recall %.3f, precision %.3f (p cut"
            + " %s); plain vote >= %.1f of %d: %d flags, recall %.3f, precision %.3f%n  class"
            + " report:%s%n",
        test,
        flipped.size(),
        n,
        o.flagged().size(),
        detector[0],
        detector[1],
        o.result().report().get("p_cut"),
        VOTE_SHARE,
        VOTE_K,
        o.baseline().size(),
        vote[0],
        vote[1],
        classReport(o.result()));
    return new Flips(o, flipped, detector, vote);
  }

  static int index(String sampleId) {
    return Integer.parseInt(sampleId.substring(1));
  }

  /**
   * Flips {@code rate} of the rows (seeded shuffle) whose label is a key of {@code to} to its
   * value; returns the flipped rows.
   */
  static Set<Integer> flip(String[] labels, Map<String, String> to, double rate, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    Set<Integer> flipped = new HashSet<>();
    for (int i = 0; i < labels.length; i++) {
      if (to.containsKey(labels[i]) && rnd.nextDouble() < rate) {
        labels[i] = to.get(labels[i]);
        flipped.add(i);
      }
    }
    return flipped;
  }

  /** Recall and precision of {@code flagged} against {@code truth}. */
  static double[] score(Set<Integer> flagged, Set<Integer> truth) {
    int tp = 0;
    for (int i : flagged) {
      if (truth.contains(i)) {
        tp++;
      }
    }
    return new double[] {
      truth.isEmpty() ? 0 : (double) tp / truth.size(),
      flagged.isEmpty() ? 0 : (double) tp / flagged.size()
    };
  }

  /**
   * The best precision any cut on the own-label vote count ({@code own <= t}, t = 0..k) reaches at
   * recall at least {@code recall} of {@code truth}: a ceiling for every test built on that
   * statistic, whatever its null. 0 when no cut reaches the recall.
   */
  static double precisionCeiling(int[] ownVotes, Set<Integer> truth, double recall) {
    double best = 0;
    for (int t = 0; t <= SETTINGS.k(); t++) {
      int flagged = 0;
      int tp = 0;
      for (int i = 0; i < ownVotes.length; i++) {
        if (ownVotes[i] <= t) {
          flagged++;
          if (truth.contains(i)) {
            tp++;
          }
        }
      }
      if (flagged > 0 && tp >= recall * truth.size()) {
        best = Math.max(best, (double) tp / flagged);
      }
    }
    return best;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Map<String, Object>> classes(DetectorResult r) {
    Map<String, Map<String, Object>> m = new LinkedHashMap<>();
    for (Map<String, Object> c : (List<Map<String, Object>>) r.report().get("classes")) {
      m.put((String) c.get("label"), c);
    }
    return m;
  }

  static String classReport(DetectorResult r) {
    StringBuilder s = new StringBuilder();
    for (Map<String, Object> c : classes(r).values()) {
      s.append(
          String.format(
              Locale.ROOT,
              "%n    %-10s rows %5d  separability %.3f  threshold %.3f  noise rate %.4f  flip share"
                  + " %.4f  null Beta(%.2f, %.2f)  %s  flagged %d",
              c.get("label"),
              (long) c.get("rows"),
              (double) c.get("separability"),
              (double) c.get("threshold"),
              (double) c.get("noise_rate"),
              (double) c.get("flip_share"),
              (double) c.get("null_beta_a"),
              (double) c.get("null_beta_b"),
              (boolean) c.get("judged") ? "judged" : "NOT judged",
              (long) c.get("flagged")));
    }
    return s.toString();
  }

  /** Rows per label. */
  static Map<String, Integer> counts(String[] labels) {
    Map<String, Integer> m = new HashMap<>();
    for (String l : labels) {
      m.merge(l, 1, Integer::sum);
    }
    return m;
  }

  static List<String> select(List<String> all, List<Integer> rows) {
    List<String> out = new ArrayList<>();
    for (int i : rows) {
      out.add(all.get(i));
    }
    return out;
  }
}
