package io.antidote.detect.neardup;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.antidote.testing.BrownSentences;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/** The Spark-free parts: shingles, MinHash estimates, the S-curve, the campaign null, buckets. */
class NearDuplicateMathTest {
  private static final Shingling CHAR5 = new Shingling(Shingling.Unit.CHARACTER, 5);

  @Test
  void normalisationIgnoresCaseSpacingAndPunctuation() {
    assertEquals("the cat sat on the mat", Shingling.normalise("  The  CAT -- sat, on the mat!! "));
    assertArrayEquals(
        CHAR5.shingles("The cat sat on the mat."), CHAR5.shingles("the cat; sat on THE mat"));
    Shingling words = new Shingling(Shingling.Unit.WORD, 2);
    assertEquals(5, words.shingles("the cat sat on the mat").length);
    assertEquals(1, words.shingles("cat").length);
    assertEquals(0, words.shingles(" ,; ").length);
  }

  /**
   * Template shingles: 300 captions of one template ("an emoji of " and one or two real words)
   * among 1,000 Brown sentences and 100 edited copies of others. With the template's shingles
   * counted, many pairs of captions that share nothing but the template reach Jaccard 0.5; without
   * them none does, while every edited copy keeps its match (their Jaccard barely moves).
   */
  @Test
  void templateShinglesStopTemplatedCaptionsMatchingAndKeepEditedCopies() {
    BrownSentences b = BrownSentences.load();
    List<String> vocabulary = PlantedCampaigns.vocabulary(b.text.subList(0, 2000));
    Random random = new Random(11);
    List<long[]> texts = new ArrayList<>();
    List<long[]> captions = new ArrayList<>();
    java.util.Set<String> seen = new java.util.HashSet<>();
    while (captions.size() < 300) {
      String name =
          vocabulary.get(random.nextInt(vocabulary.size()))
              + (random.nextBoolean()
                  ? ""
                  : " " + vocabulary.get(random.nextInt(vocabulary.size())));
      if (seen.add(name)) {
        captions.add(CHAR5.shingles("an emoji of " + name));
      }
    }
    texts.addAll(captions);
    for (int i = 0; i < 1000; i++) {
      texts.add(CHAR5.shingles(b.text.get(4000 + i)));
    }
    List<long[][]> copies = new ArrayList<>();
    for (int i = 0; copies.size() < 100; i++) {
      String s = b.text.get(6000 + i);
      if (s.split(" ").length < 8) {
        continue;
      }
      long[] original = CHAR5.shingles(s);
      long[] copy =
          CHAR5.shingles(
              PlantedCampaigns.edit(s, 0.05 + 0.1 * random.nextDouble(), vocabulary, random));
      copies.add(new long[][] {original, copy});
      texts.add(original);
      texts.add(copy);
    }
    TemplateShingles templates = TemplateShingles.of(texts, 0.05, 50);
    assertTrue(templates.size() >= 7, "the template's shingles: " + templates.size());
    assertTrue(templates.contains(CHAR5.shingles("emoji")[0]));
    int before = 0;
    int after = 0;
    int compared = 0;
    for (int i = 0; i < captions.size(); i++) {
      long[] a = templates.without(captions.get(i));
      if (a.length >= 10) {
        compared++;
      }
      for (int j = i + 1; j < captions.size(); j++) {
        if (Shingling.jaccard(captions.get(i), captions.get(j)) >= 0.5) {
          before++;
        }
        long[] c = templates.without(captions.get(j));
        if (a.length >= 10 && c.length >= 10 && Shingling.jaccard(a, c) >= 0.5) {
          after++;
        }
      }
    }
    int kept = 0;
    double shift = 0;
    for (long[][] p : copies) {
      double full = Shingling.jaccard(p[0], p[1]);
      double rare = Shingling.jaccard(templates.without(p[0]), templates.without(p[1]));
      shift += rare - full;
      if (rare >= 0.5 && templates.without(p[0]).length >= 10) {
        kept++;
      }
    }
    System.out.printf(
        "template shingles %d; caption pairs >= 0.5: %d with the template, %d without (%d of 300"
            + " captions still compared); edited copies >= 0.5 without it %d of 100, mean shift %.3f%n",
        templates.size(), before, after, compared, kept, shift / copies.size());
    assertTrue(before >= 20, "caption pairs matching on the template: " + before);
    // Measured 1147 -> 1: the one left shares a word of its own besides the template (names are
    // drawn from one vocabulary), a real near duplicate of a short caption.
    assertTrue(after <= 2, "caption pairs matching without the template: " + after);
    assertEquals(100, kept, "edited copies still matching");
    assertTrue(Math.abs(shift / copies.size()) < 0.03, "mean Jaccard shift " + shift);
  }

  /**
   * On pairs of real sentences (edited copies and unrelated pairs), the share of equal positions of
   * 100 MinHash functions is within sampling error of the exact Jaccard: mean error near 0 (no bias
   * from the mixer hash) and mean absolute error near sqrt(s(1-s)/100).
   */
  @Test
  void minHashEstimatesJaccardWithoutBiasOnRealText() {
    BrownSentences b = BrownSentences.load();
    List<String> vocabulary = PlantedCampaigns.vocabulary(b.text.subList(0, 2000));
    MinHashSignature minHash = new MinHashSignature(25, 4, 42);
    Random random = new Random(3);
    double bias = 0;
    double absolute = 0;
    int pairs = 0;
    for (int i = 0; i < 400; i++) {
      String s = b.text.get(2000 + i);
      String t =
          i % 2 == 0
              ? PlantedCampaigns.edit(s, 0.05 + 0.1 * random.nextDouble(), vocabulary, random)
              : b.text.get(3000 + i);
      long[] a = CHAR5.shingles(s);
      long[] c = CHAR5.shingles(t);
      if (a.length == 0 || c.length == 0) {
        continue;
      }
      double exact = Shingling.jaccard(a, c);
      double estimate = MinHashSignature.estimatedJaccard(minHash.of(a), minHash.of(c));
      bias += estimate - exact;
      absolute += Math.abs(estimate - exact);
      pairs++;
    }
    assertTrue(pairs > 390, "pairs " + pairs);
    assertEquals(0, bias / pairs, 0.01, "mean error");
    assertTrue(absolute / pairs < 0.04, "mean absolute error " + absolute / pairs);
  }

  @Test
  void bandingFollowsTheSCurve() {
    assertEquals(0.80, MinHashSignature.candidateProbability(0.5, 25, 4), 0.005);
    assertEquals(0.97, MinHashSignature.candidateProbability(0.6, 25, 4), 0.005);
    // Empirically: rows with exactly Jaccard 0.5 (shingle sets 0..2n and n..3n) share a band as
    // often as the curve says, over independent seeds.
    long[] a = new long[200];
    long[] c = new long[200];
    for (int i = 0; i < 200; i++) {
      a[i] = i;
      c[i] = i + 67;
    }
    double s = Shingling.jaccard(a, c);
    int shared = 0;
    int trials = 400;
    for (int seed = 0; seed < trials; seed++) {
      MinHashSignature m = new MinHashSignature(25, 4, seed);
      long[] ka = m.bandKeys(m.of(a));
      long[] kc = m.bandKeys(m.of(c));
      for (int band = 0; band < ka.length; band++) {
        if (ka[band] == kc[band]) {
          shared++;
          break;
        }
      }
    }
    double expected = MinHashSignature.candidateProbability(s, 25, 4);
    double sd = Math.sqrt(expected * (1 - expected) / trials);
    assertEquals(expected, (double) shared / trials, 4 * sd, "s = " + s);
  }

  /**
   * The campaign null's p-value is never below the probability it bounds: by simulation of groups
   * drawn from a skewed host distribution, P(D <= d) is at most the returned value for every d.
   */
  @Test
  void provenancePValueBoundsTheSimulatedProbability() {
    int hosts = 300;
    long[] counts = new long[hosts];
    long total = 0;
    for (int h = 0; h < hosts; h++) {
      counts[h] = Math.max(1, Math.round(3000.0 / (h + 1)));
      total += counts[h];
    }
    ProvenanceConcentration pc = new ProvenanceConcentration(counts, total);
    double[] cdf = new double[hosts];
    double c = 0;
    for (int h = 0; h < hosts; h++) {
      c += (double) counts[h] / total;
      cdf[h] = c;
    }
    Random random = new Random(11);
    for (int n : new int[] {5, 20, 60}) {
      int trials = 20000;
      int[] distinct = new int[n + 1];
      for (int t = 0; t < trials; t++) {
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        for (int i = 0; i < n; i++) {
          double u = random.nextDouble();
          int h = java.util.Arrays.binarySearch(cdf, u);
          seen.add(h >= 0 ? h : Math.min(hosts - 1, -h - 1));
        }
        distinct[seen.size()]++;
      }
      int cumulative = 0;
      for (int d = 1; d <= n; d++) {
        cumulative += distinct[d];
        double simulated = (double) cumulative / trials;
        double p = pc.pValue(n, d);
        assertTrue(
            p >= simulated - 3 * Math.sqrt(simulated * (1 - simulated) / trials) - 1e-9,
            "n " + n + " d " + d + ": bound " + p + " below simulated " + simulated);
      }
    }
    assertEquals(1.0, pc.pValue(20, 20));
    assertEquals(1.0, pc.pValue(1, 1));
    // A one-host group of 20 rows when the top host holds 0.15 of the corpus: 0.15^19 at most.
    assertTrue(pc.pValue(20, 1) <= Math.pow(pc.topShare(1), 19) * 1.0001);
    // Deep in the tail the value is still resolved (not rounded to 0): 19 rows from one host of
    // share 0.001 and one other, P <= 19 * 0.001^18 roughly.
    ProvenanceConcentration flat = new ProvenanceConcentration(ones(1000), 1000);
    double deep = flat.pValue(20, 2);
    assertTrue(deep > 0 && deep < 1e-45, "p " + deep);
    assertEquals(
        Math.log(
            new org.apache.commons.math3.distribution.BinomialDistribution(null, 19, 0.998)
                    .probability(0)
                + new org.apache.commons.math3.distribution.BinomialDistribution(null, 19, 0.998)
                    .probability(1)),
        Math.log(deep),
        1e-6);
    // One key for the whole corpus: no evidence at all.
    assertEquals(1.0, new ProvenanceConcentration(new long[] {100}, 100).pValue(50, 1));
  }

  private static long[] ones(int n) {
    long[] a = new long[n];
    java.util.Arrays.fill(a, 1);
    return a;
  }

  @Test
  void bigBucketsBecomeStars() {
    List<String> members = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      members.add("s" + i);
    }
    List<Row> all = TextNearDuplicates.bucketPairs(members, 6);
    assertEquals(15, all.size());
    List<Row> star = TextNearDuplicates.bucketPairs(members, 5);
    assertEquals(5, star.size());
    for (Row r : star) {
      assertEquals("s0", r.getString(0));
    }
  }
}
