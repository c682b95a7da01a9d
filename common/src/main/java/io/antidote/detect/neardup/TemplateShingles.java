package io.antidote.detect.neardup;

import java.io.Serializable;
import java.util.Arrays;

/**
 * Shingles so common in the corpus that they mark a template, not a copy: those in more than {@code
 * template-share} of its distinct texts (and in at least {@code template-min-texts}). They are
 * dropped before MinHash, as in IDF-weighted near-duplicate detection, where a term carries
 * information in inverse proportion to its document frequency (Spärck Jones 1972; Chum, Philbin,
 * Zisserman, "Near Duplicate Image Detection: min-Hash and tf-idf Weighting", BMVC 2008, for the
 * MinHash case). On the demo the caption template "an emoji of ..." is in 9.5 % of texts; with its
 * shingles counted, "an emoji of watch" and "an emoji of tent" sit at Jaccard 0.47 and MinHash
 * estimates them at 0.5-0.57, over the cut; without them each has 4-5 shingles left and is not
 * compared (fewer than {@code min-shingles}).
 *
 * <p>Assumes a template is shared by many otherwise different texts and a copy campaign is a small
 * share of the corpus. It fails when a campaign's copies are themselves more than {@code
 * template-share} of the distinct texts: their payload then reads as a template and the edited
 * copies are no longer compared (identical copies count once, so a flood of exact copies does not
 * do this; {@code exact_duplicates} sees those). Short texts that are mostly template ("an emoji of
 * pen") are not compared at all, and are counted.
 */
public final class TemplateShingles implements Serializable {
  private static final long serialVersionUID = 1L;

  /** No templates: every shingle kept. */
  public static final TemplateShingles NONE = new TemplateShingles(new long[0]);

  private final long[] sorted;

  /** The template shingle hashes, any order, duplicates allowed. */
  public TemplateShingles(long[] shingles) {
    long[] s = shingles.clone();
    Arrays.sort(s);
    this.sorted = s;
  }

  /**
   * The least number of distinct texts a shingle must be in to be a template: more than {@code
   * share} of {@code texts}, and at least {@code minTexts}.
   */
  public static long minTextsOf(long texts, double share, long minTexts) {
    return Math.max((long) Math.floor(share * texts) + 1, minTexts);
  }

  /**
   * The template shingles of a corpus given as its texts' distinct shingle sets (one set per
   * distinct text): the driver-side form of what {@link TextNearDuplicates} counts on Spark.
   */
  public static TemplateShingles of(
      java.util.Collection<long[]> distinctTexts, double share, long minTexts) {
    java.util.Map<Long, Integer> frequency = new java.util.HashMap<>();
    for (long[] text : distinctTexts) {
      for (long s : text) {
        frequency.merge(s, 1, Integer::sum);
      }
    }
    long least = minTextsOf(distinctTexts.size(), share, minTexts);
    return new TemplateShingles(
        frequency.entrySet().stream()
            .filter(e -> e.getValue() >= least)
            .mapToLong(java.util.Map.Entry::getKey)
            .toArray());
  }

  public int size() {
    return sorted.length;
  }

  public boolean contains(long shingle) {
    return Arrays.binarySearch(sorted, shingle) >= 0;
  }

  /** The shingles of a sorted distinct set that are not template shingles, still sorted. */
  public long[] without(long[] shingles) {
    if (sorted.length == 0) {
      return shingles;
    }
    long[] out = new long[shingles.length];
    int k = 0;
    for (long s : shingles) {
      if (!contains(s)) {
        out[k++] = s;
      }
    }
    return k == shingles.length ? shingles : Arrays.copyOf(out, k);
  }
}
