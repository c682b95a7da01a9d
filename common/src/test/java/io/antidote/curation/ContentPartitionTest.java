package io.antidote.curation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The DPA partition function on its own: deterministic, content-only, close to uniform. */
class ContentPartitionTest {

  @Test
  void dependsOnTextAndImageBytesOnly() {
    int a = ContentPartition.of(new byte[] {1, 2, 3}, "a red bird", 1 << 30);
    assertEquals(a, ContentPartition.of(new byte[] {1, 2, 3}, "a red bird", 1 << 30));
    assertNotEquals(a, ContentPartition.of(new byte[] {1, 2, 4}, "a red bird", 1 << 30));
    assertNotEquals(a, ContentPartition.of(new byte[] {1, 2, 3}, "a red bird.", 1 << 30));
    // Length prefixes keep the boundary between image and text: these would concatenate alike.
    assertNotEquals(
        ContentPartition.of(new byte[] {'a'}, "b", 1 << 30),
        ContentPartition.of(new byte[] {}, "ab", 1 << 30));
    assertNotEquals(
        ContentPartition.of(null, "", 1 << 30), ContentPartition.of(new byte[0], null, 1 << 30));
  }

  @Test
  void spreadsSamplesUniformlyOverPartitions() {
    // Pearson's chi-square over k = 50 partitions of 50,000 distinct texts: with 49 degrees of
    // freedom, P(chi2 > 85) < 0.001, so a biased hash fails and a uniform one passes.
    int k = 50;
    int n = 50_000;
    long[] counts = new long[k];
    for (int i = 0; i < n; i++) {
      int p = ContentPartition.of(null, "caption number " + i, k);
      assertTrue(p >= 0 && p < k);
      counts[p]++;
    }
    double expected = (double) n / k;
    double chi2 = 0;
    for (long c : counts) {
      chi2 += (c - expected) * (c - expected) / expected;
    }
    assertTrue(chi2 < 85.0, "chi-square " + chi2 + " over 49 degrees of freedom");
  }
}
