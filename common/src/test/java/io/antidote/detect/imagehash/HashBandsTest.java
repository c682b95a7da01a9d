package io.antidote.detect.imagehash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The pigeonhole guarantee of the bands, on random hashes at every distance up to the cut. */
class HashBandsTest {

  @ParameterizedTest
  @CsvSource({"11, 10", "4, 10", "3, 10", "6, 10", "2, 3", "9, 8"})
  void everyPairWithinTheCutMeetsAndFarPairsMostlyDoNot(int bands, int cut) {
    HashBands layout = new HashBands(bands, cut);
    Random r = new Random(bands * 100 + cut);
    for (int trial = 0; trial < 3000; trial++) {
      long a = r.nextLong();
      long b = a;
      int d = trial % (cut + 1);
      Set<Integer> flipped = new HashSet<>();
      while (flipped.size() < d) {
        flipped.add(r.nextInt(64));
      }
      for (int bit : flipped) {
        b ^= 1L << bit;
      }
      assertEquals(d, PerceptualHash.distance(a, b));
      assertTrue(meets(layout, a, b), "distance " + d + " must meet: " + bands + " bands");
      assertTrue(meets(layout, b, a), "symmetric");
    }
    assertEquals(layout.probesPerHash(), layout.probes(r.nextLong()).length);
  }

  @ParameterizedTest
  @CsvSource({"11, 10, 0.25", "4, 10, 0.02", "3, 10, 0.005"})
  void randomPairsMeetAtTheStatedRate(int bands, int cut, double bound) {
    HashBands layout = new HashBands(bands, cut);
    Random r = new Random(42);
    int met = 0;
    int trials = 20000;
    for (int i = 0; i < trials; i++) {
      if (meets(layout, r.nextLong(), r.nextLong())) {
        met++;
      }
    }
    assertTrue(met < bound * trials, bands + " bands: " + met + " of " + trials);
  }

  @ParameterizedTest
  @CsvSource({"1, 10", "65, 10", "2, 10", "4, 64"})
  void unusableLayoutsAreRefused(int bands, int cut) {
    assertThrows(IllegalArgumentException.class, () -> new HashBands(bands, cut));
  }

  /** Whether a probe of {@code a} equals an index key of {@code b}. */
  private static boolean meets(HashBands layout, long a, long b) {
    Set<Long> keys = new HashSet<>();
    for (long k : layout.keys(b)) {
      keys.add(k);
    }
    for (long p : layout.probes(a)) {
      if (keys.contains(p)) {
        return true;
      }
    }
    return false;
  }
}
