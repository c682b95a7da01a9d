package io.antidote.audit;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.map;
import static org.apache.spark.sql.functions.map_concat;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.antidote.bom.DataBom;
import io.antidote.config.AuditSettings;
import io.antidote.corpus.Corpus;
import io.antidote.corpus.CorpusReader;
import io.antidote.corpus.CorpusSchema;
import io.antidote.corpus.RejectedSchema;
import io.antidote.corpus.RowFacts;
import io.antidote.corpus.RowGroups;
import io.antidote.curation.CertifiedPartitions;
import io.antidote.detect.Detector;
import io.antidote.detect.DetectorEntry;
import io.antidote.detect.DetectorEnvironment;
import io.antidote.detect.DetectorInput;
import io.antidote.detect.DetectorResult;
import io.antidote.detect.DetectorSettings;
import io.antidote.detect.integrity.IntegrityDetector;
import io.antidote.detect.neardup.NearDuplicateGroups;
import io.antidote.embed.EmbeddingStage;
import io.antidote.embed.ModelSource;
import io.antidote.embed.RunEmbeddings;
import io.antidote.flags.Action;
import io.antidote.flags.Evidence;
import io.antidote.flags.FlagSchema;
import io.antidote.flags.FlagTable;
import io.antidote.flags.VerdictSchema;
import io.antidote.flags.Verdicts;
import io.antidote.manifest.ShardEntry;
import io.antidote.manifest.ShardManifest;
import io.antidote.manifest.ShardManifests;
import io.antidote.output.OutputTable;
import io.antidote.output.RunCommitter;
import io.antidote.report.RunReport;
import io.antidote.rollup.RollupSchema;
import io.antidote.rollup.Rollups;
import io.antidote.run.RunLifecycle;
import io.antidote.run.ShufflePartitions;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit, stage by stage: read and normalise, row facts (one pass), the registry's enabled
 * detectors over the inputs they declared (each input computed once: one embed pass per model, one
 * KNN self-join per model), flag table, verdicts, roll-ups, curated corpus, lineage, run.json and
 * the report, atomic commit. Any failure before the commit leaves the output root as it was.
 */
public final class AuditPipeline {
  private static final Logger LOG = LoggerFactory.getLogger(AuditPipeline.class);
  public static final String VERSION = RunLifecycle.VERSION;

  /**
   * Below this many rows to remove, the curated anti-join broadcasts them instead of shuffling the
   * corpus.
   */
  private static final long BROADCAST_REMOVED_ROWS = 2_000_000;

  private static final String VERIFY = "verify input against its signed manifest";
  private static final String READ = "read and validate input";
  private static final String FACTS = "row facts (hashes, domains)";
  private static final String FLAG_TABLE = "flag table";
  private static final String VERDICTS = "verdicts";
  private static final String ROLLUPS = "roll-ups by domain, source and input file";
  private static final String CURATED = "curated corpus, lineage, rejected rows";
  private static final String BOM = "data bill of materials";
  private static final String COMMIT = "run.json and commit";

  private final SparkSession spark;
  private final AuditSettings settings;

  private final List<Detector> extra;

  public AuditPipeline(SparkSession spark, AuditSettings settings) {
    this(spark, settings, List.of());
  }

  /** With detectors beyond the registry's (tests plant failures this way). */
  AuditPipeline(SparkSession spark, AuditSettings settings, List<Detector> extra) {
    this.spark = spark;
    this.settings = settings;
    this.extra = List.copyOf(extra);
  }

  public AuditResult run(String runId) {
    // Detectors are built (lists read and validated) before anything is staged: a bad list fails
    // fast.
    DetectorEnvironment env =
        new DetectorEnvironment(spark, settings.embed(), settings.embedEnabled());
    List<Detector> detectors = new ArrayList<>();
    Map<String, DetectorSettings> common = new LinkedHashMap<>();
    for (DetectorEntry.Configured<?> c : settings.enabledDetectors()) {
      Detector d = c.build(env);
      detectors.add(d);
      common.put(d.name(), c.common());
    }
    for (Detector d : extra) {
      detectors.add(d);
      common.put(d.name(), new DetectorSettings(true, Action.REVIEW, 1.0, 0.01));
    }
    // Keys are read before anything is staged: a missing or malformed key stops the run here.
    String manifest = settings.input().manifest();
    PublicKey manifestKey =
        manifest.isEmpty()
            ? null
            : settings.manifest().requirePublicKey("antidote.input.manifest (" + manifest + ")");
    PrivateKey outputsKey = settings.manifest().canSign() ? settings.manifest().privateKey() : null;
    List<String> plan = new ArrayList<>();
    if (manifestKey != null) {
      plan.add(VERIFY);
    }
    plan.addAll(List.of(READ, FACTS));
    detectors.forEach(d -> plan.add(stageName(d)));
    plan.addAll(List.of(FLAG_TABLE, VERDICTS, ROLLUPS, CURATED, BOM, COMMIT));
    Optional<RunLifecycle> begun =
        RunLifecycle.begin("audit", spark, settings.output(), runId, plan);
    if (begun.isEmpty()) {
      return AuditResult.skipped(runId, settings.output().root());
    }
    RunLifecycle run = begun.get();
    RunCommitter committer = run.committer();
    Dataset<Row> facts = null;
    AuditInputs inputs = null;
    if (outputsKey != null) {
      run.signOutputsWith(outputsKey);
    }
    try {
      // Verified before Spark reads a byte of it: a changed, missing or extra shard stops the run.
      ShardManifest verified =
          manifestKey == null
              ? null
              : run.stage(
                  VERIFY,
                  () ->
                      ShardManifests.verifyCorpus(
                          spark, settings.input().paths(), manifest, manifestKey));
      Corpus corpus = run.stage(READ, () -> CorpusReader.read(spark, settings.input()));
      run.readFrom(corpus.files());
      ShufflePartitions.fit(spark, corpus.rowsRead(), settings.spark().rowsPerShufflePartition());
      Dataset<Row> persistedFacts =
          RowFacts.of(corpus.rows()).persist(StorageLevel.MEMORY_AND_DISK());
      facts = persistedFacts;
      AuditInputs in =
          new AuditInputs(
              persistedFacts,
              corpus.rows(),
              new RunEmbeddings(spark, settings.embeddingTable(), committer, corpus.rows()),
              settings.knn(),
              settings.nearDuplicates(),
              settings.imageNearDuplicates(),
              detectors);
      inputs = in;
      // Every detector sees its inputs' schemas before any data moves.
      for (Detector d : detectors) {
        for (DetectorInput input : d.inputs()) {
          d.checkInput(input, in.schema(input));
        }
      }
      Map<String, Long> quality = run.stage(FACTS, () -> quality(persistedFacts));

      List<Dataset<Row>> outputs = new ArrayList<>();
      Map<String, Object> reports = new LinkedHashMap<>();
      Map<String, String> notRun = new TreeMap<>();
      Set<String> ran = new TreeSet<>();
      for (Detector d : detectors) {
        DetectorResult r = run.stage(stageName(d), () -> d.flag(in));
        DetectorSettings c = common.get(d.name());
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("action", c.action().label());
        report.put("weight", c.weight());
        if (r.ran()) {
          ran.add(d.name());
          outputs.add(withDefaultAction(r.flags().orElseThrow(), c.action()));
        } else {
          notRun.put(d.name(), r.notRunReason().orElseThrow());
          report.put("not_run", r.notRunReason().orElseThrow());
          LOG.info("{}: not run: {}", d.name(), r.notRunReason().orElseThrow());
        }
        report.putAll(r.report());
        reports.put(d.name(), report);
      }
      reports.putAll(in.neighbourReports());
      Optional<NearDuplicateGroups.Grouped> groups = in.builtNearDuplicateGroups();
      groups.ifPresent(g -> reports.put("near_duplicate_groups", g.report()));

      Dataset<Row> flagTable =
          FlagTable.assemble(FlagTable.union(spark, outputs), persistedFacts, runId)
              .persist(StorageLevel.MEMORY_AND_DISK());
      Map<String, Long> flagsByDetector =
          run.stage(
              FLAG_TABLE,
              () -> {
                Map<String, Long> byDetector =
                    new TreeMap<>(countBy(flagTable, FlagSchema.DETECTOR));
                ran.forEach(d -> byDetector.putIfAbsent(d, 0L));
                // One row per group, and one per member (natural groups are not flagged, so
                // their members are named here only).
                if (groups.isPresent()
                    && ((Number) groups.get().report().get("groups")).longValue() > 0) {
                  write(
                      groups.get().groups().withColumn(FlagSchema.RUN_ID, lit(runId)).coalesce(1),
                      committer,
                      OutputTable.GROUPS,
                      FlagSchema.RUN_ID);
                  write(
                      groups.get().members().withColumn(FlagSchema.RUN_ID, lit(runId)),
                      committer,
                      OutputTable.GROUP_MEMBERS,
                      FlagSchema.RUN_ID);
                }
                if (byDetector.values().stream().anyMatch(n -> n > 0)) {
                  write(
                      flagTable.repartition(col(FlagSchema.DETECTOR)),
                      committer,
                      OutputTable.FLAGS,
                      FlagSchema.RUN_ID,
                      FlagSchema.DETECTOR);
                }
                return byDetector;
              });
      Map<String, Double> weights = new LinkedHashMap<>();
      common.forEach((name, c) -> weights.put(name, c.weight()));
      Dataset<Row> verdicts =
          Verdicts.of(flagTable, weights).persist(StorageLevel.MEMORY_AND_DISK());
      Map<String, Long> actions =
          run.stage(
              VERDICTS,
              () -> {
                Map<String, Long> byAction = countBy(verdicts, VerdictSchema.ACTION);
                if (!byAction.isEmpty()) {
                  write(
                      verdicts.coalesce(1), committer, OutputTable.VERDICTS, VerdictSchema.RUN_ID);
                }
                return byAction;
              });

      run.stage(
          ROLLUPS,
          () -> {
            if (quality.get("audited_rows") > 0) {
              // A few rows per domain, source and file: one file per dimension is enough.
              write(
                  Rollups.of(persistedFacts, flagTable, verdicts, ran)
                      .withColumn(RollupSchema.RUN_ID, lit(runId))
                      .repartition(col(RollupSchema.DIMENSION)),
                  committer,
                  OutputTable.ROLLUPS,
                  RollupSchema.RUN_ID);
            }
            return null;
          });

      long dropped = actions.getOrDefault(Action.DROP.label(), 0L);
      Map<String, Long> rejectedByReason =
          run.stage(
              CURATED,
              () ->
                  writeCuratedAndLineage(
                      corpus, persistedFacts, verdicts, dropped, committer, runId));
      long rejected = rejectedByReason.values().stream().mapToLong(Long::longValue).sum();

      long audited = quality.get("audited_rows");
      if (audited + rejected != corpus.rowsRead()) {
        // Every row read is audited or rejected with a reason; anything else lost rows unseen.
        throw new IllegalStateException(
            "the input holds "
                + corpus.rowsRead()
                + " rows but "
                + audited
                + " were audited and "
                + rejected
                + " rejected: "
                + Math.abs(corpus.rowsRead() - audited - rejected)
                + " row(s) unaccounted for; nothing is written");
      }
      AuditCounts counts =
          new AuditCounts(
              corpus.rowsRead(),
              rejected,
              audited,
              quality.get("image_rows"),
              quality.get("text_rows"),
              quality.get("rows_without_sha256"),
              quality.get("malformed_sha256"),
              quality.get("rows_without_url"),
              quality.get("malformed_urls"),
              quality.get("rows_without_crawl_time"),
              flagsByDetector,
              notRun,
              rejectedByReason,
              actions.values().stream().mapToLong(Long::longValue).sum(),
              dropped,
              actions.getOrDefault(Action.REVIEW.label(), 0L),
              audited - dropped,
              in.embeddings().failedRows());
      run.stage(BOM, () -> stageBom(run, corpus, verified, in.embeddings(), counts));
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("column_mapping", corpus.mapping().asNames());
      body.put("sample_ids_derived", corpus.sampleIdsDerived());
      body.put("counts", counts);
      if (!in.embeddings().summaries().isEmpty()) {
        body.put("embed", in.embeddings().summaries());
      }
      body.put("detector_reports", reports);
      String runJson =
          run.stage(
              COMMIT,
              () ->
                  run.commit(
                      body,
                      settings.configJson(),
                      json -> {
                        if (settings.report().enabled()) {
                          RunReport.stage(spark, committer, json, settings.report());
                        }
                      }));
      flagTable.unpersist();
      verdicts.unpersist();
      return new AuditResult(
          runId, false, committer.root().toString(), run.outputs(), counts, run.timings(), runJson);
    } catch (Exception e) { // includes Spark's undeclared checked SparkException
      throw run.failed(e);
    } finally {
      if (inputs != null) {
        inputs.close();
      }
      if (facts != null) {
        facts.unpersist();
      }
    }
  }

  /**
   * Stages bom.cdx.json beside run.json. Shards come from the verified manifest, else are hashed
   * now as a Spark job; run.json's input checksums then reuse those digests.
   */
  private Void stageBom(
      RunLifecycle run,
      Corpus corpus,
      ShardManifest verified,
      RunEmbeddings embeddings,
      AuditCounts counts) {
    List<String> paths = settings.input().paths();
    ShardManifest shards = verified != null ? verified : ShardManifests.ofCorpus(spark, paths);
    org.apache.hadoop.fs.Path root =
        ShardManifests.corpusRoot(paths, spark.sparkContext().hadoopConfiguration());
    Map<String, String> byPath = new LinkedHashMap<>();
    for (ShardEntry e : shards.entries()) {
      byPath.put(new org.apache.hadoop.fs.Path(root, e.path()).toString(), e.sha256());
    }
    run.hashedInputs(byPath);
    List<DataBom.Model> models = new ArrayList<>();
    Map<String, String> hadoopConf = EmbeddingStage.hadoopConf(spark);
    embeddings
        .models()
        .forEach(
            (s, id) ->
                models.add(
                    new DataBom.Model(
                        id.modelId(),
                        id.modelVersion(),
                        id.modelUri(),
                        ModelSource.weightsSha256(s, hadoopConf))));
    run.committer()
        .stageRunFile(
            DataBom.FILE,
            DataBom.json(
                run.runId(),
                VERSION,
                root.toString(),
                shards.entries(),
                models,
                DataBom.flatten(counts)));
    return null;
  }

  private static String stageName(Detector d) {
    return "detector " + d.name();
  }

  /**
   * Flags whose evidence states no action take the detector's configured one; the verdicts read it
   * from the evidence.
   */
  private static Dataset<Row> withDefaultAction(Dataset<Row> flags, Action action) {
    Column evidence = col(FlagSchema.EVIDENCE);
    return flags.withColumn(
        FlagSchema.EVIDENCE,
        when(
                evidence.getItem(Evidence.ACTION).isNull(),
                map_concat(evidence, map(lit(Evidence.ACTION), lit(action.label()))))
            .otherwise(evidence));
  }

  private static Map<String, Long> quality(Dataset<Row> facts) {
    Column recorded = col(RowFacts.RECORDED_SHA256);
    Row r =
        facts
            .agg(
                count(lit(1)).as("audited_rows"),
                sumIf(col(RowFacts.CONTENT_KIND).equalTo(RowFacts.KIND_IMAGE)).as("image_rows"),
                sumIf(col(RowFacts.CONTENT_KIND).equalTo(RowFacts.KIND_TEXT)).as("text_rows"),
                sumIf(recorded.isNull()).as("rows_without_sha256"),
                sumIf(recorded.isNotNull().and(not(IntegrityDetector.wellFormed(recorded))))
                    .as("malformed_sha256"),
                sumIf(col(RowFacts.URL).isNull()).as("rows_without_url"),
                sumIf(col(RowFacts.URL).isNotNull().and(col(RowFacts.DOMAIN).isNull()))
                    .as("malformed_urls"),
                sumIf(col(RowFacts.CRAWL_TIME).isNull()).as("rows_without_crawl_time"))
            .first();
    Map<String, Long> m = new LinkedHashMap<>();
    for (String f : r.schema().fieldNames()) {
      Object v = r.getAs(f);
      m.put(f, v == null ? 0L : ((Number) v).longValue());
    }
    LOG.info("row facts: {}", m);
    return m;
  }

  private static Column sumIf(Column condition) {
    return sum(when(condition, 1L).otherwise(0L));
  }

  private static Map<String, Long> countBy(Dataset<Row> frame, String column) {
    Map<String, Long> m = new LinkedHashMap<>();
    for (Row r : frame.groupBy(column).count().orderBy(column).collectAsList()) {
      m.put(r.getString(0), r.getLong(1));
    }
    return m;
  }

  /**
   * Writes a table into staging. Callers skip empty tables: an empty table is "no rows for this
   * run", and object stores have no empty folders for a committer to list.
   */
  private static void write(
      Dataset<Row> frame, RunCommitter committer, OutputTable table, String... partitionBy) {
    frame
        .write()
        .mode(SaveMode.ErrorIfExists)
        .partitionBy(partitionBy)
        .parquet(committer.stagingTable(table));
  }

  private Map<String, Long> writeCuratedAndLineage(
      Corpus corpus,
      Dataset<Row> facts,
      Dataset<Row> verdicts,
      long dropped,
      RunCommitter committer,
      String runId) {
    Dataset<Row> droppedIds =
        verdicts
            .where(col(VerdictSchema.ACTION).equalTo(Action.DROP.label()))
            .select(col(VerdictSchema.SAMPLE_ID));
    // Removed rows by (file, row): dropped samples plus rejected rows (unaudited rows never pass
    // through).
    Dataset<Row> removed =
        facts
            .join(droppedIds, RowFacts.SAMPLE_ID)
            .select(col(RowFacts.INPUT_FILE), col(RowFacts.ROW_INDEX))
            .union(
                corpus
                    .rejected()
                    .select(col(RejectedSchema.INPUT_FILE), col(RejectedSchema.ROW_INDEX))
                    .toDF(RowFacts.INPUT_FILE, RowFacts.ROW_INDEX));
    Dataset<Row> rejected =
        corpus
            .rejected()
            .withColumn(FlagSchema.RUN_ID, lit(runId))
            .persist(StorageLevel.MEMORY_AND_DISK());
    Map<String, Long> rejectedByReason = countBy(rejected, RejectedSchema.REASON);
    long rejectedRows = rejectedByReason.values().stream().mapToLong(Long::longValue).sum();
    if (dropped + rejectedRows < BROADCAST_REMOVED_ROWS) {
      removed = functions.broadcast(removed);
    }
    Dataset<Row> raw = corpus.raw();
    Dataset<Row> curated =
        raw.join(
                removed,
                raw.col(CorpusSchema.INPUT_FILE)
                    .equalTo(removed.col(RowFacts.INPUT_FILE))
                    .and(raw.col(CorpusSchema.ROW_INDEX).equalTo(removed.col(RowFacts.ROW_INDEX))),
                "left_anti")
            .drop(CorpusSchema.INPUT_FILE, CorpusSchema.ROW_INDEX)
            .withColumn(FlagSchema.RUN_ID, lit(runId));
    if (settings.curation().partitioned()) {
      curated =
          CertifiedPartitions.withPartitionId(
              curated, corpus.mapping(), settings.curation().partitions());
    }
    int files = settings.output().curatedFiles();
    write(
        files > 0 ? curated.repartition(files) : curated,
        committer,
        OutputTable.CURATED,
        FlagSchema.RUN_ID);
    RowGroups rowGroups = RowGroups.read(spark, corpus.files());
    org.apache.spark.sql.expressions.UserDefinedFunction rowGroup =
        functions.udf(
            (org.apache.spark.sql.api.java.UDF2<String, Long, Integer>) rowGroups::rowGroup,
            org.apache.spark.sql.types.DataTypes.IntegerType);
    Dataset<Row> lineage =
        facts.select(
            col(RowFacts.SAMPLE_ID).as("sample_id"),
            col(RowFacts.INPUT_FILE).as("input_file"),
            rowGroup.apply(col(RowFacts.INPUT_FILE), col(RowFacts.ROW_INDEX)).as("row_group"),
            col(RowFacts.ROW_INDEX).as("row_index"),
            lit(runId).as(FlagSchema.RUN_ID));
    write(lineage, committer, OutputTable.LINEAGE, FlagSchema.RUN_ID);
    if (rejectedRows > 0) {
      write(rejected.coalesce(1), committer, OutputTable.REJECTED, FlagSchema.RUN_ID);
    }
    rejected.unpersist();
    return rejectedByReason;
  }
}
