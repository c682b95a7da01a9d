package io.antidote.detect.labeldisagreement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.antidote.config.SettingsBlock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The neighbour vote, the noise model, the BH cut and the flip decision on arrays, without Spark.
 */
class LabelFlipsTest {
  static final LabelDisagreementSettings S =
      LabelDisagreementSettings.fromConfig(SettingsBlock.defaults(LabelDisagreementSettings.PATH));

  @Test
  void voteCountsTheFirstKLabelledNeighbours() {
    LabelVote v =
        LabelVote.of("cat", Arrays.asList("dog", "cat", null, "bird", "dog", "cat", "x"), 6);
    assertEquals(5, v.voters());
    assertEquals(2, v.count("cat"));
    assertEquals(2, v.count("dog"));
    // dog and cat tie at 2: the name that sorts first wins the majority.
    assertEquals("cat", v.majority());
    assertEquals("dog", v.majorityOther());
    assertEquals(4, v.scaled("cat", 10));
    // Dirichlet smoothing: (2 + 1 * 0.5) / (5 + 1).
    assertEquals(2.5 / 6, v.probability("cat", 0.5, 1.0), 1e-12);
    assertNull(LabelVote.of("cat", List.of("cat", "cat"), 10).majorityOther());
  }

  /** Counts of n rows, k votes each, agreement rates from Beta(a, b). */
  static double[] sample(int rows, int k, double a, double b, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    double[] h = new double[k + 1];
    for (int i = 0; i < rows; i++) {
      // Beta by two gammas with integer shapes (sums of exponentials).
      double x = gamma(rnd, a);
      double theta = x / (x + gamma(rnd, b));
      int c = 0;
      for (int j = 0; j < k; j++) {
        if (rnd.nextDouble() < theta) {
          c++;
        }
      }
      h[c]++;
    }
    return h;
  }

  static double gamma(SplittableRandom rnd, double shape) {
    double s = 0;
    for (int i = 0; i < (int) shape; i++) {
      s -= Math.log(1 - rnd.nextDouble());
    }
    return s;
  }

  @Test
  void betaBinomialFitRecoversItsParameters() {
    double[] h = sample(20_000, 30, 8, 2, 3);
    double[] ab = BetaBinomial.fit(h, 30);
    assertEquals(8, ab[0], 1.0);
    assertEquals(2, ab[1], 0.3);
    double[] tail = BetaBinomial.lowerTail(30, 8, 2);
    assertEquals(1.0, tail[30], 1e-9);
    assertEquals(Math.exp(BetaBinomial.logPmf(0, 30, 8, 2)), tail[0], 1e-15);
    assertEquals(Math.log(24), BetaBinomial.logGamma(5), 1e-12);
  }

  @Test
  void theMixtureKeepsPlantedFlipsOutOfTheCleanLaw() {
    int k = 30;
    double[] own = sample(1900, k, 8, 1, 5);
    // Flipped rows carry the votes of the other class: few own votes.
    double[] flip = sample(100_000, k, 1, 8, 6);
    double[] planted = sample(100, k, 1, 8, 7);
    double sum = 0;
    for (double f : flip) {
      sum += f;
    }
    for (int x = 0; x <= k; x++) {
      flip[x] = (flip[x] + 0.5) / (sum + 0.5 * (k + 1));
      own[x] += planted[x];
    }
    FlipMixture m = FlipMixture.fit(own, flip);
    assertEquals(0.05, m.flipShare(), 0.015);
    // A row with 2 own votes of 30 is far in the clean law's tail...
    assertTrue(m.pValue(2) < 1e-5, "p(2) " + m.pValue(2));
    // ...and the fit without the mixture is dragged down by the flips.
    double[] ab = BetaBinomial.fit(own, k);
    assertTrue(BetaBinomial.lowerTail(k, ab[0], ab[1])[2] > 10 * m.pValue(2));
    assertEquals(1.0, m.pValue(k), 1e-9);
  }

  @Test
  void benjaminiHochbergOverDiscreteBins() {
    // 1,000 rows: 20 at p 1e-5, 30 at 0.004, the rest at 0.5.
    List<double[]> bins = new ArrayList<>();
    bins.add(new double[] {0.5, 950});
    bins.add(new double[] {0.004, 30});
    bins.add(new double[] {1e-5, 20});
    // At 0.01: the 20 pass (1e-5 <= 20 * 0.01 / 1000); the 30 at 0.004 need 0.004 <= 50 * 1e-5.
    assertEquals(1e-5, LabelFlips.cut(bins, 1000, 0.01));
    // At 0.1: 0.004 <= 50 * 0.1 / 1000 = 0.005.
    assertEquals(0.004, LabelFlips.cut(bins, 1000, 0.1));
    assertEquals(-1, LabelFlips.cut(List.of(new double[] {0.3, 1000}), 1000, 0.01));
  }

  @Test
  void flipsOnlyBetweenJudgedClassesUnderTheCut() {
    int k = 10;
    double[] tail = BetaBinomial.lowerTail(k, 9, 1);
    FlipMixture noise = new FlipMixture(9, 1, 0.01, tail);
    Map<String, ClassStats> classes =
        Map.of(
            "cat", ClassStats.of("cat", 100, 0.3, 0.95, 0.9, noise, S),
            "dog", ClassStats.of("dog", 100, 0.3, 0.9, 0.8, noise, S),
            // Not separable: neither flagged nor suggested.
            "fox", ClassStats.of("fox", 100, 0.3, 0.5, 0.5, noise, S),
            // Too small to judge.
            "emu", ClassStats.of("emu", 5, 0.1, 1.0, 1.0, noise, S));
    LabelFlips flips = new LabelFlips(classes, k, 1.0, 0.01, tail[1]);
    LabelVote toDog =
        LabelVote.of(
            "cat",
            List.of("dog", "dog", "dog", "dog", "dog", "dog", "dog", "dog", "dog", "cat"),
            k);
    assertEquals("dog", flips.suggested(toDog));
    assertEquals("dog", flips.confidentClass(toDog));
    assertTrue(flips.isFlip(toDog));
    LabelFlips.Flag f = flips.flag(toDog, List.of("n1", "n2", "n3", "n4", "n5", "n6"));
    assertEquals(-Math.log10(tail[1]), f.score(), 1e-9);
    assertEquals("dog", f.evidence().get("suggested_label"));
    assertEquals("1", f.evidence().get("statistic"));
    assertEquals("n1,n2,n3,n4,n5", f.evidence().get("neighbours"));
    for (String key : List.of("test", "statistic", "null", "p_value", "fdr", "p_cut")) {
      assertTrue(f.evidence().containsKey(key), key);
    }
    assertTrue(f.reason().startsWith("labelled 'cat' but only 1 of its 10"), f.reason());

    // Above the cut: two own votes.
    assertFalse(
        flips.isFlip(
            LabelVote.of(
                "cat",
                List.of("dog", "dog", "dog", "dog", "dog", "dog", "dog", "dog", "cat", "cat"),
                k)));
    // Into or out of an unseparable or too small class.
    List<String> foxes = List.of("fox", "fox", "fox", "fox", "fox", "fox", "fox", "fox", "fox");
    assertFalse(flips.isFlip(LabelVote.of("cat", foxes, k)));
    assertFalse(flips.isFlip(LabelVote.of("fox", List.of("dog", "dog", "dog", "dog"), k)));
    assertFalse(flips.isFlip(LabelVote.of("cat", List.of("emu", "emu", "emu", "emu"), k)));
    // An unknown label (no figures) is never flagged; nothing is when BH rejects nothing.
    assertFalse(flips.isFlip(LabelVote.of("yak", List.of("dog", "dog", "dog", "dog"), k)));
    assertFalse(new LabelFlips(classes, k, 1.0, 0.01, -1).isFlip(toDog));
  }
}
