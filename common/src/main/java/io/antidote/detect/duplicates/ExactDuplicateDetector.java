package io.antidote.detect.duplicates;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.map;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.substring;

import io.antidote.corpus.RowFacts;
import io.antidote.detect.Detector;
import io.antidote.detect.DetectorInput;
import io.antidote.detect.DetectorInputs;
import io.antidote.detect.DetectorResult;
import io.antidote.flags.Evidence;
import io.antidote.flags.FlagSchema;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Exact duplicates by content hash. Poisoning campaigns amplify: the same caption or image planted
 * many times so that it outweighs clean data (Carlini et al. 2023 needed 0.01% of LAION; Wallace et
 * al. 2021 repeat trigger phrases). Groups with more than {@code max-group-size} members are
 * flagged as a whole, every member with the group's size, its number of distinct domains and
 * sources (few domains behind a large group is the campaign pattern), and the group's first sample
 * id.
 *
 * <p>Assumes benign duplication stays below the threshold; boilerplate rows ("Click here") in web
 * text exceed it and show up for review, which is why the default action is review, not drop.
 */
public final class ExactDuplicateDetector implements Detector {
  public static final String NAME = "exact_duplicates";
  public static final String GROUP_SIZE = "group_size";
  public static final String CONTENT_SHA256 = "content_sha256";
  public static final String DISTINCT_DOMAINS = "distinct_domains";
  public static final String DISTINCT_SOURCES = "distinct_sources";
  public static final String FIRST_SAMPLE_ID = "first_sample_id";

  private final ExactDuplicateSettings settings;

  public ExactDuplicateDetector(ExactDuplicateSettings settings) {
    this.settings = settings;
  }

  @Override
  public String name() {
    return NAME;
  }

  /** One row per duplicate group above the threshold: hash, size, distinct domains and sources. */
  public Dataset<Row> groups(Dataset<Row> facts) {
    return facts
        .groupBy(col(RowFacts.CONTENT_SHA256))
        .agg(
            count(lit(1)).as(GROUP_SIZE),
            countDistinct(col(RowFacts.DOMAIN)).as(DISTINCT_DOMAINS),
            countDistinct(col(RowFacts.SOURCE)).as(DISTINCT_SOURCES),
            min(col(RowFacts.SAMPLE_ID)).as(FIRST_SAMPLE_ID))
        .where(col(GROUP_SIZE).gt(settings.maxGroupSize()));
  }

  @Override
  public java.util.List<DetectorInput> inputs() {
    return java.util.List.of(DetectorInput.ROW_FACTS);
  }

  @Override
  public DetectorResult flag(DetectorInputs inputs) {
    return DetectorResult.ran(
        NAME, flag(inputs.rowFacts()), java.util.Map.of("max_group_size", settings.maxGroupSize()));
  }

  /** Flags over {@link RowFacts}. */
  public Dataset<Row> flag(Dataset<Row> facts) {
    Dataset<Row> groups = groups(facts);
    return facts
        .select(col(RowFacts.SAMPLE_ID), col(RowFacts.CONTENT_SHA256), col(RowFacts.CONTENT_KIND))
        .join(groups, RowFacts.CONTENT_SHA256)
        .select(
            col(RowFacts.SAMPLE_ID).as(FlagSchema.SAMPLE_ID),
            lit(NAME).as(FlagSchema.DETECTOR),
            col(GROUP_SIZE).cast("double").as(FlagSchema.SCORE),
            lit((double) settings.maxGroupSize()).as(FlagSchema.THRESHOLD),
            concat(
                    lit("one of "),
                    col(GROUP_SIZE),
                    lit(" rows with identical "),
                    col(RowFacts.CONTENT_KIND),
                    lit(" (sha256 "),
                    substring(col(RowFacts.CONTENT_SHA256), 1, 12),
                    lit("…) from "),
                    col(DISTINCT_DOMAINS),
                    lit(" domain(s) and "),
                    col(DISTINCT_SOURCES),
                    lit(" source(s); more than "),
                    lit(settings.maxGroupSize()),
                    lit(" copies looks like amplification"))
                .as(FlagSchema.REASON),
            map(
                    lit(GROUP_SIZE), col(GROUP_SIZE).cast("string"),
                    lit(CONTENT_SHA256), col(RowFacts.CONTENT_SHA256),
                    lit(DISTINCT_DOMAINS), col(DISTINCT_DOMAINS).cast("string"),
                    lit(DISTINCT_SOURCES), col(DISTINCT_SOURCES).cast("string"),
                    lit(FIRST_SAMPLE_ID), col(FIRST_SAMPLE_ID),
                    lit(Evidence.ACTION), lit(settings.common().action().label()))
                .as(FlagSchema.EVIDENCE));
  }
}
