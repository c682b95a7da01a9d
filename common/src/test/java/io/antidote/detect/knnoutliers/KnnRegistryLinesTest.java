package io.antidote.detect.knnoutliers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.antidote.config.AntidoteConfig;
import io.antidote.detect.Detector;
import io.antidote.detect.DetectorEntry;
import io.antidote.detect.DetectorEnvironment;
import io.antidote.detect.DetectorRegistry;
import io.antidote.detect.DetectorResult;
import io.antidote.detect.labeldisagreement.KnnLabelDisagreementDetector;
import io.antidote.detect.labeldisagreement.LabelDisagreementSettings;
import io.antidote.embed.EmbeddingSettings;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The KNN detectors' registry lines parse reference.conf and build without Spark. */
class KnnRegistryLinesTest {
  @Test
  void bothKnnDetectorsAreRegisteredAndReportNotRunWithoutAModel() {
    List<DetectorEntry.Configured<?>> configured =
        DetectorRegistry.configure(AntidoteConfig.defaults());
    DetectorEnvironment noModel =
        new DetectorEnvironment(null, EmbeddingSettings.defaults(), false);
    int found = 0;
    for (DetectorEntry.Configured<?> c : configured) {
      String path = c.entry().path();
      if (!path.equals(KnnOutlierSettings.PATH) && !path.equals(LabelDisagreementSettings.PATH)) {
        continue;
      }
      found++;
      assertTrue(c.common().enabled());
      Detector d = c.build(noModel);
      assertEquals(
          path.equals(KnnOutlierSettings.PATH)
              ? KnnOutlierDetector.NAME
              : KnnLabelDisagreementDetector.NAME,
          d.name());
      DetectorResult r = d.flag(null);
      assertFalse(r.ran());
    }
    assertEquals(2, found);
  }
}
