package io.antidote.bench.quality;

import static org.apache.spark.sql.functions.col;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.antidote.audit.AuditPipeline;
import io.antidote.audit.AuditResult;
import io.antidote.bench.quality.AttackPlanter.Attack;
import io.antidote.bench.quality.AttackPlanter.Planted;
import io.antidote.bench.quality.QualitySources.Doc;
import io.antidote.config.AntidoteConfig;
import io.antidote.config.AuditSettings;
import io.antidote.flags.FlagSchema;
import io.antidote.output.OutputTable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Detection quality of the real audit on real corpora: for each corpus, one audit of the clean
 * corpus and one of the same corpus with the attacks of {@link AttackPlanter} planted, at default
 * settings (plus the re-registration CSV the re-registered-domain attack needs, given to both
 * runs), in local mode. Prints per detector and attack: flags, recall, precision ({@code n/a} when
 * nothing is flagged) and the false-flag rate on clean rows, as Markdown (the BENCHMARKS.md
 * section).
 *
 * <p>Both runs of a corpus write to one output root with different run ids, so the attacked run
 * reuses the clean run's vectors from the embedding table and embeds only the changed rows.
 *
 * <p>Usage: {@code DetectionQualityBench [--cache DIR] [--rows N] [--corpora brown,spam,...]
 * [--work DIR] [--report FILE] [--seed S] [--reuse-runs true]}. The cache folder is what {@code
 * bench/quality-bench.sh} fetches.
 */
public final class DetectionQualityBench {
  static final StructType SCHEMA =
      new StructType(
          new StructField[] {
            DataTypes.createStructField("sample_id", DataTypes.StringType, false),
            DataTypes.createStructField("url", DataTypes.StringType, true),
            DataTypes.createStructField("text", DataTypes.StringType, true),
            DataTypes.createStructField("label", DataTypes.StringType, true),
            DataTypes.createStructField("sha256", DataTypes.StringType, true),
            DataTypes.createStructField("source", DataTypes.StringType, true),
            DataTypes.createStructField("crawl_time", DataTypes.TimestampType, true)
          });

  /** Per corpus: the corpus and class whose texts form the injected off-topic cluster. */
  static final Map<String, List<String>> OFF_TOPIC =
      Map.of(
          QualitySources.BROWN, List.of(QualitySources.SPAM, "spam"),
          QualitySources.SPAM, List.of(QualitySources.FORTUNES, "startrek"),
          QualitySources.FORTUNES, List.of(QualitySources.EMOJI, "Food & Drink"),
          QualitySources.EMOJI, List.of(QualitySources.FORTUNES, "computers"));

  /** Per corpus: classes whose content tells them apart, between which labels are flipped. */
  static final Map<String, List<String>> FLIP_CLASSES =
      Map.of(
          QualitySources.BROWN, List.of("government", "news", "religion", "romance", "hobbies"),
          QualitySources.SPAM, List.of("spam", "ham"),
          QualitySources.FORTUNES,
              List.of(
                  "computers", "food", "love", "sports", "startrek", "linux", "law", "medicine"),
          QualitySources.EMOJI,
              List.of(
                  "Flags",
                  "Food & Drink",
                  "Animals & Nature",
                  "Travel & Places",
                  "Smileys & Emotion"));

  record RunFlags(
      long rows, Map<String, Set<String>> byDetector, Map<String, String> notRun, long millis) {
    Set<String> all() {
      Set<String> s = new TreeSet<>();
      byDetector.values().forEach(s::addAll);
      return s;
    }
  }

  private DetectionQualityBench() {}

  public static void main(String[] args) throws IOException {
    Map<String, String> a = new HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      a.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    }
    Path cache = Path.of(a.getOrDefault("cache", "bench/.cache/quality"));
    int rows = Integer.parseInt(a.getOrDefault("rows", "3000"));
    long seed = Long.parseLong(a.getOrDefault("seed", "14"));
    List<String> corpora =
        List.of(a.getOrDefault("corpora", String.join(",", QualitySources.ALL)).split(","));
    Path work = Path.of(a.getOrDefault("work", cache.resolve("work").toString())).toAbsolutePath();
    boolean reuse = Boolean.parseBoolean(a.getOrDefault("reuse-runs", "false"));
    Path report = a.containsKey("report") ? Path.of(a.get("report")) : null;

    SparkSession spark =
        SparkSession.builder()
            .appName("antidote-detection-quality")
            .master(a.getOrDefault("master", "local[2]"))
            .config("spark.ui.enabled", "false")
            .config("spark.sql.shuffle.partitions", "8")
            .config("spark.sql.session.timeZone", "UTC")
            .getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    Map<String, List<Doc>> loaded = new HashMap<>();
    StringBuilder md = new StringBuilder();
    List<String> summary = new ArrayList<>();
    long started = System.nanoTime();
    try {
      for (String corpus : corpora) {
        List<Doc> docs = loaded.computeIfAbsent(corpus, c -> load(c, cache));
        List<String> off = OFF_TOPIC.get(corpus);
        List<String> offTexts =
            loaded.computeIfAbsent(off.get(0), c -> load(c, cache)).stream()
                .filter(d -> d.label().equals(off.get(1)))
                .map(Doc::text)
                .toList();
        List<CorpusRow> clean = AttackPlanter.clean(corpus, docs, rows, seed);
        Planted planted =
            AttackPlanter.plant(
                corpus,
                clean,
                AttackPlanter.unused(docs, clean),
                offTexts,
                FLIP_CLASSES.get(corpus),
                seed + 1);
        Path dir = work.resolve(corpus);
        Path csv = dir.resolve("reregistered-domains.csv");
        Files.createDirectories(dir);
        Files.write(csv, planted.reregistrationCsv(), StandardCharsets.UTF_8);
        write(spark, clean, dir.resolve("clean"));
        write(spark, planted.rows(), dir.resolve("attacked"));
        RunFlags cleanRun = audit(spark, dir, "clean", csv, reuse);
        RunFlags attackedRun = audit(spark, dir, "attacked", csv, reuse);
        String section = section(corpus, off, clean.size(), planted, cleanRun, attackedRun);
        System.out.println(section);
        md.append(section).append('\n');
        summary.add(summaryRow(corpus, clean.size(), planted, cleanRun, attackedRun));
      }
    } finally {
      spark.stop();
    }
    String table =
        "| corpus | clean rows flagged (all detectors) | triggers (word + sentence): R / P, all"
            + " detectors; best detector | label flips: R / P | off-topic cluster: R / P | audit wall"
            + " s (clean + attacked) |\n|---|---:|---:|---:|---:|---:|\n"
            + "| goal (issue 14) | <= 1 % | >= 0.95 / >= 0.90 | >= 0.70 / >= 0.70 | >= 0.90 / >= 0.80 | |\n"
            + String.join("\n", summary)
            + "\n";
    String out =
        "### Summary\n\n"
            + table
            + "\n"
            + md
            + String.format(
                Locale.ROOT, "Total wall time %.1f min.%n", (System.nanoTime() - started) / 6e10);
    System.out.println("### Summary\n\n" + table);
    if (report != null) {
      Files.writeString(report, out, StandardCharsets.UTF_8);
      System.out.println("report written to " + report);
    }
  }

  private static List<Doc> load(String corpus, Path cache) {
    try {
      return QualitySources.load(corpus, cache);
    } catch (IOException e) {
      throw new IllegalStateException(
          "corpus " + corpus + ": " + e.getMessage() + " (run bench/quality-bench.sh to fetch it)",
          e);
    }
  }

  static void write(SparkSession spark, List<CorpusRow> rows, Path dir) {
    List<Row> out = new ArrayList<>();
    for (CorpusRow r : rows) {
      out.add(
          RowFactory.create(
              r.sampleId(),
              r.url(),
              r.text(),
              r.label(),
              r.sha256(),
              r.source(),
              Timestamp.from(r.crawlTime())));
    }
    spark
        .createDataFrame(out, SCHEMA)
        .repartition(4)
        .write()
        .mode(SaveMode.Overwrite)
        .parquet(dir.toUri().toString());
  }

  /**
   * One audit at default settings plus the re-registration CSV; the flags of each detector. With
   * {@code reuse}, a committed run of that id in the work folder is read instead of audited again
   * (for re-printing the tables after a change to this class, not after a change to the detectors).
   */
  static RunFlags audit(SparkSession spark, Path dir, String runId, Path csv, boolean reuse)
      throws IOException {
    Path root = dir.resolve("out");
    Path runJson =
        root.resolve(OutputTable.RUNS.dir()).resolve("run_id=" + runId).resolve("run.json");
    long millis;
    JsonNode counts;
    if (reuse && Files.isRegularFile(runJson)) {
      JsonNode doc = new ObjectMapper().readTree(runJson.toFile());
      counts = doc.path("counts");
      millis = 0;
      for (JsonNode t : doc.path("timings_ms")) {
        millis += t.asLong();
      }
    } else {
      Map<String, String> o = new LinkedHashMap<>();
      o.put("input.paths", "[\"" + dir.resolve(runId).toUri() + "\"]");
      o.put("output.root", root.toUri().toString());
      o.put("output.if-exists", "overwrite");
      o.put("detectors.provenance.reregistered-domains", csv.toUri().toString());
      AuditSettings settings = AuditSettings.fromConfig(AntidoteConfig.load(List.of(), o));
      long t0 = System.nanoTime();
      AuditResult result = new AuditPipeline(spark, settings).run(runId);
      millis = (System.nanoTime() - t0) / 1_000_000;
      // The same naming as run.json's counts (snake_case), so both branches read one shape.
      counts =
          new ObjectMapper()
              .setPropertyNamingStrategy(
                  com.fasterxml.jackson.databind.PropertyNamingStrategies.SNAKE_CASE)
              .valueToTree(result.counts());
    }
    Map<String, Set<String>> byDetector = new TreeMap<>();
    counts
        .path("flags_by_detector")
        .fieldNames()
        .forEachRemaining(d -> byDetector.put(d, new TreeSet<>()));
    Map<String, String> notRun = new TreeMap<>();
    counts
        .path("detectors_not_run")
        .fields()
        .forEachRemaining(e -> notRun.put(e.getKey(), e.getValue().asText()));
    // A run that flagged nothing writes no flag table (and maybe no earlier run did either).
    Path flagsRun = root.resolve(OutputTable.FLAGS.dir()).resolve("run_id=" + runId);
    if (!Files.isDirectory(flagsRun)) {
      return new RunFlags(counts.path("audited_rows").asLong(), byDetector, notRun, millis);
    }
    for (Row r :
        spark
            .read()
            .parquet(root.resolve(OutputTable.FLAGS.dir()).toUri().toString())
            .filter(col(FlagSchema.RUN_ID).equalTo(runId))
            .select(col(FlagSchema.DETECTOR), col(FlagSchema.SAMPLE_ID))
            .collectAsList()) {
      byDetector.computeIfAbsent(r.getString(0), k -> new TreeSet<>()).add(r.getString(1));
    }
    return new RunFlags(counts.path("audited_rows").asLong(), byDetector, notRun, millis);
  }

  static String section(
      String corpus,
      List<String> off,
      int cleanRows,
      Planted planted,
      RunFlags clean,
      RunFlags attacked) {
    Set<String> all = planted.allPlanted();
    StringBuilder b = new StringBuilder();
    b.append(
        String.format(
            Locale.ROOT,
            "### %s: %,d clean rows, %,d classes; attacked: %,d rows, %,d planted (off-topic from %s/%s)%n%n",
            corpus,
            cleanRows,
            AttackPlanter.labelCounts(planted.rows()).size(),
            planted.rows().size(),
            all.size(),
            off.get(0),
            off.get(1)));
    b.append(
        "| detector | clean: flags (rate) | attacked: flags | on unplanted rows | all planted: R / P");
    for (Attack a : Attack.values()) {
      b.append(" | ")
          .append(a.title)
          .append(" (")
          .append(planted.truth().getOrDefault(a, Set.of()).size())
          .append(")");
    }
    b.append(" |\n|---|---:|---:|---:|---:");
    b.append("|---:".repeat(Attack.values().length)).append("|\n");
    Set<String> detectors = new TreeSet<>(clean.byDetector().keySet());
    detectors.addAll(attacked.byDetector().keySet());
    detectors.addAll(attacked.notRun().keySet());
    for (String d : detectors) {
      if (attacked.notRun().containsKey(d)) {
        b.append("| ")
            .append(d)
            .append(" | not run: ")
            .append(attacked.notRun().get(d))
            .append(" |\n");
        continue;
      }
      row(
          b,
          "`" + d + "`",
          clean.byDetector().getOrDefault(d, Set.of()),
          attacked.byDetector().getOrDefault(d, Set.of()),
          planted,
          clean.rows(),
          attacked.rows());
    }
    row(
        b,
        "**all detectors**",
        clean.all(),
        attacked.all(),
        planted,
        clean.rows(),
        attacked.rows());
    b.append(
        String.format(
            Locale.ROOT,
            "%nCells: recall / precision against that attack's rows (flags on rows of other attacks count"
                + " for neither); n/a = nothing flagged. Audit wall time: clean %.1f s, attacked %.1f s.%n",
            clean.millis() / 1000.0,
            attacked.millis() / 1000.0));
    return b.toString();
  }

  private static void row(
      StringBuilder b,
      String name,
      Set<String> cleanFlags,
      Set<String> attackedFlags,
      Planted planted,
      long cleanRows,
      long attackedRows) {
    Set<String> all = planted.allPlanted();
    b.append("| ").append(name);
    b.append(
        String.format(
            Locale.ROOT,
            " | %d (%.2f %%) | %d | %.2f %% | %s",
            cleanFlags.size(),
            100.0 * cleanFlags.size() / cleanRows,
            attackedFlags.size(),
            100.0 * QualityScore.falseFlagRate(attackedFlags, all, attackedRows),
            QualityScore.ofAll(attackedFlags, all).cell()));
    for (Attack a : Attack.values()) {
      Set<String> mine = planted.truth().getOrDefault(a, Set.of());
      Set<String> others = new TreeSet<>(all);
      others.removeAll(mine);
      b.append(" | ").append(QualityScore.of(attackedFlags, mine, others).cell());
    }
    b.append(" |\n");
  }

  static String summaryRow(
      String corpus, int cleanRows, Planted planted, RunFlags clean, RunFlags attacked) {
    Set<String> all = planted.allPlanted();
    Set<String> triggers =
        new TreeSet<>(planted.truth().getOrDefault(Attack.WORD_TRIGGER, Set.of()));
    triggers.addAll(planted.truth().getOrDefault(Attack.SENTENCE_TRIGGER, Set.of()));
    return String.format(
        Locale.ROOT,
        "| %s | %d of %,d (%.2f %%) | %s | %s | %s | %.0f + %.0f |",
        corpus,
        clean.all().size(),
        cleanRows,
        100.0 * clean.all().size() / cleanRows,
        goal(attacked, triggers, all),
        goal(attacked, planted.truth().getOrDefault(Attack.LABEL_FLIPS, Set.of()), all),
        goal(attacked, planted.truth().getOrDefault(Attack.OFF_TOPIC, Set.of()), all),
        clean.millis() / 1000.0,
        attacked.millis() / 1000.0);
  }

  /**
   * All detectors together, then the single detector with the best F1 on these rows (the goals are
   * a detector's: triggers for trigger tokens, flips for label disagreement).
   */
  private static String goal(RunFlags attacked, Set<String> mine, Set<String> all) {
    Set<String> others = new TreeSet<>(all);
    others.removeAll(mine);
    String best = "none";
    QualityScore bestScore = null;
    double bestF1 = 0;
    for (Map.Entry<String, Set<String>> d : attacked.byDetector().entrySet()) {
      QualityScore q = QualityScore.of(d.getValue(), mine, others);
      double r = q.recall().orElse(0);
      double p = q.precision().orElse(0);
      double f1 = r + p == 0 ? 0 : 2 * r * p / (r + p);
      if (f1 > bestF1) {
        bestF1 = f1;
        best = d.getKey();
        bestScore = q;
      }
    }
    return QualityScore.of(attacked.all(), mine, others).cell()
        + "; best `"
        + best
        + "` "
        + (bestScore == null ? "-" : bestScore.cell());
  }
}
