package io.antidote.detect;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * What one detector run produced: its flags ({@link io.antidote.flags.FlagSchema#DETECTOR_OUTPUT}),
 * and a report for run.json's {@code detector_reports} (cuts, thresholds, per-group figures, rows
 * skipped), or the reason it could not run (no label column, no lists configured).
 *
 * @param flags empty when the detector did not run
 * @param report JSON-ready values (strings, numbers, booleans, lists and maps of them)
 * @param notRunReason present when the detector was enabled but could not judge this corpus
 */
public record DetectorResult(
    String detector,
    Optional<Dataset<Row>> flags,
    Map<String, Object> report,
    Optional<String> notRunReason) {

  public DetectorResult {
    Objects.requireNonNull(detector, "detector");
    report = Collections.unmodifiableMap(new LinkedHashMap<>(report));
  }

  public static DetectorResult ran(
      String detector, Dataset<Row> flags, Map<String, Object> report) {
    return new DetectorResult(detector, Optional.of(flags), report, Optional.empty());
  }

  /**
   * The detector is enabled but this corpus gives it nothing to test (reported, never "0 flags").
   */
  public static DetectorResult notRun(String detector, String reason) {
    return new DetectorResult(detector, Optional.empty(), Map.of(), Optional.of(reason));
  }

  public boolean ran() {
    return notRunReason.isEmpty();
  }
}
