package io.antidote.detect.imagehash;

import io.antidote.config.SettingsBlock;

/**
 * {@code antidote.near-duplicates.image}: how image near-duplicate edges are found.
 *
 * @param hammingCut pairs whose perceptual hashes differ in at most this many of 64 bits are edges
 * @param bands LSH bands over the 64 bits ({@link HashBands}); {@code hammingCut + 1} makes every
 *     probe an exact band key
 * @param maxBucketSize distinct hashes sharing one band key beyond which the key is skipped (and
 *     reported) instead of paired
 * @param cropShares shares of width and height cut off for the crop hashes each image is also
 *     indexed under ({@link PerceptualHash#withCrops}); empty = plain pHash, blind to crops
 * @param colourCut a pHash match is an edge only when the {@link ColourThumbnail} distance of the
 *     pair is at most this, in [0, 255]; 255 turns the check off
 */
public record ImageHashSettings(
    int hammingCut,
    int bands,
    int maxBucketSize,
    java.util.List<Double> cropShares,
    double colourCut) {
  public static final String PATH = "near-duplicates.image";

  public ImageHashSettings {
    new HashBands(bands, hammingCut); // fails with the reason when the pair cannot be enumerated
    cropShares = java.util.List.copyOf(cropShares);
    if (!(colourCut >= 0 && colourCut <= 255)) {
      throw new IllegalArgumentException("the colour cut must be in [0, 255], got " + colourCut);
    }
    for (double s : cropShares) {
      if (!(s > 0 && s < 0.5)) {
        throw new IllegalArgumentException("a crop share must be in (0, 0.5), got " + s);
      }
    }
  }

  /** {@link #cropShares} as an array. */
  public double[] cropShareArray() {
    return cropShares.stream().mapToDouble(Double::doubleValue).toArray();
  }

  public static ImageHashSettings fromConfig(SettingsBlock block) {
    int cut = block.integer("hamming-cut", 0, PerceptualHash.BITS - 1);
    int bands = block.integer("bands", 2, PerceptualHash.BITS);
    int maxBucket = block.integer("max-bucket-size", 2, Integer.MAX_VALUE);
    java.util.List<Double> shares = block.numberList("crop-shares");
    for (double s : shares) {
      block.check(s > 0 && s < 0.5, "crop-shares", "shares in (0, 0.5)", shares);
    }
    double colourCut = block.number("colour-cut", 0, 255);
    try {
      return new ImageHashSettings(cut, bands, maxBucket, shares, colourCut);
    } catch (IllegalArgumentException e) {
      block.check(false, "bands", "a band count the cut can be probed with", e.getMessage());
      throw e;
    }
  }

  /** These settings with another band count (any count finds the same edges). */
  public ImageHashSettings withBands(int otherBands) {
    return new ImageHashSettings(hammingCut, otherBands, maxBucketSize, cropShares, colourCut);
  }

  /** These settings with another bucket cap. */
  public ImageHashSettings withMaxBucketSize(int cap) {
    return new ImageHashSettings(hammingCut, bands, cap, cropShares, colourCut);
  }

  /** These settings with another colour cut (255: no colour check). */
  public ImageHashSettings withColourCut(double cut) {
    return new ImageHashSettings(hammingCut, bands, maxBucketSize, cropShares, cut);
  }

  /** The band layout these settings describe. */
  public HashBands layout() {
    return new HashBands(bands, hammingCut);
  }
}
