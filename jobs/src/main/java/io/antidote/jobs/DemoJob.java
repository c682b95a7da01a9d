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
 * The {@code demo} command: extracts the embedded corpus, audits it with its deny and
 * re-registration lists, and prints recall and precision of each detector against the planted
 * ground truth.
 */
public final class DemoJob {
  private DemoJob() {}

  public static ExitCode run(
      List<File> configFiles, Map<String, String> overrides, PrintStream out) {
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
      o.put(
          "detectors.provenance.reregistered-domains",
          demo.reregisteredDomains().toUri().toString());
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
        spark
            .read()
            .parquet(result.outputs().get(OutputTable.FLAGS.dir()))
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
    StringBuilder b =
        new StringBuilder("\nagainst the planted ground truth (")
            .append(allPoison.size())
            .append(" poisoned rows):\n");
    Set<String> detectors = new java.util.TreeSet<>(truth.keySet());
    detectors.addAll(flagged.keySet());
    Set<String> cleanByTruthed = new HashSet<>();
    for (String d : detectors) {
      Set<String> f = flagged.getOrDefault(d, Set.of());
      if (truth.containsKey(d)) {
        if (!result.counts().flagsByDetector().containsKey(d)) {
          b.append(
              String.format(
                  "  %-22s planted %4d  (detector not run in this audit)%n",
                  d, truth.get(d).size()));
          continue;
        }
        b.append("  ").append(DetectionScore.of(d, truth.get(d), f)).append('\n');
        f.stream().filter(id -> !allPoison.contains(id)).forEach(cleanByTruthed::add);
      } else {
        // Detectors without their own planted kind (spectral signatures removes a fixed budget per
        // group).
        long poison = f.stream().filter(allPoison::contains).count();
        b.append(
            String.format(
                "  %-22s no planted kind of its own; flagged %4d, of which %d planted rows of other kinds%n",
                d, f.size(), poison));
      }
    }
    anyFlag.removeAll(allPoison);
    b.append(
        String.format(
            "  clean rows flagged by detectors with planted kinds: %d; by any detector: %d%n",
            cleanByTruthed.size(), anyFlag.size()));
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
