package io.antidote.report;

import io.antidote.config.SettingsBlock;

/**
 * {@code antidote.report}: the run's HTML report. Every bound here keeps the page a fixed size
 * whatever the corpus: examples, bins and keys are counts, not shares of the data.
 *
 * @param enabled whether the audit writes the report at commit
 * @param examplesPerDetector example flags shown per detector
 * @param histogramBins bins of each detector's score histogram
 * @param topKeys domains, sources and input files shown per roll-up dimension
 */
public record ReportSettings(
    boolean enabled, int examplesPerDetector, int histogramBins, int topKeys) {

  public static ReportSettings fromConfig(SettingsBlock report) {
    return new ReportSettings(
        report.bool("enabled"),
        report.integer("examples-per-detector", 0, 20),
        report.integer("histogram-bins", 2, 200),
        report.integer("top-keys", 1, 100));
  }
}
