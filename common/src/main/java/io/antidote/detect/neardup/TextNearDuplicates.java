package io.antidote.detect.neardup;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.posexplode;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.sort_array;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.when;

import io.antidote.corpus.CorpusSchema;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import scala.collection.JavaConverters;

/**
 * Text near-duplicate edges by MinHash with LSH banding: one signature per row, one bucket key per
 * band, candidate pairs from rows sharing a bucket, each verified by the estimated Jaccard of the
 * full signatures ({@link MinHashSignature}). Unlike Spark MLlib's {@code MinHashLSH}, whose tables
 * are single hash functions (OR of one-row bands), a band of {@code rows} positions keeps rows that
 * share only common shingles apart, so buckets stay small.
 *
 * <p>Shingles of a template that many otherwise different texts share ({@link TemplateShingles})
 * are dropped before signing, so short templated texts do not match on the template alone; a row
 * left with fewer than {@code min-shingles} is not compared and is counted ({@code
 * rows_mostly_template}).
 *
 * <p>A bucket can still be huge when many rows are (near) identical or share one boilerplate
 * sentence. Buckets above {@code max-bucket-size} emit only the pairs of each member with the
 * bucket's least id (a star: linear, and still one component when the members are near copies of
 * each other); the report counts them and their rows.
 */
public final class TextNearDuplicates {
  static final String SIGNATURE = "signature";
  static final String SHINGLES = "shingles";
  static final String KEPT_SHINGLES = "kept_shingles";
  static final String SHINGLE_SET = "shingle_set";
  static final String SHINGLE = "shingle";
  static final String TEXTS = "texts";
  static final String BAND = "band";
  static final String BUCKET = "bucket";
  static final String MEMBERS = "members";
  static final String BUCKET_SIZE = "bucket_size";

  private static final StructType SHINGLED =
      new StructType()
          .add(CorpusSchema.SAMPLE_ID, DataTypes.StringType, false)
          .add(SHINGLE_SET, DataTypes.createArrayType(DataTypes.LongType, false), false);

  private static final StructType SIGNED =
      new StructType()
          .add(CorpusSchema.SAMPLE_ID, DataTypes.StringType, false)
          .add(SHINGLES, DataTypes.IntegerType, false)
          .add(KEPT_SHINGLES, DataTypes.IntegerType, false)
          .add(SIGNATURE, DataTypes.createArrayType(DataTypes.IntegerType, false), true);

  private static final StructType PAIRS =
      new StructType()
          .add(NearDuplicateEdges.LEFT_ID, DataTypes.StringType, false)
          .add(NearDuplicateEdges.RIGHT_ID, DataTypes.StringType, false);

  private final NearDuplicateSettings settings;

  public TextNearDuplicates(NearDuplicateSettings settings) {
    this.settings = settings;
  }

  /**
   * Edges ({@link NearDuplicateEdges#SCHEMA}, kind text) between rows of {@code corpus} (sample id
   * and text columns of {@link CorpusSchema}) and what was skipped or capped on the way.
   */
  public Result edges(Dataset<Row> corpus) {
    Shingling shingling = settings.shingling();
    MinHashSignature minHash = settings.signature();
    int minShingles = settings.minShingles();
    Dataset<Row> shingled =
        corpus
            .select(col(CorpusSchema.SAMPLE_ID), col(CorpusSchema.TEXT))
            .map(
                (MapFunction<Row, Row>)
                    r -> RowFactory.create(r.getString(0), shingling.shingles(r.getString(1))),
                Encoders.row(SHINGLED))
            .persist(StorageLevel.MEMORY_AND_DISK());
    // Document frequencies over distinct texts (identical shingle sets once), so that a flood of
    // exact copies does not turn its own shingles into a template.
    Dataset<Row> texts =
        shingled.select(col(SHINGLE_SET)).where(size(col(SHINGLE_SET)).gt(0)).distinct();
    long distinctTexts = texts.count();
    long templateMinTexts =
        TemplateShingles.minTextsOf(
            distinctTexts, settings.templateShare(), settings.templateMinTexts());
    // At most (mean distinct shingles per text) / template-share of them: small enough for the
    // driver and a broadcast (a few thousand for sentences at 0.05).
    long[] templateHashes =
        texts
            .select(explode(col(SHINGLE_SET)).as(SHINGLE))
            .groupBy(col(SHINGLE))
            .agg(count(lit(1)).as(TEXTS))
            .where(col(TEXTS).geq(templateMinTexts))
            .select(col(SHINGLE))
            .as(Encoders.LONG())
            .collectAsList()
            .stream()
            .mapToLong(Long::longValue)
            .toArray();
    TemplateShingles templates = new TemplateShingles(templateHashes);
    Dataset<Row> signed =
        shingled
            .map(
                (MapFunction<Row, Row>)
                    r -> {
                      long[] s = toLongs(r.getSeq(1));
                      long[] kept = templates.without(s);
                      int[] sig = kept.length >= minShingles ? minHash.of(kept) : null;
                      return RowFactory.create(r.getString(0), s.length, kept.length, sig);
                    },
                Encoders.row(SIGNED))
            .persist(StorageLevel.MEMORY_AND_DISK());
    Row counts =
        signed
            .agg(
                count(lit(1)),
                sum(when(col(SHINGLES).lt(minShingles), 1L).otherwise(0L)),
                sum(when(col(SHINGLES).equalTo(0), 1L).otherwise(0L)),
                sum(
                    when(col(SHINGLES).geq(minShingles).and(col(KEPT_SHINGLES).lt(minShingles)), 1L)
                        .otherwise(0L)))
            .first();
    shingled.unpersist();
    long rows = counts.getLong(0);
    long tooShort = counts.isNullAt(1) ? 0 : counts.getLong(1);
    long empty = counts.isNullAt(2) ? 0 : counts.getLong(2);
    long mostlyTemplate = counts.isNullAt(3) ? 0 : counts.getLong(3);

    UserDefinedFunction bandKeys =
        udf(
            (UDF1<scala.collection.Seq<Integer>, long[]>) s -> minHash.bandKeys(toInts(s)),
            DataTypes.createArrayType(DataTypes.LongType, false));
    Dataset<Row> hashed = signed.where(col(SIGNATURE).isNotNull());
    Dataset<Row> buckets =
        hashed
            .select(
                col(CorpusSchema.SAMPLE_ID),
                posexplode(bandKeys.apply(col(SIGNATURE))).as(new String[] {BAND, BUCKET}))
            .groupBy(col(BAND), col(BUCKET))
            .agg(
                sort_array(org.apache.spark.sql.functions.collect_list(col(CorpusSchema.SAMPLE_ID)))
                    .as(MEMBERS),
                count(lit(1)).as(BUCKET_SIZE))
            .where(col(BUCKET_SIZE).geq(2))
            .persist(StorageLevel.MEMORY_AND_DISK());
    int cap = settings.maxBucketSize();
    Row capped =
        buckets
            .agg(
                sum(when(col(BUCKET_SIZE).gt(cap), 1L).otherwise(0L)),
                sum(when(col(BUCKET_SIZE).gt(cap), col(BUCKET_SIZE)).otherwise(0L)),
                org.apache.spark.sql.functions.max(col(BUCKET_SIZE)))
            .first();
    long cappedBuckets = capped.isNullAt(0) ? 0 : capped.getLong(0);
    long cappedRows = capped.isNullAt(1) ? 0 : capped.getLong(1);
    long largestBucket = capped.isNullAt(2) ? 0 : capped.getLong(2);

    Dataset<Row> pairs =
        buckets
            .select(col(MEMBERS))
            .flatMap(
                (FlatMapFunction<Row, Row>) r -> bucketPairs(r.getList(0), cap).iterator(),
                Encoders.row(PAIRS))
            .distinct();
    Dataset<Row> left =
        hashed.select(
            col(CorpusSchema.SAMPLE_ID).as(NearDuplicateEdges.LEFT_ID),
            col(SIGNATURE).as("left_signature"));
    Dataset<Row> right =
        hashed.select(
            col(CorpusSchema.SAMPLE_ID).as(NearDuplicateEdges.RIGHT_ID),
            col(SIGNATURE).as("right_signature"));
    UserDefinedFunction jaccard =
        udf(
            (UDF2<scala.collection.Seq<Integer>, scala.collection.Seq<Integer>, Double>)
                (a, b) -> MinHashSignature.estimatedJaccard(toInts(a), toInts(b)),
            DataTypes.DoubleType);
    Dataset<Row> edges =
        pairs
            .join(left, NearDuplicateEdges.LEFT_ID)
            .join(right, NearDuplicateEdges.RIGHT_ID)
            .select(
                col(NearDuplicateEdges.LEFT_ID),
                col(NearDuplicateEdges.RIGHT_ID),
                lit(NearDuplicateEdges.KIND_TEXT).as(NearDuplicateEdges.KIND),
                jaccard
                    .apply(col("left_signature"), col("right_signature"))
                    .as(NearDuplicateEdges.SIMILARITY))
            .where(col(NearDuplicateEdges.SIMILARITY).geq(settings.threshold()));

    Map<String, Object> report = new LinkedHashMap<>();
    report.put("rows", rows);
    report.put("rows_hashed", rows - tooShort - mostlyTemplate);
    report.put("rows_too_short", tooShort);
    report.put("rows_mostly_template", mostlyTemplate);
    report.put("rows_without_text", empty);
    report.put("shingle", settings.unit().name().toLowerCase(java.util.Locale.ROOT));
    report.put("shingle_size", settings.shingleSize());
    report.put("min_shingles", settings.minShingles());
    report.put("distinct_texts", distinctTexts);
    report.put("template_share", settings.templateShare());
    report.put("template_min_texts", templateMinTexts);
    report.put("template_shingles", templates.size());
    report.put("bands", settings.bands());
    report.put("rows_per_band", settings.rows());
    report.put("threshold", settings.threshold());
    report.put("candidate_probability_at_threshold", settings.candidateProbabilityAtThreshold());
    report.put("buckets_shared", buckets.count());
    report.put("largest_bucket", largestBucket);
    report.put("buckets_capped", cappedBuckets);
    report.put("rows_in_capped_buckets", cappedRows);
    report.put("max_bucket_size", cap);
    return new Result(edges, report, List.of(signed, buckets));
  }

  /**
   * Candidate pairs of one bucket's sorted members: every pair up to {@code cap} members, else the
   * star from the least id (so a huge bucket costs linear, not quadratic, work).
   */
  static List<Row> bucketPairs(List<String> members, int cap) {
    List<Row> out = new ArrayList<>();
    int n = members.size();
    if (n > cap) {
      for (int j = 1; j < n; j++) {
        out.add(RowFactory.create(members.get(0), members.get(j)));
      }
      return out;
    }
    for (int i = 0; i < n; i++) {
      for (int j = i + 1; j < n; j++) {
        if (!members.get(i).equals(members.get(j))) {
          out.add(RowFactory.create(members.get(i), members.get(j)));
        }
      }
    }
    return out;
  }

  private static long[] toLongs(scala.collection.Seq<Long> s) {
    List<Long> l = JavaConverters.seqAsJavaList(s);
    long[] a = new long[l.size()];
    for (int i = 0; i < a.length; i++) {
      a[i] = l.get(i);
    }
    return a;
  }

  private static int[] toInts(scala.collection.Seq<Integer> s) {
    List<Integer> l = JavaConverters.seqAsJavaList(s);
    int[] a = new int[l.size()];
    for (int i = 0; i < a.length; i++) {
      a[i] = l.get(i);
    }
    return a;
  }

  /**
   * The edges (lazy), the report, and what was persisted to build them (release with {@link
   * #release} once the edges are materialised).
   */
  public record Result(
      Dataset<Row> edges, Map<String, Object> report, List<Dataset<Row>> persisted) {
    public void release() {
      persisted.forEach(Dataset::unpersist);
    }
  }
}
