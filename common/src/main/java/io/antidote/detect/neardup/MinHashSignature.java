package io.antidote.detect.neardup;

import java.io.Serializable;
import java.util.SplittableRandom;

/**
 * MinHash signatures with LSH banding (Broder 1997; Leskovec, Rajaraman and Ullman, Mining of
 * Massive Datasets, ch. 3). Each of {@code bands x rows} hash functions keeps the least hash of a
 * row's shingles; two sets agree on one function with probability equal to their Jaccard similarity
 * {@code s}, so the share of equal positions estimates {@code s}, and two rows share at least one
 * band (all {@code rows} positions of it equal) with probability {@code 1 - (1 - s^rows)^bands}:
 * the S-curve whose steep part sits near {@code (1/bands)^(1/rows)}.
 *
 * <p>The hash functions are a fixed 64-bit mixer (MurmurHash3's finaliser) of the shingle hash xor
 * a per-function seed: not min-wise independent in theory, measured unbiased on real text
 * (NearDuplicateMathTest). Signatures keep the high 32 bits of each minimum; an accidental equal
 * position then has probability 2^-32.
 */
public final class MinHashSignature implements Serializable {
  private final int bands;
  private final int rows;
  private final long[] seeds;

  public MinHashSignature(int bands, int rows, long seed) {
    if (bands < 1 || rows < 1) {
      throw new IllegalArgumentException(
          "bands and rows must be >= 1, got " + bands + " x " + rows);
    }
    this.bands = bands;
    this.rows = rows;
    SplittableRandom random = new SplittableRandom(seed);
    this.seeds = new long[bands * rows];
    for (int i = 0; i < seeds.length; i++) {
      seeds[i] = random.nextLong();
    }
  }

  public int bands() {
    return bands;
  }

  public int rows() {
    return rows;
  }

  /** The signature of a non-empty shingle set. */
  public int[] of(long[] shingles) {
    if (shingles.length == 0) {
      throw new IllegalArgumentException("no shingles to sign");
    }
    int[] sig = new int[seeds.length];
    for (int f = 0; f < seeds.length; f++) {
      long seed = seeds[f];
      long least = Long.MAX_VALUE;
      for (long s : shingles) {
        long h = mix(s ^ seed) >>> 1;
        if (h < least) {
          least = h;
        }
      }
      sig[f] = (int) (least >>> 31);
    }
    return sig;
  }

  /**
   * One bucket key per band: a 64-bit hash of the band's positions and its index (rows whose keys
   * at the same band are equal are candidates).
   */
  public long[] bandKeys(int[] signature) {
    long[] keys = new long[bands];
    for (int b = 0; b < bands; b++) {
      long h = 0x9e3779b97f4a7c15L * (b + 1);
      for (int r = 0; r < rows; r++) {
        h = mix(h ^ (signature[b * rows + r] & 0xffffffffL) ^ ((long) r << 32));
      }
      keys[b] = h;
    }
    return keys;
  }

  /** The share of equal positions: the estimate of the Jaccard similarity. */
  public static double estimatedJaccard(int[] a, int[] b) {
    if (a.length != b.length) {
      throw new IllegalArgumentException(
          "signatures of different lengths: " + a.length + " and " + b.length);
    }
    int equal = 0;
    for (int i = 0; i < a.length; i++) {
      if (a[i] == b[i]) {
        equal++;
      }
    }
    return (double) equal / a.length;
  }

  /** Probability that two rows of Jaccard similarity {@code s} share a band: 1-(1-s^r)^b. */
  public static double candidateProbability(double s, int bands, int rows) {
    return 1 - Math.pow(1 - Math.pow(s, rows), bands);
  }

  /** MurmurHash3's 64-bit finaliser. */
  static long mix(long z) {
    z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
    z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
    return z ^ (z >>> 33);
  }
}
