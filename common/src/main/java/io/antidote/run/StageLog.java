package io.antidote.run;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logs each stage's start and end with its wall time, and keeps the timings for run.json. */
public final class StageLog {
  private static final Logger LOG = LoggerFactory.getLogger("io.antidote.progress");
  private final Map<String, Long> millis = new LinkedHashMap<>();
  private final int total;
  private int index;

  /** A log for a run whose stages are {@code plan}, in order: the count comes from the plan. */
  public StageLog(java.util.List<String> plan) {
    this.total = plan.size();
  }

  public <T> T run(String stage, Supplier<T> body) {
    index++;
    LOG.info("[{}/{}] {} ...", index, total, stage);
    long t0 = System.nanoTime();
    T result = body.get();
    long ms = (System.nanoTime() - t0) / 1_000_000;
    millis.put(stage, ms);
    LOG.info("[{}/{}] {} done in {} ms", index, total, stage, ms);
    return result;
  }

  /** Each stage's wall time in milliseconds, in the order the stages ran. */
  public Map<String, Long> millis() {
    return new LinkedHashMap<>(millis);
  }
}
