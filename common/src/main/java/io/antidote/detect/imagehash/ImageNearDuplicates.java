package io.antidote.detect.imagehash;

import static org.apache.spark.sql.functions.bit_count;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.min_by;

import io.antidote.corpus.CorpusSchema;
import io.antidote.detect.neardup.NearDuplicateEdges;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.storage.StorageLevel;

/**
 * Image near-duplicate candidate edges on Spark: the perceptual hash of every image ({@link
 * ImageHashes}), banded LSH over the hash bits ({@link HashBands}, recall 1 for pairs within the
 * Hamming cut by the pigeonhole principle), candidates verified by their exact Hamming distance.
 * Nothing is collected to the driver.
 *
 * <p>pHash follows the frame, so a cropped copy is often more than the cut away from its original.
 * Each image is therefore indexed under its own hash and the hashes of a few crops of itself
 * ({@code crop-shares}, {@link PerceptualHash#withCrops}) and probes with its own hash: a pair is
 * an edge when one image's hash is within the cut of the other's or of one of the other's crops.
 * The stored hash ({@link ImageHashes#PHASH}) is the image's own.
 *
 * <p>pHash reads grey luma only, so a pair within the cut is an edge only when its {@link
 * ColourThumbnail} distance is at most {@code colour-cut} too: differently coloured look-alikes
 * (same-layout flags, one heart in two colours) are no edges, recoloured copies neither.
 *
 * <p>Rows with one identical hash are collapsed before the banding: each joins the smallest sample
 * id of its hash in a star of edges with similarity 1, and only one representative per distinct
 * hash enters the bands; a near pair of two distinct hashes becomes one edge between their
 * representatives. Connected components over these edges are those of the all-pairs graph, with
 * edges linear in the rows of a hash instead of quadratic (10,000 blank images make 9,999 edges,
 * not 50 million). A band key that more than {@code max-bucket-size} index entries share is skipped
 * and reported: its pairs are lost unless another band finds them (a recall loss the report shows),
 * the price of bounding a task's work.
 */
public final class ImageNearDuplicates {
  private static final String HASH = "hash";
  private static final String REP = "rep";
  private static final String KEY = "key";
  private static final String COPIES = "copies";
  private static final String OTHER_HASH = "other_hash";
  private static final String OTHER_REP = "other_rep";
  private static final String DISTANCE = "distance";
  private static final String COMPUTED = "computed";
  private static final String VARIANTS = "variants";
  private static final String VARIANT = "variant";
  private static final String COLOURS = "colours";
  private static final String OTHER_COLOURS = "other_colours";

  private ImageNearDuplicates() {}

  /**
   * The hashes of {@code corpusRows} (canonical schema, its {@link CorpusSchema#IMAGE} bytes) and
   * their near-duplicate edges in {@link NearDuplicateEdges#SCHEMA}. The per-image hashes (with
   * their crops' hashes) are persisted, since every branch of the plan reads them; close the result
   * to release them.
   */
  public static ImageEdges edges(Dataset<Row> corpusRows, ImageHashSettings settings) {
    HashBands layout = settings.layout();
    Dataset<Row> computed =
        corpusRows
            .where(col(CorpusSchema.IMAGE).isNotNull())
            .select(
                col(CorpusSchema.SAMPLE_ID),
                ImageHashes.withCrops(col(CorpusSchema.IMAGE), settings.cropShareArray())
                    .as(COMPUTED))
            .persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> hashes =
        computed.select(
            col(CorpusSchema.SAMPLE_ID),
            col(COMPUTED + "." + ImageHashes.PHASH).getItem(0).as(ImageHashes.PHASH),
            col(COMPUTED + "." + ImageHashes.PHASH_ERROR).as(ImageHashes.PHASH_ERROR));
    Dataset<Row> valid =
        computed
            .where(col(COMPUTED + "." + ImageHashes.PHASH).isNotNull())
            .select(
                col(CorpusSchema.SAMPLE_ID),
                col(COMPUTED + "." + ImageHashes.PHASH).getItem(0).as(HASH),
                col(COMPUTED + "." + ImageHashes.PHASH).as(VARIANTS),
                col(COMPUTED + "." + ImageHashes.COLOURS).as(COLOURS));
    Dataset<Row> distinct =
        valid
            .groupBy(col(HASH))
            .agg(
                min(col(CorpusSchema.SAMPLE_ID)).as(REP),
                count(lit(1)).as(COPIES),
                min_by(col(VARIANTS), col(CorpusSchema.SAMPLE_ID)).as(VARIANTS),
                min_by(col(COLOURS), col(CorpusSchema.SAMPLE_ID)).as(COLOURS));

    UserDefinedFunction colourDistance = colourDistance();
    Column sameColours =
        colourDistance.apply(col(COLOURS), col(OTHER_COLOURS)).leq(settings.colourCut());
    // A row whose hash equals its representative's but whose colours do not (a heart in red and in
    // blue can share a hash) gets no edge; it is not compared further (the rare price of
    // collapsing identical hashes).
    Dataset<Row> star =
        valid
            .select(col(CorpusSchema.SAMPLE_ID), col(HASH), col(COLOURS).as(OTHER_COLOURS))
            .join(distinct.select(col(HASH), col(REP), col(COLOURS)), HASH)
            .where(col(CorpusSchema.SAMPLE_ID).notEqual(col(REP)))
            .where(sameColours)
            .select(
                col(REP).as(NearDuplicateEdges.LEFT_ID),
                col(CorpusSchema.SAMPLE_ID).as(NearDuplicateEdges.RIGHT_ID),
                lit(NearDuplicateEdges.KIND_IMAGE).as(NearDuplicateEdges.KIND),
                lit(1.0).as(NearDuplicateEdges.SIMILARITY));

    // Index: every distinct hash under the band keys of its own hash and of its crops' hashes.
    Dataset<Row> index =
        distinct
            .select(col(HASH), col(REP), explode(col(VARIANTS)).as(VARIANT))
            .select(
                col(HASH),
                col(REP),
                col(VARIANT),
                explode(keys(layout).apply(col(VARIANT))).as(KEY));
    Dataset<Row> oversize =
        index
            .groupBy(col(KEY))
            .agg(count(lit(1)).as(COPIES))
            .where(col(COPIES).gt(settings.maxBucketSize()));
    Dataset<Row> indexed =
        index.join(
            oversize.select(col(KEY)), index.col(KEY).equalTo(oversize.col(KEY)), "left_anti");
    // Probes: every distinct hash's own hash, within the band radius.
    Dataset<Row> probes =
        distinct.select(
            col(HASH).as(OTHER_HASH),
            col(REP).as(OTHER_REP),
            explode(probes(layout).apply(col(HASH))).as(KEY));
    Column distance = bit_count(col(VARIANT).bitwiseXOR(col(OTHER_HASH)));
    Dataset<Row> near =
        probes
            .join(indexed, KEY)
            .where(col(OTHER_HASH).notEqual(col(HASH)))
            .withColumn(DISTANCE, distance)
            .where(col(DISTANCE).leq(layout.cut()))
            // A pair meets in several bands, through several crops and from both sides: keep its
            // closest match.
            .groupBy(
                least(col(REP), col(OTHER_REP)).as(NearDuplicateEdges.LEFT_ID),
                greatest(col(REP), col(OTHER_REP)).as(NearDuplicateEdges.RIGHT_ID))
            .agg(min(col(DISTANCE)).as(DISTANCE))
            // pHash is blind to colour: confirm each pair by its colour thumbnails.
            .join(
                distinct.select(col(REP), col(COLOURS)),
                col(NearDuplicateEdges.LEFT_ID).equalTo(col(REP)))
            .drop(REP)
            .join(
                distinct.select(col(REP), col(COLOURS).as(OTHER_COLOURS)),
                col(NearDuplicateEdges.RIGHT_ID).equalTo(col(REP)))
            .where(sameColours)
            .select(
                col(NearDuplicateEdges.LEFT_ID),
                col(NearDuplicateEdges.RIGHT_ID),
                lit(NearDuplicateEdges.KIND_IMAGE).as(NearDuplicateEdges.KIND),
                lit(1.0)
                    .minus(col(DISTANCE).cast("double").divide(PerceptualHash.BITS))
                    .as(NearDuplicateEdges.SIMILARITY));
    return new ImageEdges(
        computed, hashes, star.unionByName(near), oversize, distinct, layout, settings.colourCut());
  }

  private static UserDefinedFunction colourDistance() {
    return functions
        .udf(
            (UDF2<scala.collection.Seq<Double>, scala.collection.Seq<Double>, Double>)
                (a, b) -> ColourThumbnail.distance(toDoubles(a), toDoubles(b)),
            DataTypes.DoubleType)
        .withName("antidote_colour_thumbnail_distance");
  }

  private static double[] toDoubles(scala.collection.Seq<Double> s) {
    java.util.List<Double> l = scala.collection.JavaConverters.seqAsJavaList(s);
    double[] a = new double[l.size()];
    for (int i = 0; i < a.length; i++) {
      a[i] = l.get(i);
    }
    return a;
  }

  private static UserDefinedFunction keys(HashBands layout) {
    return functions
        .udf(
            (UDF1<Long, long[]>) layout::keys, DataTypes.createArrayType(DataTypes.LongType, false))
        .withName("antidote_phash_band_keys");
  }

  private static UserDefinedFunction probes(HashBands layout) {
    return functions
        .udf(
            (UDF1<Long, long[]>) layout::probes,
            DataTypes.createArrayType(DataTypes.LongType, false))
        .withName("antidote_phash_band_probes");
  }

  /**
   * The per-row hashes, the edges, and what the report counts.
   *
   * @param computed the persisted per-image hashes with their crops' (released by {@link #close})
   * @param hashes one row per image row ({@link ImageHashes#SCHEMA}), to store beside the corpus
   * @param edges near-duplicate candidate edges ({@link NearDuplicateEdges#SCHEMA})
   * @param oversizeBuckets band keys skipped for holding more than {@code max-bucket-size} hashes
   */
  public record ImageEdges(
      Dataset<Row> computed,
      Dataset<Row> hashes,
      Dataset<Row> edges,
      Dataset<Row> oversizeBuckets,
      Dataset<Row> distinctHashes,
      HashBands layout,
      double colourCut)
      implements AutoCloseable {

    @Override
    public void close() {
      computed.unpersist();
    }

    /**
     * Counts for run.json (runs Spark jobs): images hashed, undecodable, distinct hashes, skipped
     * buckets and the hashes they held, edges.
     */
    public Map<String, Object> report() {
      Map<String, Object> m = new LinkedHashMap<>();
      Row h = hashes.agg(count(lit(1)), count(col(ImageHashes.PHASH_ERROR))).first();
      m.put("images", h.getLong(0));
      m.put("undecodable_images", h.getLong(1));
      m.put("distinct_hashes", distinctHashes.count());
      m.put("hamming_cut", layout.cut());
      m.put("colour_cut", colourCut);
      m.put("bands", layout.bands());
      m.put("band_radius", layout.radius());
      Row o = oversizeBuckets.agg(count(lit(1)), functions.sum(col(COPIES))).first();
      m.put("oversize_buckets", o.getLong(0));
      m.put("hashes_in_oversize_buckets", o.isNullAt(1) ? 0L : o.getLong(1));
      m.put("edges", edges.count());
      return m;
    }
  }
}
