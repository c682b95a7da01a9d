package io.antidote.detect.imagehash;

import io.antidote.corpus.CorpusSchema;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The per-row perceptual hash as Spark columns ({@link PerceptualHash} does the math). An image
 * that cannot be decoded gets a null hash and the decoder's reason, so it is counted and shown,
 * never dropped unseen. {@link ImageNearDuplicates.ImageEdges#hashes} is the stored form ({@link
 * #SCHEMA}).
 */
public final class ImageHashes {
  /** The row's 64-bit pHash as a long (bit 63 = DCT coefficient (0, 0)); null if undecodable. */
  public static final String PHASH = "phash";

  /** Why the image could not be hashed; null when it was. */
  public static final String PHASH_ERROR = "phash_error";

  /** {@link CorpusSchema#SAMPLE_ID}, {@link #PHASH}, {@link #PHASH_ERROR}. */
  public static final StructType SCHEMA =
      new StructType()
          .add(CorpusSchema.SAMPLE_ID, DataTypes.StringType, false)
          .add(PHASH, DataTypes.LongType, true)
          .add(PHASH_ERROR, DataTypes.StringType, true);

  /**
   * The image's {@link ColourThumbnail} and its crops', {@link ColourThumbnail#VALUES} per variant
   * in the order of the hashes; null if undecodable.
   */
  public static final String COLOURS = "colours";

  /**
   * What {@link #withCrops} returns: the image's hash, then its crops' hashes, and their colour
   * thumbnails; or the reason.
   */
  public static final StructType WITH_CROPS =
      new StructType()
          .add(PHASH, DataTypes.createArrayType(DataTypes.LongType, false), true)
          .add(PHASH_ERROR, DataTypes.StringType, true)
          .add(COLOURS, DataTypes.createArrayType(DataTypes.DoubleType, false), true);

  private ImageHashes() {}

  /**
   * The struct {@link #WITH_CROPS} of encoded image bytes: {@link PerceptualHash#variants}, the
   * hashes under {@link #PHASH} (element 0 the image's own hash) and the colour thumbnails under
   * {@link #COLOURS}, from one decode. Marked nondeterministic only so that Spark evaluates it once
   * per row instead of once per reference to its fields (it is the costly step: a decode and 19
   * resizes); the hashes are a pure function of the bytes.
   */
  public static Column withCrops(Column imageBytes, double[] cropShares) {
    double[] shares = cropShares.clone();
    return functions
        .udf(
            (UDF1<byte[], Row>)
                bytes -> {
                  if (bytes == null) {
                    return null;
                  }
                  try {
                    PerceptualHash.Variants v = PerceptualHash.variants(bytes, shares);
                    return RowFactory.create(v.hashes(), null, v.colours());
                  } catch (Exception e) { // IOException, or a decoder's runtime failure
                    return RowFactory.create(null, "undecodable image: " + e.getMessage(), null);
                  }
                },
            WITH_CROPS)
        .asNondeterministic()
        .withName("antidote_phash_with_crops")
        .apply(imageBytes);
  }
}
