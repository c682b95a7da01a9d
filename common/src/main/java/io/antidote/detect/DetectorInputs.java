package io.antidote.detect;

import io.antidote.embed.EmbeddingSettings;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The inputs a detector declared, computed by the audit once for every detector that reads them.
 * Asking for an input the detector did not declare is a programming error.
 */
public interface DetectorInputs {
  /** {@link DetectorInput.RowFacts}. */
  Dataset<Row> rowFacts();

  /** {@link DetectorInput.CorpusRows}. */
  Dataset<Row> corpusRows();

  /** {@link DetectorInput.Embeddings} of {@code model}. */
  Dataset<Row> embeddings(EmbeddingSettings model);

  /**
   * {@link DetectorInput.Neighbours} of {@code model}: at least the {@code k} the detector declared
   * (the self-join runs once at the largest k asked for; readers take the prefix they need).
   */
  Dataset<Row> neighbours(EmbeddingSettings model);

  /** {@link DetectorInput.NearDuplicateGroups}. */
  default io.antidote.detect.neardup.NearDuplicateGroups.Grouped nearDuplicateGroups() {
    throw new IllegalStateException("no detector declared the near-duplicate groups");
  }
}
