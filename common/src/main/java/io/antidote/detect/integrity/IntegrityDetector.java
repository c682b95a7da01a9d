package io.antidote.detect.integrity;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.hex;
import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.lpad;
import static org.apache.spark.sql.functions.map;
import static org.apache.spark.sql.functions.map_filter;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.substring;
import static org.apache.spark.sql.functions.when;

import io.antidote.corpus.CorpusSchema;
import io.antidote.corpus.InputException;
import io.antidote.corpus.RowFacts;
import io.antidote.detect.Detector;
import io.antidote.detect.DetectorInput;
import io.antidote.detect.DetectorInputs;
import io.antidote.detect.DetectorResult;
import io.antidote.flags.Action;
import io.antidote.flags.Evidence;
import io.antidote.flags.FlagSchema;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.api.java.UDF3;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Recorded content hash versus the hash of the content actually present, graded by perceptual hash
 * for images. Split-view poisoning (Carlini et al., "Poisoning Web-Scale Training Datasets is
 * Practical", 2023) serves different bytes at a URL after the index was built; a corpus that
 * recorded SHA-256 at build time exposes it as a mismatch.
 *
 * <p>Assumes the recorded hash was taken over the same bytes this corpus carries (image bytes, else
 * the UTF-8 caption). A host that re-encodes or resizes an image changes the SHA-256 as much as an
 * attacker does; where the row also has a reference perceptual hash ({@code
 * reference-phash-column}, e.g. the {@code phash} a previous run stored), a mismatched image whose
 * pHash ({@link io.antidote.detect.imagehash.PerceptualHash}) is within {@code phash-cut} bits of
 * it is benign drift and asks for review; farther, it is tampering and gets the configured action
 * (drop). It fails where the swap is perceptually close (an edit of a few pixels, a watermark, a
 * swapped picture that looks alike): that is graded benign, so it is only reviewed. Without a
 * reference (no column, a null value) a mismatch cannot be graded and keeps the configured action,
 * as before grading existed; a reference that is no pHash, or an image that cannot be decoded, is
 * flagged with the configured action too, the reason naming the column and value, and counted in
 * the report. Text mismatches are never graded. Rows without a recorded hash cannot be checked and
 * are counted, not flagged; a recorded value that is not a SHA-256 digest at all is flagged for
 * review.
 */
public final class IntegrityDetector implements Detector {
  public static final String NAME = "integrity";
  public static final String RECORDED = "recorded_sha256";
  public static final String RECOMPUTED = "recomputed_sha256";
  public static final String HASHED = "hashed";

  /** Evidence: {@code benign_drift}, {@code tampering} or {@code ungraded}. */
  public static final String GRADE = "grade";

  public static final String GRADE_BENIGN = "benign_drift";
  public static final String GRADE_TAMPERING = "tampering";
  public static final String GRADE_UNGRADED = "ungraded";

  /**
   * Evidence: the reference pHash as read (16 hex digits), the image's, their distance, the cut.
   */
  public static final String REFERENCE_PHASH = "reference_phash";

  public static final String CONTENT_PHASH = "content_phash";
  public static final String PHASH_DISTANCE = "phash_distance";
  public static final String PHASH_CUT = "phash_cut";

  /** Evidence: why a mismatched image could not be graded. */
  public static final String GRADE_PROBLEM = "grade_problem";

  private static final String REF = "_antidote_reference_phash";
  private static final String IMAGE = "_antidote_image";
  private static final String G = "_antidote_grade";

  private static final StructType GRADE_TYPE =
      new StructType()
          .add(CONTENT_PHASH, DataTypes.StringType, true)
          .add(PHASH_DISTANCE, DataTypes.IntegerType, true)
          .add(GRADE_PROBLEM, DataTypes.StringType, true);

  private final IntegritySettings settings;

  public IntegrityDetector(IntegritySettings settings) {
    this.settings = settings;
  }

  @Override
  public String name() {
    return NAME;
  }

  /** Whether the recorded value has the shape of a SHA-256 hex digest. */
  public static Column wellFormed(Column recorded) {
    return length(recorded).equalTo(64).and(recorded.rlike("^[0-9a-f]{64}$"));
  }

  @Override
  public List<DetectorInput> inputs() {
    return List.of(DetectorInput.ROW_FACTS, DetectorInput.CORPUS_ROWS);
  }

  /** The reference column, when configured, must be a long or a string; absent is allowed. */
  @Override
  public void checkInput(DetectorInput input, StructType schema) {
    if (!(input instanceof DetectorInput.CorpusRows)) {
      return;
    }
    referenceColumn(schema);
  }

  /** The reference column to grade with, if configured and present; throws if mistyped. */
  private Optional<String> referenceColumn(StructType schema) {
    if (settings.referencePhashColumn().isEmpty()) {
      return Optional.empty();
    }
    String name = settings.referencePhashColumn().get();
    if (!List.of(schema.fieldNames()).contains(name)) {
      return Optional.empty();
    }
    DataType type = schema.apply(name).dataType();
    if (!type.equals(DataTypes.LongType) && !type.equals(DataTypes.StringType)) {
      throw new InputException(
          "reference perceptual hash column '"
              + name
              + "' (antidote."
              + IntegritySettings.PATH
              + ".reference-phash-column) has type "
              + type.simpleString()
              + "; expected bigint (a 64-bit pHash) or string (16 hex digits)");
    }
    return Optional.of(name);
  }

  @Override
  public DetectorResult flag(DetectorInputs inputs) {
    Dataset<Row> corpus = inputs.corpusRows();
    Optional<String> column = referenceColumn(corpus.schema());
    Dataset<Row> flags = flag(inputs.rowFacts(), column.map(c -> corpus));
    Map<String, Object> report = new LinkedHashMap<>();
    report.put(
        "graded_by",
        column.isPresent()
            ? "perceptual hash in column '" + column.get() + "', cut " + settings.phashCut()
            : settings.referencePhashColumn().isEmpty()
                ? "nothing (reference-phash-column is empty)"
                : "nothing (no column '" + settings.referencePhashColumn().get() + "')");
    if (column.isPresent()) {
      // Counting runs a job over the flags only (the mismatches), not over the corpus.
      Row c =
          flags
              .select(col(FlagSchema.EVIDENCE).getItem(GRADE).as(GRADE))
              .agg(
                  functions.count(when(col(GRADE).equalTo(GRADE_BENIGN), lit(1))),
                  functions.count(when(col(GRADE).equalTo(GRADE_TAMPERING), lit(1))),
                  functions.count(when(col(GRADE).equalTo(GRADE_UNGRADED), lit(1))))
              .first();
      report.put("benign_drift", c.getLong(0));
      report.put("tampering", c.getLong(1));
      report.put("not_gradable", c.getLong(2));
    }
    return DetectorResult.ran(NAME, flags, report);
  }

  /** Flags over {@link RowFacts}, ungraded (no reference). */
  public Dataset<Row> flag(Dataset<Row> facts) {
    return flag(facts, Optional.empty());
  }

  /**
   * Flags over {@link RowFacts}; mismatched images are graded against the reference column of
   * {@code corpus} when it is given (and has the configured column).
   */
  public Dataset<Row> flag(Dataset<Row> facts, Optional<Dataset<Row>> corpus) {
    Column recorded = col(RowFacts.RECORDED_SHA256);
    Column recomputed = col(RowFacts.CONTENT_SHA256);
    Column malformed = not(wellFormed(recorded));
    Dataset<Row> mismatched =
        facts.where(recorded.isNotNull().and(malformed.or(recorded.notEqual(recomputed))));
    Optional<String> column = corpus.flatMap(c -> referenceColumn(c.schema()));
    Column grade;
    if (column.isPresent()) {
      Dataset<Row> c = corpus.get();
      Column ref = col(column.get());
      Column asHex =
          c.schema().apply(column.get()).dataType().equals(DataTypes.LongType)
              // Spark's hex of a long is its two's complement, so negative hashes print right.
              ? lpad(lower(hex(ref)), 16, "0")
              : ref;
      Dataset<Row> refs =
          c.where(col(CorpusSchema.IMAGE).isNotNull().and(ref.isNotNull()))
              .select(
                  col(CorpusSchema.SAMPLE_ID).as(RowFacts.SAMPLE_ID),
                  col(CorpusSchema.IMAGE).as(IMAGE),
                  asHex.as(REF));
      mismatched = mismatched.join(refs, new String[] {RowFacts.SAMPLE_ID}, "left");
      grade =
          when(
              not(malformed)
                  .and(col(RowFacts.CONTENT_KIND).equalTo(RowFacts.KIND_IMAGE))
                  .and(col(REF).isNotNull()),
              gradeUdf(column.get()).apply(col(IMAGE), col(REF), lit(column.get())));
    } else {
      mismatched = mismatched.withColumn(REF, lit(null).cast(DataTypes.StringType));
      grade = lit(null).cast(GRADE_TYPE);
    }
    Dataset<Row> graded = mismatched.withColumn(G, grade);
    Column distance = col(G + "." + PHASH_DISTANCE);
    Column problem = col(G + "." + GRADE_PROBLEM);
    Column isGraded = distance.isNotNull();
    Column benign = isGraded.and(distance.leq(settings.phashCut()));
    Column mismatch =
        concat(
            lit("recorded SHA-256 "),
            substring(recorded, 1, 12),
            lit("… differs from "),
            substring(recomputed, 1, 12),
            lit("… recomputed over the "),
            col(RowFacts.CONTENT_KIND));
    Column reason =
        when(
                malformed,
                concat(
                    lit("recorded sha256 '"),
                    substring(recorded, 1, 80),
                    lit("' is not a SHA-256 hex digest, so the content cannot be verified")))
            .when(
                benign,
                concat(
                    mismatch,
                    lit(", but its perceptual hash is "),
                    distance,
                    lit(" of 64 bits from the reference (cut "),
                    lit(settings.phashCut()),
                    lit("): the same picture re-encoded or resized (benign drift)")))
            .when(
                isGraded,
                concat(
                    mismatch,
                    lit(" and its perceptual hash is "),
                    distance,
                    lit(" of 64 bits from the reference (more than the cut "),
                    lit(settings.phashCut()),
                    lit("): different content (split-view poisoning)")))
            .when(
                problem.isNotNull(),
                concat(
                    mismatch,
                    lit(": the content changed after the corpus recorded it; not graded: "),
                    problem))
            .otherwise(
                concat(
                    mismatch,
                    lit(
                        ": the content changed after the corpus recorded it (split-view poisoning)")));
    Column action =
        when(malformed.or(benign), lit(Action.REVIEW.label()))
            .otherwise(lit(settings.common().action().label()));
    Column gradeLabel =
        when(benign, lit(GRADE_BENIGN))
            .when(isGraded, lit(GRADE_TAMPERING))
            .when(problem.isNotNull(), lit(GRADE_UNGRADED));
    Column evidence =
        map_filter(
            map(
                lit(RECORDED),
                recorded,
                lit(RECOMPUTED),
                recomputed,
                lit(HASHED),
                col(RowFacts.CONTENT_KIND),
                lit(Evidence.ACTION),
                action,
                lit(GRADE),
                gradeLabel,
                lit(REFERENCE_PHASH),
                when(col(G).isNotNull(), col(REF)),
                lit(CONTENT_PHASH),
                col(G + "." + CONTENT_PHASH),
                lit(PHASH_DISTANCE),
                distance.cast("string"),
                lit(PHASH_CUT),
                when(col(G).isNotNull(), lit(String.valueOf(settings.phashCut()))),
                lit(GRADE_PROBLEM),
                problem),
            (k, v) -> v.isNotNull());
    return graded.select(
        col(RowFacts.SAMPLE_ID).as(FlagSchema.SAMPLE_ID),
        lit(NAME).as(FlagSchema.DETECTOR),
        coalesce(distance.cast("double"), lit(1.0)).as(FlagSchema.SCORE),
        when(isGraded, lit((double) settings.phashCut()))
            .otherwise(lit(1.0))
            .as(FlagSchema.THRESHOLD),
        reason.as(FlagSchema.REASON),
        evidence.as(FlagSchema.EVIDENCE));
  }

  private static UserDefinedFunction gradeUdf(String column) {
    return functions
        .udf(
            (UDF3<byte[], String, String, Row>)
                (image, reference, name) -> {
                  PerceptualGrade g = PerceptualGrade.of(image, reference, name);
                  return RowFactory.create(g.contentPhash(), g.distance(), g.problem());
                },
            GRADE_TYPE)
        .asNondeterministic()
        .withName("antidote_phash_grade");
  }
}
