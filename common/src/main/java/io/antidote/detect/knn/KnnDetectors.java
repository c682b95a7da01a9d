package io.antidote.detect.knn;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;

/**
 * Runs the KNN self-join once, at the largest k either KNN detector needs, and both enabled
 * detectors on it: what the audit's embedding stage calls. Input: {@code sample_id}, {@code
 * embedding} array&lt;float&gt; and, for label disagreement, {@code label}.
 */
public final class KnnDetectors {
  private final KnnSettings knn;
  private final KnnOutlierSettings outliers;
  private final LabelDisagreementSettings labels;

  public KnnDetectors(
      KnnSettings knn, KnnOutlierSettings outliers, LabelDisagreementSettings labels) {
    this.knn = knn;
    this.outliers = outliers;
    this.labels = labels;
  }

  /** What one run produced. */
  public static final class Result {
    /** One frame per enabled detector, each in FlagSchema.DETECTOR_OUTPUT. */
    public final List<Dataset<Row>> flags;

    /**
     * Label-disagreement class report (null when that detector is off or the input has no labels).
     */
    public final Dataset<Row> classReport;

    /** The persisted self-join output; unpersist it when the flags have been written. */
    public final Dataset<Row> neighbours;

    public final KnnSelfJoin.Stats stats;

    Result(
        List<Dataset<Row>> flags,
        Dataset<Row> classReport,
        Dataset<Row> neighbours,
        KnnSelfJoin.Stats stats) {
      this.flags = flags;
      this.classReport = classReport;
      this.neighbours = neighbours;
      this.stats = stats;
    }
  }

  public Result run(Dataset<Row> embeddings) {
    boolean hasLabels =
        List.of(embeddings.columns()).contains(io.antidote.corpus.CorpusSchema.LABEL);
    boolean doOutliers = outliers.enabled;
    boolean doLabels = labels.enabled && hasLabels;
    List<Dataset<Row>> flags = new ArrayList<>();
    if (!doOutliers && !doLabels) {
      return new Result(flags, null, null, null);
    }
    int k = Math.max(doOutliers ? outliers.maxK() : 1, doLabels ? labels.k : 1);
    KnnSelfJoin join = new KnnSelfJoin(k, knn);
    Dataset<Row> neighbours = join.run(embeddings).persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> report = null;
    if (doOutliers) {
      flags.add(new KnnOutlierDetector(outliers, knn).flagNeighbours(neighbours));
    }
    if (doLabels) {
      KnnLabelDisagreementDetector d = new KnnLabelDisagreementDetector(labels, knn);
      flags.add(d.flagNeighbours(neighbours));
      report = d.classReport(embeddings.sparkSession());
    }
    return new Result(flags, report, neighbours, join.lastStats());
  }
}
