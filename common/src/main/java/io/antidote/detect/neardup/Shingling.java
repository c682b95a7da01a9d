package io.antidote.detect.neardup;

import io.antidote.udfs.TextNormaliser;
import java.io.Serializable;
import java.util.Arrays;

/**
 * Normalised text to a set of 64-bit shingle hashes. Normalisation is {@link TextNormaliser} (NFKC,
 * lower case, whitespace collapsed) plus every run of characters that is neither a letter nor a
 * digit turned into one space, so that edits of punctuation or spacing alone do not separate
 * copies. Shingles are {@code size} consecutive words or characters; a text shorter than one
 * shingle is one shingle of itself.
 */
public final class Shingling implements Serializable {
  @Override
  public String toString() {
    return unit + "-" + size;
  }

  /** What a shingle is made of. */
  public enum Unit {
    WORD,
    CHARACTER
  }

  private static final long FNV_OFFSET = 0xcbf29ce484222325L;
  private static final long FNV_PRIME = 0x100000001b3L;

  private final Unit unit;
  private final int size;

  public Shingling(Unit unit, int size) {
    if (size < 1) {
      throw new IllegalArgumentException("shingle size must be >= 1, got " + size);
    }
    this.unit = unit;
    this.size = size;
  }

  /** The canonical form shingles are cut from; empty for null or punctuation-only text. */
  public static String normalise(String text) {
    String n = TextNormaliser.normalise(text);
    if (n == null) {
      return "";
    }
    return n.replaceAll("[^\\p{L}\\p{N}]+", " ").trim();
  }

  /** The distinct shingle hashes of {@code text}, sorted; empty when nothing is left. */
  public long[] shingles(String text) {
    String n = normalise(text);
    if (n.isEmpty()) {
      return new long[0];
    }
    long[] out;
    if (unit == Unit.WORD) {
      String[] words = n.split(" ");
      int count = Math.max(1, words.length - size + 1);
      out = new long[count];
      for (int i = 0; i < count; i++) {
        long h = FNV_OFFSET;
        for (int j = i; j < Math.min(words.length, i + size); j++) {
          h = fnv(h, words[j]);
          h = (h ^ ' ') * FNV_PRIME;
        }
        out[i] = MinHashSignature.mix(h);
      }
    } else {
      int count = Math.max(1, n.length() - size + 1);
      out = new long[count];
      for (int i = 0; i < count; i++) {
        out[i] =
            MinHashSignature.mix(fnv(FNV_OFFSET, n.substring(i, Math.min(n.length(), i + size))));
      }
    }
    Arrays.sort(out);
    int k = 0;
    for (int i = 0; i < out.length; i++) {
      if (i == 0 || out[i] != out[i - 1]) {
        out[k++] = out[i];
      }
    }
    return Arrays.copyOf(out, k);
  }

  private static long fnv(long h, String s) {
    for (int i = 0; i < s.length(); i++) {
      h = (h ^ s.charAt(i)) * FNV_PRIME;
    }
    return h;
  }

  /** Exact Jaccard similarity of two sorted distinct shingle sets (for tests and calibration). */
  public static double jaccard(long[] a, long[] b) {
    int i = 0;
    int j = 0;
    int common = 0;
    while (i < a.length && j < b.length) {
      if (a[i] == b[j]) {
        common++;
        i++;
        j++;
      } else if (a[i] < b[j]) {
        i++;
      } else {
        j++;
      }
    }
    int union = a.length + b.length - common;
    return union == 0 ? 0 : (double) common / union;
  }
}
