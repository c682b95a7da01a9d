package io.antidote.detect;

import io.antidote.embed.EmbeddingSettings;
import java.util.List;
import java.util.function.Function;
import org.apache.spark.sql.SparkSession;

/**
 * What a detector may need when the audit builds it, after Spark starts and before any data moves:
 * the session (to read lists from Hadoop file systems) and the audit's main embedding model ({@code
 * antidote.embed}), which the embedding detectors read when {@code embedEnabled}.
 */
public record DetectorEnvironment(
    SparkSession spark, EmbeddingSettings embedModel, boolean embedEnabled) {

  /**
   * The detector built on the main model, or one that reports "not run" when embedding is off, so
   * the summary says why instead of listing 0 flags.
   */
  public Detector withMainModel(String name, Function<EmbeddingSettings, Detector> build) {
    return embedEnabled
        ? build.apply(embedModel)
        : notRunnable(name, "antidote.embed.enabled is false");
  }

  /** A detector that reads nothing and reports {@code reason} as why it did not run. */
  public static Detector notRunnable(String name, String reason) {
    return new Detector() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public List<DetectorInput> inputs() {
        return List.of();
      }

      @Override
      public DetectorResult flag(DetectorInputs inputs) {
        return DetectorResult.notRun(name, reason);
      }
    };
  }
}
