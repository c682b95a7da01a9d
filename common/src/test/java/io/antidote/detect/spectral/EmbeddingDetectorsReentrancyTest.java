package io.antidote.detect.spectral;

import io.antidote.detect.Detector;
import io.antidote.detect.DetectorInput;
import io.antidote.detect.DetectorInputs;
import io.antidote.detect.DetectorResult;
import io.antidote.detect.clustering.ClusteringTesting;
import io.antidote.detect.evidence.ScoreDistribution;
import io.antidote.detect.groups.SyntheticEmbeddings;
import io.antidote.embed.EmbeddingSettings;
import io.antidote.flags.FlagSchema;
import io.antidote.testing.SparkTestBase;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;

/**
 * The detector contract: one instance, run twice through {@link Detector#flag(DetectorInputs)},
 * gives the same flags and the same report (no result state kept in fields), and its flags stay
 * readable after it released its cached intermediates.
 */
class EmbeddingDetectorsReentrancyTest extends SparkTestBase {

  /** The audit's embeddings of one model, and nothing else. */
  private static final class EmbeddingsOnly implements DetectorInputs {
    private final EmbeddingSettings model;
    private final Dataset<Row> vectors;

    EmbeddingsOnly(EmbeddingSettings model, Dataset<Row> vectors) {
      this.model = model;
      this.vectors = vectors;
    }

    @Override
    public Dataset<Row> rowFacts() {
      throw new IllegalStateException("not declared");
    }

    @Override
    public Dataset<Row> corpusRows() {
      throw new IllegalStateException("not declared");
    }

    @Override
    public Dataset<Row> embeddings(EmbeddingSettings m) {
      Assertions.assertEquals(model, m, "embeddings of the declared model");
      return vectors;
    }

    @Override
    public Dataset<Row> neighbours(EmbeddingSettings m) {
      throw new IllegalStateException("not declared");
    }
  }

  @Test
  void flagTwiceOnOneInstanceGivesTheSameFlagsAndReport() {
    SyntheticEmbeddings data =
        new SyntheticEmbeddings(384, new int[] {600, 600, 600}, 1, 0.05, 0.25, 0.3, 5);
    Dataset<Row> frame = data.frame(spark()).repartition(3);
    EmbeddingSettings model = EmbeddingSettings.defaults();
    DetectorInputs inputs = new EmbeddingsOnly(model, frame);
    assertReentrant(
        new SpectralSignatureDetector(SpectralTesting.defaults(), model), model, inputs, frame);
    assertReentrant(
        new SpectralSignatureDetector(
            SpectralTesting.defaults()
                .withMode(SpectralSignatureSettings.Mode.BUDGET)
                .withVariant(SpectralSignatureSettings.Variant.ROBUST),
            model),
        model,
        inputs,
        frame);
    assertReentrant(ClusteringTesting.detector(ClusteringTesting.defaults()), model, inputs, frame);
  }

  private static void assertReentrant(
      Detector detector, EmbeddingSettings model, DetectorInputs inputs, Dataset<Row> frame) {
    Assertions.assertEquals(List.of(new DetectorInput.Embeddings(model)), detector.inputs());
    detector.checkInput(detector.inputs().get(0), frame.schema());
    DetectorResult first = detector.flag(inputs);
    DetectorResult again = detector.flag(inputs);
    String what = detector.name();
    Assertions.assertTrue(first.ran(), what);
    Assertions.assertEquals(what, first.detector());
    Assertions.assertEquals(FlagSchema.DETECTOR_OUTPUT, first.flags().orElseThrow().schema());
    Map<String, Row> a = flags(first);
    Assertions.assertFalse(a.isEmpty(), what + " flagged nothing");
    Assertions.assertEquals(a, flags(again), what + ": flags of a second run");
    Assertions.assertEquals(first.report(), again.report(), what + ": report of a second run");
    Assertions.assertEquals(
        List.of("group_by", "groups", "skipped_rows"),
        List.copyOf(first.report().keySet()).subList(0, 3));
    // Test mode adds the groups' p-value distribution; budget mode has no test to draw.
    Assertions.assertTrue(
        first.report().keySet().size() == 3
            || first.report().containsKey(ScoreDistribution.REPORT_KEY),
        first.report().keySet().toString());
    Assertions.assertEquals("label", first.report().get("group_by"));
    Assertions.assertEquals(0L, first.report().get("skipped_rows"));
    Assertions.assertEquals(3, ((List<?>) first.report().get("groups")).size());
    System.out.printf("%s: %d flags, same on a second run; %s%n", what, a.size(), first.report());
  }

  private static Map<String, Row> flags(DetectorResult r) {
    Map<String, Row> m = new TreeMap<>();
    for (Row row : r.flags().orElseThrow().collectAsList()) {
      m.put(row.getString(0), row);
    }
    return m;
  }
}
