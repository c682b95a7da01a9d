package io.antidote.detect;

import java.util.List;
import org.apache.spark.sql.types.StructType;

/**
 * The one contract every detector implements (docs/architecture.md, "The detector contract").
 *
 * <p>A detector declares the inputs it reads ({@link #inputs()}) so the audit plans shared work
 * once: one scan for row facts, one embed pass per model, one KNN self-join for all its readers (as
 * Deequ's analyzers share a scan). Before any data moves the audit hands it the schema of each
 * input ({@link #checkInput}, Spark ML's {@code transformSchema}); a missing or mistyped column
 * stops the run there, named. {@link #flag} then returns an immutable {@link DetectorResult}: the
 * flags in {@link io.antidote.flags.FlagSchema#DETECTOR_OUTPUT} and a report for run.json. A
 * detector keeps no result state in fields, so one instance can run twice and give the same answer.
 */
public interface Detector {
  /** The name written to the flag table's {@code detector} column and to run.json. */
  String name();

  /** What the detector reads; the audit computes each distinct input once for all detectors. */
  List<DetectorInput> inputs();

  /**
   * Checks one declared input's schema before any data moves; throws {@link
   * io.antidote.corpus.InputException} (or {@link io.antidote.config.InvalidConfigException} when a
   * setting names the column) that names the column and what was expected. The default checks
   * nothing: inputs whose schema the audit fixes need no check.
   */
  default void checkInput(DetectorInput input, StructType schema) {}

  /** Flags over the inputs. Must not collect rows to the driver, and must be deterministic. */
  DetectorResult flag(DetectorInputs inputs);
}
