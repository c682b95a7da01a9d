package io.antidote.detect.imagehash;

import java.io.Serializable;

/**
 * Banded LSH over the 64 bits of a perceptual hash, exact for a Hamming cut (multi-index hashing,
 * Norouzi, Punjani, Fleet, "Fast Search in Hamming Space with Multi-Index Hashing", CVPR 2012). The
 * bits are cut into {@code m} contiguous bands of 64/m bits (the first 64 mod m bands one bit
 * longer). By the pigeonhole principle two hashes at most {@code h} bits apart differ in at most
 * {@code r = floor(h / m)} bits in at least one band; so if every hash is indexed under its exact
 * band values ({@link #keys}) and probes every value within {@code r} bits of its own ({@link
 * #probes}), every pair within the cut meets under at least one key: recall 1 by construction, for
 * any {@code m}.
 *
 * <p>{@code m} trades probes for false candidates. With {@code m = h + 1} (11 for the default cut
 * 10) the radius is 0, a probe is the exact key, and a random pair of hashes meets in some band
 * with probability about {@code m × 2^-(64/m)} (≈ 0.17 for 11 bands of 5–6 bits: quadratic work
 * beyond a few tens of thousands of distinct hashes). With {@code m = 4} (16-bit bands, radius 2)
 * each hash probes 4 × 137 keys and a random pair meets with probability about 4 × 137 / 2^16 ≈
 * 0.008; {@code m = 3} (radius 3) probes 3 × ~1,800 keys for ≈ 0.0013. Real pHash bits are not
 * independent, so measure the candidate count on your data (the report gives it).
 *
 * <p>A key packs the band's index above its value, so keys of different bands never collide.
 */
public final class HashBands implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Above this many probe keys per hash the enumeration is refused (pick more bands). */
  public static final int MAX_PROBES = 20_000;

  private final int bands;
  private final int cut;
  private final int radius;
  private final int[] start;
  private final int[] width;

  /**
   * @param bands number of bands, in [2, 64]
   * @param cut the Hamming cut, in [0, 63]
   */
  public HashBands(int bands, int cut) {
    if (bands < 2 || bands > PerceptualHash.BITS) {
      throw new IllegalArgumentException("bands must be in [2, 64], got " + bands);
    }
    if (cut < 0 || cut >= PerceptualHash.BITS) {
      throw new IllegalArgumentException("the Hamming cut must be in [0, 63], got " + cut);
    }
    this.bands = bands;
    this.cut = cut;
    this.radius = cut / bands;
    this.start = new int[bands];
    this.width = new int[bands];
    int at = 0;
    for (int b = 0; b < bands; b++) {
      width[b] = PerceptualHash.BITS / bands + (b < PerceptualHash.BITS % bands ? 1 : 0);
      start[b] = at;
      at += width[b];
    }
    long probes = probesPerHash();
    if (probes > MAX_PROBES) {
      throw new IllegalArgumentException(
          bands
              + " bands at Hamming cut "
              + cut
              + " make "
              + probes
              + " probe keys per hash (radius "
              + radius
              + " in "
              + width[0]
              + "-bit bands), more than "
              + MAX_PROBES
              + ": use more bands");
    }
  }

  public int bands() {
    return bands;
  }

  public int cut() {
    return cut;
  }

  /** Bits by which a band value may differ from a probe and still meet it: floor(cut / bands). */
  public int radius() {
    return radius;
  }

  /** How many keys {@link #probes} returns for one hash. */
  public long probesPerHash() {
    long n = 0;
    for (int b = 0; b < bands; b++) {
      n += ballSize(width[b], radius);
    }
    return n;
  }

  /** The hash's exact key in each band. */
  public long[] keys(long hash) {
    long[] k = new long[bands];
    for (int b = 0; b < bands; b++) {
      k[b] = key(b, value(hash, b));
    }
    return k;
  }

  /** Every key within {@link #radius} bits of the hash's own value in each band (its own too). */
  public long[] probes(long hash) {
    long[] out = new long[(int) probesPerHash()];
    int n = 0;
    for (int b = 0; b < bands; b++) {
      n = flips(b, value(hash, b), 0, radius, out, n);
    }
    return out;
  }

  /**
   * Appends the band value and every variant with up to {@code left} more bits flipped at >= from.
   */
  private int flips(int band, long v, int from, int left, long[] out, int n) {
    out[n++] = key(band, v);
    if (left == 0) {
      return n;
    }
    for (int bit = from; bit < width[band]; bit++) {
      n = flips(band, v ^ (1L << bit), bit + 1, left - 1, out, n);
    }
    return n;
  }

  private long value(long hash, int band) {
    int shift = PerceptualHash.BITS - start[band] - width[band];
    return (hash >>> shift) & ((1L << width[band]) - 1);
  }

  /** Bands are at most 32 bits wide, so the index fits above the value. */
  private static long key(int band, long value) {
    return ((long) band << 32) | value;
  }

  private static long ballSize(int n, int r) {
    long total = 0;
    long c = 1;
    for (int i = 0; i <= r; i++) {
      total += c;
      c = c * (n - i) / (i + 1);
    }
    return total;
  }
}
