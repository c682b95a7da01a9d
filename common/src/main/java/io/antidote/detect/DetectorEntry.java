package io.antidote.detect;

import io.antidote.config.SettingsBlock;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * One line of the {@link DetectorRegistry}: where the detector's settings live in reference.conf,
 * how they are parsed (once, before Spark starts), and how the detector is built from them.
 *
 * @param path the block under {@code antidote}, e.g. {@code detectors.integrity}
 * @param parse reads the block; every error names the full key
 * @param build makes the detector once the session exists
 */
public record DetectorEntry<S extends DetectorEntry.Settings>(
    String path,
    Function<SettingsBlock, S> parse,
    BiFunction<S, DetectorEnvironment, Detector> build) {

  /** A detector's settings record: its own keys plus the keys every detector has. */
  public interface Settings {
    DetectorSettings common();
  }

  /** Parses this entry's block of the merged configuration. */
  public Configured<S> configure(com.typesafe.config.Config antidote) {
    return new Configured<>(this, parse.apply(SettingsBlock.of(antidote, path)));
  }

  /** An entry with its parsed settings. */
  public record Configured<S extends Settings>(DetectorEntry<S> entry, S settings) {
    public DetectorSettings common() {
      return settings.common();
    }

    public Detector build(DetectorEnvironment env) {
      return entry.build.apply(settings, env);
    }
  }
}
