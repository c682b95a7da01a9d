package io.antidote.jobs;

import static org.apache.spark.sql.functions.col;

import io.antidote.audit.AuditResult;
import io.antidote.config.AntidoteConfig;
import io.antidote.config.AuditSettings;
import io.antidote.demo.DemoCorpus;
import io.antidote.demo.DetectionScore;
import io.antidote.flags.FlagSchema;
import io.antidote.output.OutputTable;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The {@code demo} command: extracts the embedded corpus, audits it with its deny and re-registration
 * lists, and prints recall and precision of each detector against the planted ground truth.
 */
public final class DemoJob {
  private DemoJob() {}

  public static ExitCode run(List<File> configFiles, Map<String, String> overrides, PrintStream out) {
    Path dir;
    try {
      dir = Files.createTempDirectory("antidote-demo-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      DemoCorpus demo = DemoCorpus.extract(dir);
      Map<String, String> o = new LinkedHashMap<>();
      o.put("input.paths", "[\"" + demo.corpusDir().toUri() + "\"]");
      o.put("detectors.provenance.deny-list", demo.denyList().toUri().toString());
      o.put("detectors.provenance.reregistered-domains", demo.reregisteredDomains().toUri().toString());
      o.putAll(overrides);
      AuditSettings settings = AuditSettings.fromConfig(AntidoteConfig.load(configFiles, o));
      AuditResult result = AuditJob.run(settings);
      out.print(Summary.of(result));
      if (!result.skipped()) {
        out.print(scoreAgainstGroundTruth(result, demo));
      }
      return ExitCode.OK;
    } finally {
      deleteQuietly(dir);
    }
  }

  static String scoreAgainstGroundTruth(AuditResult result, DemoCorpus demo) {
    SparkSession spark = SparkSession.active();
    List<Row> flags =
        spark.read().parquet(result.outputs().get(OutputTable.FLAGS.dir()))
            .select(col(FlagSchema.SAMPLE_ID), col(FlagSchema.DETECTOR))
            .collectAsList();
    Map<String, Set<String>> flagged = new HashMap<>();
    Set<String> anyFlag = new HashSet<>();
    for (Row r : flags) {
      flagged.computeIfAbsent(r.getString(1), k -> new HashSet<>()).add(r.getString(0));
      anyFlag.add(r.getString(0));
    }
    Map<String, Set<String>> truth = demo.groundTruth();
    Set<String> allPoison = new HashSet<>();
    truth.values().forEach(allPoison::addAll);
    StringBuilder b = new StringBuilder("\nagainst the planted ground truth (")
        .append(allPoison.size()).append(" poisoned rows):\n");
    for (Map.Entry<String, Set<String>> t : truth.entrySet()) {
      if (!flagged.containsKey(t.getKey()) && !result.counts().flagsByDetector().containsKey(t.getKey())) {
        b.append(String.format("  %-20s planted %4d  (detector not run in this audit)%n", t.getKey(), t.getValue().size()));
        continue;
      }
      b.append("  ").append(DetectionScore.of(t.getKey(), t.getValue(), flagged.getOrDefault(t.getKey(), Set.of()))).append('\n');
    }
    anyFlag.removeAll(allPoison);
    b.append(String.format("  clean rows flagged by any detector: %d%n", anyFlag.size()));
    return b.toString();
  }

  private static void deleteQuietly(Path dir) {
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // a temp folder left behind is harmless
    }
  }
}
