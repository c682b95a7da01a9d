package io.antidote.detect.integrity;

import io.antidote.config.SettingsBlock;
import io.antidote.detect.DetectorEntry;
import io.antidote.detect.DetectorSettings;
import io.antidote.detect.imagehash.PerceptualHash;
import java.util.Optional;

/**
 * {@code antidote.detectors.integrity}.
 *
 * @param referencePhashColumn the corpus column with each row's reference perceptual hash; empty =
 *     mismatches are not graded
 * @param phashCut Hamming distance (of 64 bits) up to which a mismatched image is benign drift
 */
public record IntegritySettings(
    DetectorSettings common, Optional<String> referencePhashColumn, int phashCut)
    implements DetectorEntry.Settings {
  public static final String PATH = "detectors.integrity";

  public static IntegritySettings fromConfig(SettingsBlock block) {
    String column = block.string("reference-phash-column");
    return new IntegritySettings(
        DetectorSettings.of(block),
        column.isEmpty() ? Optional.empty() : Optional.of(column),
        block.integer("phash-cut", 0, PerceptualHash.BITS - 1));
  }
}
