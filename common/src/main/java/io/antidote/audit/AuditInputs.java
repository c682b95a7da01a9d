package io.antidote.audit;

import io.antidote.detect.Detector;
import io.antidote.detect.DetectorInput;
import io.antidote.detect.DetectorInputs;
import io.antidote.detect.neardup.NearDuplicateGroups;
import io.antidote.detect.neardup.NearDuplicateSettings;
import io.antidote.detect.neighbours.KnnSelfJoin;
import io.antidote.detect.neighbours.KnnSettings;
import io.antidote.detect.neighbours.NeighbourLists;
import io.antidote.embed.EmbeddingSchema;
import io.antidote.embed.EmbeddingSettings;
import io.antidote.embed.RunEmbeddings;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * The audit's detector inputs, each computed once for every detector that declared it: row facts
 * and corpus rows from one scan, vectors from one embed pass per model (the embed stage owns them),
 * and one KNN self-join per model at the largest k any reader declared. Closing it releases what
 * was persisted.
 */
final class AuditInputs implements DetectorInputs, AutoCloseable {
  private final Dataset<Row> facts;
  private final Dataset<Row> corpusRows;
  private final RunEmbeddings embeddings;
  private final KnnSettings knn;
  private final NearDuplicateSettings nearDuplicateSettings;
  private final io.antidote.detect.imagehash.ImageHashSettings imageNearDuplicateSettings;
  private NearDuplicateGroups.Grouped nearDuplicates;
  private final Map<EmbeddingSettings, Integer> neighbourK = new LinkedHashMap<>();
  private final Map<EmbeddingSettings, Dataset<Row>> neighbours = new LinkedHashMap<>();
  private final Map<EmbeddingSettings, NeighbourLists> joins = new LinkedHashMap<>();

  AuditInputs(
      Dataset<Row> facts,
      Dataset<Row> corpusRows,
      RunEmbeddings embeddings,
      KnnSettings knn,
      NearDuplicateSettings nearDuplicateSettings,
      io.antidote.detect.imagehash.ImageHashSettings imageNearDuplicateSettings,
      List<Detector> detectors) {
    this.imageNearDuplicateSettings = imageNearDuplicateSettings;
    this.facts = facts;
    this.corpusRows = corpusRows;
    this.embeddings = embeddings;
    this.knn = knn;
    this.nearDuplicateSettings = nearDuplicateSettings;
    // Plan the shared work: one self-join per model, at the largest k any reader declared.
    for (Detector d : detectors) {
      for (DetectorInput input : d.inputs()) {
        if (input instanceof DetectorInput.Neighbours n) {
          neighbourK.merge(n.model(), n.k(), Math::max);
        }
      }
    }
  }

  /** The schema of an input, known before any data moves. */
  StructType schema(DetectorInput input) {
    if (input instanceof DetectorInput.RowFacts) {
      return facts.schema();
    } else if (input instanceof DetectorInput.CorpusRows) {
      return corpusRows.schema();
    } else if (input instanceof DetectorInput.NearDuplicateGroups) {
      // Built from the corpus text (and the row facts, whose schema the audit fixes).
      return corpusRows.schema();
    } else if (input instanceof DetectorInput.Embeddings) {
      return EmbeddingSchema.DETECTOR_INPUT;
    } else {
      return KnnSelfJoin.SCHEMA;
    }
  }

  @Override
  public Dataset<Row> rowFacts() {
    return facts;
  }

  @Override
  public Dataset<Row> corpusRows() {
    return corpusRows;
  }

  @Override
  public Dataset<Row> embeddings(EmbeddingSettings model) {
    return embeddings.vectors(model);
  }

  @Override
  public Dataset<Row> neighbours(EmbeddingSettings model) {
    Dataset<Row> n = neighbours.get(model);
    if (n == null) {
      Integer k = neighbourK.get(model);
      if (k == null) {
        throw new IllegalStateException(
            "no detector declared the neighbours of model " + model.modelUri());
      }
      NeighbourLists lists = new KnnSelfJoin(k, knn).run(embeddings(model));
      n = lists.neighbours().persist(StorageLevel.MEMORY_AND_DISK());
      neighbours.put(model, n);
      joins.put(model, lists);
    }
    return n;
  }

  @Override
  public NearDuplicateGroups.Grouped nearDuplicateGroups() {
    if (nearDuplicates == null) {
      nearDuplicates =
          NearDuplicateGroups.ofTextAndImages(
              corpusRows, facts, nearDuplicateSettings, imageNearDuplicateSettings);
    }
    return nearDuplicates;
  }

  /** The near-duplicate groups, when a detector asked for them. */
  java.util.Optional<NearDuplicateGroups.Grouped> builtNearDuplicateGroups() {
    return java.util.Optional.ofNullable(nearDuplicates);
  }

  /** The embed stage of this run: its per-model summaries and failure counts. */
  RunEmbeddings embeddings() {
    return embeddings;
  }

  /**
   * The self-joins' figures for run.json's detector reports (read after the readers ran: the
   * replication count is a Spark accumulator filled by the join).
   */
  Map<String, Object> neighbourReports() {
    Map<String, Object> m = new LinkedHashMap<>();
    for (Map.Entry<EmbeddingSettings, NeighbourLists> e : joins.entrySet()) {
      m.put(
          m.isEmpty() ? "knn_self_join" : "knn_self_join_" + e.getKey().modelUri(),
          e.getValue().report());
    }
    return m;
  }

  @Override
  public void close() {
    neighbours.values().forEach(Dataset::unpersist);
    if (nearDuplicates != null) {
      nearDuplicates.release();
    }
    embeddings.close();
  }
}
