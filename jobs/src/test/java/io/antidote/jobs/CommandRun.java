package io.antidote.jobs;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * The command line in-process, as a scheduler sees it: {@link Antidote#run} with its console
 * captured. Each {@link #run} starts with an empty stdout and stderr, so what a test reads is what
 * that one command printed.
 */
final class CommandRun {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  ExitCode run(String... args) {
    out.reset();
    err.reset();
    return Antidote.run(
        args,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  /** What the last command printed to stdout. */
  String stdout() {
    return out.toString(StandardCharsets.UTF_8);
  }

  /** What the last command printed to stderr. */
  String stderr() {
    return err.toString(StandardCharsets.UTF_8);
  }
}
