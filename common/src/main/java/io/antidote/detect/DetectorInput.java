package io.antidote.detect;

import io.antidote.embed.EmbeddingSettings;

/**
 * An input a detector reads. Equal inputs are computed once per audit: the row facts and corpus by
 * one scan, the embeddings once per model, the neighbour lists by one self-join per model at the
 * largest k any reader asks for.
 */
public sealed interface DetectorInput {
  /** {@link io.antidote.corpus.RowFacts}: hashes, hosts, domains, lineage; one pass, persisted. */
  record RowFacts() implements DetectorInput {}

  /**
   * The canonical corpus rows ({@link io.antidote.corpus.CorpusSchema}), text and images included.
   */
  record CorpusRows() implements DetectorInput {}

  /**
   * One vector per audited row from {@code model} ({@link
   * io.antidote.embed.EmbeddingSchema#DETECTOR_INPUT}: sample id, label, embedding).
   */
  record Embeddings(EmbeddingSettings model) implements DetectorInput {}

  /**
   * The {@code k} nearest neighbours of every row among the vectors of {@code model}, from the
   * shared KNN self-join ({@code io.antidote.detect.neighbours.KnnSelfJoin#SCHEMA}).
   */
  record Neighbours(EmbeddingSettings model, int k) implements DetectorInput {}

  /**
   * The near-duplicate groups of the corpus and their campaign test ({@link
   * io.antidote.detect.neardup.NearDuplicateGroups}), built once from the corpus text and the row
   * facts with the {@code antidote.near-duplicates} settings, whichever detector asks first.
   */
  record NearDuplicateGroups() implements DetectorInput {}

  DetectorInput ROW_FACTS = new RowFacts();
  DetectorInput NEAR_DUPLICATE_GROUPS = new NearDuplicateGroups();
  DetectorInput CORPUS_ROWS = new CorpusRows();
}
