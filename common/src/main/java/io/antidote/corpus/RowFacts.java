package io.antidote.corpus;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import io.antidote.udfs.AntidoteFunctions;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The per-row facts the model-free detectors need, computed in one pass over the corpus: recomputed
 * content hash, registrable domain, lineage. A row of facts is a few hundred bytes however large
 * the image, so the audit persists this frame once and runs integrity, provenance, duplicates,
 * lineage and the counts on it instead of rescanning the corpus (the analyzers-share-a-scan idea of
 * Deequ).
 */
public final class RowFacts {
  public static final String SAMPLE_ID = CorpusSchema.SAMPLE_ID;
  public static final String LABEL = CorpusSchema.LABEL;
  public static final String SOURCE = CorpusSchema.SOURCE;
  public static final String URL = CorpusSchema.URL;
  public static final String CRAWL_TIME = CorpusSchema.CRAWL_TIME;
  public static final String RECORDED_SHA256 = "recorded_sha256";
  public static final String CONTENT_SHA256 = "content_sha256";

  /** {@code image} or {@code text}: what the content hash covers. */
  public static final String CONTENT_KIND = "content_kind";

  public static final String HOST = "host";
  public static final String DOMAIN = "domain";
  public static final String INPUT_FILE = CorpusSchema.INPUT_FILE;
  public static final String ROW_INDEX = CorpusSchema.ROW_INDEX;

  public static final String KIND_IMAGE = "image";
  public static final String KIND_TEXT = "text";

  private RowFacts() {}

  public static Dataset<Row> of(Dataset<Row> corpus) {
    return corpus.select(
        col(CorpusSchema.SAMPLE_ID).as(SAMPLE_ID),
        col(CorpusSchema.LABEL).as(LABEL),
        col(CorpusSchema.SOURCE).as(SOURCE),
        col(CorpusSchema.URL).as(URL),
        col(CorpusSchema.CRAWL_TIME).as(CRAWL_TIME),
        col(CorpusSchema.SHA256).as(RECORDED_SHA256),
        // Spark's sha2 is code-generated over the JDK's SHA-256; no per-row UDF boundary.
        when(
                col(CorpusSchema.IMAGE).isNotNull(),
                org.apache.spark.sql.functions.sha2(col(CorpusSchema.IMAGE), 256))
            .otherwise(
                org.apache.spark.sql.functions.sha2(col(CorpusSchema.TEXT).cast("binary"), 256))
            .as(CONTENT_SHA256),
        when(col(CorpusSchema.IMAGE).isNotNull(), lit(KIND_IMAGE))
            .otherwise(lit(KIND_TEXT))
            .as(CONTENT_KIND),
        AntidoteFunctions.URL_HOST.apply(col(CorpusSchema.URL)).as(HOST),
        AntidoteFunctions.REGISTRABLE_DOMAIN.apply(col(CorpusSchema.URL)).as(DOMAIN),
        col(CorpusSchema.INPUT_FILE).as(INPUT_FILE),
        col(CorpusSchema.ROW_INDEX).as(ROW_INDEX));
  }
}
