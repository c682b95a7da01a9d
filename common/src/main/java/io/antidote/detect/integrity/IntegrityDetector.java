package io.antidote.detect.integrity;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.map;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.substring;
import static org.apache.spark.sql.functions.when;

import io.antidote.corpus.RowFacts;
import io.antidote.detect.Detector;
import io.antidote.detect.DetectorInput;
import io.antidote.detect.DetectorInputs;
import io.antidote.detect.DetectorResult;
import io.antidote.flags.Action;
import io.antidote.flags.Evidence;
import io.antidote.flags.FlagSchema;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Recorded content hash versus the hash of the content actually present. Split-view poisoning
 * (Carlini et al., "Poisoning Web-Scale Training Datasets is Practical", 2023) serves different
 * bytes at a URL after the index was built; a corpus that recorded SHA-256 at build time exposes it
 * as a mismatch.
 *
 * <p>Assumes the recorded hash was taken over the same bytes this corpus carries (image bytes, else
 * the UTF-8 caption). It cannot tell tampering from benign re-encoding by the host; both are
 * flagged. Rows without a recorded hash cannot be checked and are counted, not flagged; a recorded
 * value that is not a SHA-256 digest at all is flagged for review.
 */
public final class IntegrityDetector implements Detector {
  public static final String NAME = "integrity";
  public static final String RECORDED = "recorded_sha256";
  public static final String RECOMPUTED = "recomputed_sha256";
  public static final String HASHED = "hashed";

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
    return List.of(DetectorInput.ROW_FACTS);
  }

  @Override
  public DetectorResult flag(DetectorInputs inputs) {
    return DetectorResult.ran(NAME, flag(inputs.rowFacts()), Map.of());
  }

  /** Flags over {@link RowFacts}. */
  public Dataset<Row> flag(Dataset<Row> facts) {
    Column recorded = col(RowFacts.RECORDED_SHA256);
    Column recomputed = col(RowFacts.CONTENT_SHA256);
    Column malformed = not(wellFormed(recorded));
    Column reason =
        when(
                malformed,
                concat(
                    lit("recorded sha256 '"),
                    substring(recorded, 1, 80),
                    lit("' is not a SHA-256 hex digest, so the content cannot be verified")))
            .otherwise(
                concat(
                    lit("recorded SHA-256 "),
                    substring(recorded, 1, 12),
                    lit("… differs from "),
                    substring(recomputed, 1, 12),
                    lit("… recomputed over the "),
                    col(RowFacts.CONTENT_KIND),
                    lit(
                        ": the content changed after the corpus recorded it (split-view poisoning)")));
    Column action =
        when(malformed, lit(Action.REVIEW.label()))
            .otherwise(lit(settings.common().action().label()));
    return facts
        .where(recorded.isNotNull().and(malformed.or(recorded.notEqual(recomputed))))
        .select(
            col(RowFacts.SAMPLE_ID).as(FlagSchema.SAMPLE_ID),
            lit(NAME).as(FlagSchema.DETECTOR),
            lit(1.0).as(FlagSchema.SCORE),
            lit(1.0).as(FlagSchema.THRESHOLD),
            reason.as(FlagSchema.REASON),
            map(
                    lit(RECORDED), recorded,
                    lit(RECOMPUTED), recomputed,
                    lit(HASHED), col(RowFacts.CONTENT_KIND),
                    lit(Evidence.ACTION), action)
                .as(FlagSchema.EVIDENCE));
  }
}
