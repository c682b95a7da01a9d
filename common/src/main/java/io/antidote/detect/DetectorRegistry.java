package io.antidote.detect;

import com.typesafe.config.Config;
import java.util.ArrayList;
import java.util.List;

/**
 * Every detector the audit knows, in the order it runs them. Adding a detector is one package, one
 * line here, one block in reference.conf and its tests (README, "Adding a detector").
 */
public final class DetectorRegistry {
  private DetectorRegistry() {}

  /** The registry's lines. */
  public static List<DetectorEntry<?>> entries() {
    return List.of();
  }

  /** Every detector's settings, parsed once from the merged configuration. */
  public static List<DetectorEntry.Configured<?>> configure(Config antidote) {
    List<DetectorEntry.Configured<?>> configured = new ArrayList<>();
    for (DetectorEntry<?> e : entries()) {
      configured.add(e.configure(antidote));
    }
    return List.copyOf(configured);
  }
}
