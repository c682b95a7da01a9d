package io.antidote.audit;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.map;
import static org.apache.spark.sql.functions.map_concat;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.antidote.config.AuditSettings;
import io.antidote.config.OutputSettings;
import io.antidote.corpus.Corpus;
import io.antidote.corpus.CorpusReader;
import io.antidote.corpus.CorpusSchema;
import io.antidote.corpus.InputFile;
import io.antidote.corpus.RejectedSchema;
import io.antidote.corpus.RowFacts;
import io.antidote.corpus.RowGroups;
import io.antidote.detect.FactsDetector;
import io.antidote.detect.trigger.TriggerTokenDetector;
import io.antidote.detect.duplicates.ExactDuplicateDetector;
import io.antidote.flags.Action;
import io.antidote.flags.Evidence;
import io.antidote.flags.FlagSchema;
import io.antidote.flags.FlagTable;
import io.antidote.flags.VerdictSchema;
import io.antidote.flags.Verdicts;
import io.antidote.detect.integrity.IntegrityDetector;
import io.antidote.output.InputChecksums;
import io.antidote.output.OutputTable;
import io.antidote.output.RunCommitter;
import io.antidote.detect.provenance.DomainLists;
import io.antidote.detect.provenance.ProvenanceDetector;
import io.antidote.detect.provenance.ProvenanceRules;
import io.antidote.detect.provenance.ProvenanceSettings;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkContext;
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
 * The audit, stage by stage: read and normalise, row facts (one pass), model-free detectors, extra
 * detector stages (embeddings and what reads them), flag table, verdicts, curated corpus, lineage,
 * run.json, atomic commit. Any failure before the commit leaves the output root as it was.
 */
public final class AuditPipeline {
  private static final Logger LOG = LoggerFactory.getLogger(AuditPipeline.class);
  public static final String VERSION = "0.1.0";

  /**
   * Below this many rows to remove, the curated anti-join broadcasts them instead of shuffling the
   * corpus.
   */
  private static final long BROADCAST_REMOVED_ROWS = 2_000_000;

  private final SparkSession spark;
  private final AuditSettings settings;
  private final List<DetectorStage> extraStages;

  public AuditPipeline(
      SparkSession spark, AuditSettings settings, List<DetectorStage> extraStages) {
    this.spark = spark;
    this.settings = settings;
    this.extraStages = List.copyOf(extraStages);
  }

  public AuditResult run(String runId) {
    Instant started = Instant.now();
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    RunCommitter.IfExistsPolicy policy =
        RunCommitter.IfExistsPolicy.valueOf(settings.output().ifExists().name());
    // Lists are read (and validated) before anything is staged: a bad list fails fast.
    ProvenanceRules rules = provenanceRules(settings.provenance(), hadoop);
    Optional<RunCommitter> begun =
        RunCommitter.begin(
            settings.output().root(), runId, settings.output().staging(), policy, hadoop);
    if (begun.isEmpty()) {
      return AuditResult.skipped(runId, settings.output().root());
    }
    RunCommitter committer = begun.get();
    Dataset<Row> facts = null;
    List<InputFile> inputFiles = new ArrayList<>();
    try {
      StageLog stages = new StageLog(7 + extraStages.size());
      Corpus corpus =
          stages.run("read and validate input", () -> CorpusReader.read(spark, settings.input()));
      inputFiles.addAll(corpus.files());
      Dataset<Row> persistedFacts =
          RowFacts.of(corpus.rows()).persist(StorageLevel.MEMORY_AND_DISK());
      facts = persistedFacts;
      Map<String, Long> quality =
          stages.run("row facts (hashes, domains)", () -> quality(persistedFacts));

      List<Dataset<Row>> outputs = new ArrayList<>();
      // Detectors that ran, flags or not: the summary lists a detector that flagged nothing with 0.
      java.util.Set<String> detectorsRun = new java.util.TreeSet<>();
      List<FactsDetector> detectors = factsDetectors(rules);
      stages.run(
          "model-free detectors " + detectors.stream().map(FactsDetector::name).toList(),
          () -> {
            for (FactsDetector d : detectors) {
              outputs.add(d.flag(persistedFacts));
            }
            detectors.forEach(d -> detectorsRun.add(d.name()));
            if (settings.triggerTokens().enabled) {
              // Token statistics over the text itself (BadNL-style triggers); no model needed.
              outputs.add(
                  new TriggerTokenDetector(settings.triggerTokens())
                      .flag(corpus.rows())
                      .localCheckpoint());
              detectorsRun.add(TriggerTokenDetector.NAME);
            }
            return null;
          });
      AuditContext context =
          new AuditContext(spark, settings, runId, corpus, persistedFacts, committer, null);
      for (DetectorStage s : extraStages) {
        stages.run(s.name(), () -> outputs.addAll(s.flags(context)));
        detectorsRun.addAll(s.detectorsRun(context));
      }

      Dataset<Row> flagTable =
          FlagTable.assemble(
                  withDefaultActions(FlagTable.union(spark, outputs)), persistedFacts, runId)
              .persist(StorageLevel.MEMORY_AND_DISK());
      Map<String, Long> flagsByDetector =
          stages.run(
              "flag table",
              () -> {
                Map<String, Long> byDetector =
                    new java.util.TreeMap<>(countBy(flagTable, FlagSchema.DETECTOR));
                detectorsRun.forEach(d -> byDetector.putIfAbsent(d, 0L));
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
      Dataset<Row> verdicts =
          Verdicts.of(flagTable, settings.verdictWeights()).persist(StorageLevel.MEMORY_AND_DISK());
      Map<String, Long> actions =
          stages.run(
              "verdicts",
              () -> {
                Map<String, Long> byAction = countBy(verdicts, VerdictSchema.ACTION);
                if (!byAction.isEmpty()) {
                  write(
                      verdicts.coalesce(1), committer, OutputTable.VERDICTS, VerdictSchema.RUN_ID);
                }
                return byAction;
              });

      long dropped = actions.getOrDefault(Action.DROP.label(), 0L);
      Map<String, Long> rejectedByReason =
          stages.run(
              "curated corpus, lineage, rejected rows",
              () ->
                  writeCuratedAndLineage(
                      corpus, persistedFacts, verdicts, dropped, committer, runId));
      long rejected = rejectedByReason.values().stream().mapToLong(Long::longValue).sum();

      long audited = quality.get("audited_rows");
      AuditCounts counts =
          new AuditCounts(
              audited + rejected,
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
              rejectedByReason,
              actions.values().stream().mapToLong(Long::longValue).sum(),
              dropped,
              actions.getOrDefault(Action.REVIEW.label(), 0L),
              audited - dropped);
      Map<String, String> outputPaths = new LinkedHashMap<>();
      for (OutputTable t : OutputTable.values()) {
        if (t == OutputTable.RUNS || committer.isStaged(t)) {
          outputPaths.put(t.dir(), committer.finalPath(t).toString());
        }
      }
      String runJson =
          stages.run(
              "run.json and commit",
              () -> {
                String json =
                    runJson(
                        runId,
                        started,
                        corpus,
                        counts,
                        stages.millis(),
                        outputPaths,
                        context.notes(),
                        hadoop);
                committer.stageRunFile(RunCommitter.RUN_JSON, json);
                committer.commit();
                return json;
              });
      flagTable.unpersist();
      verdicts.unpersist();
      return new AuditResult(
          runId, false, committer.root().toString(), outputPaths, counts, stages.millis(), runJson);
    } catch (Exception e) { // includes Spark's undeclared checked SparkException
      committer.abort();
      throw CorpusReader.explainReadFailure(e, inputFiles);
    } finally {
      if (facts != null) {
        facts.unpersist();
      }
    }
  }

  private List<FactsDetector> factsDetectors(ProvenanceRules rules) {
    List<FactsDetector> d = new ArrayList<>();
    if (settings.integrity().enabled()) {
      d.add(new IntegrityDetector(settings.integrity()));
    }
    if (settings.provenance().enabled() && !rules.isEmpty()) {
      d.add(new ProvenanceDetector(rules));
    } else if (settings.provenance().enabled()) {
      LOG.info("provenance: no deny list, allow list or re-registration list configured; skipped");
    }
    if (settings.exactDuplicates().enabled()) {
      d.add(new ExactDuplicateDetector(settings.exactDuplicates()));
    }
    return d;
  }

  static ProvenanceRules provenanceRules(ProvenanceSettings p, Configuration hadoop) {
    String k = "antidote.detectors.provenance.";
    return new ProvenanceRules(
        DomainLists.readDomains(p.denyList(), k + "deny-list", hadoop),
        DomainLists.readDomains(p.allowList(), k + "allow-list", hadoop),
        DomainLists.readReregistered(p.reregisteredDomains(), k + "reregistered-domains", hadoop),
        p.action(),
        p.offAllowListAction());
  }

  /**
   * Detectors that do not state an action get review; the audit's verdicts read it from evidence.
   */
  private static Dataset<Row> withDefaultActions(Dataset<Row> flags) {
    Column evidence = col(FlagSchema.EVIDENCE);
    return flags.withColumn(
        FlagSchema.EVIDENCE,
        when(
                evidence.getItem(Evidence.ACTION).isNull(),
                map_concat(evidence, map(lit(Evidence.ACTION), lit(Action.REVIEW.label()))))
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

  private String runJson(
      String runId,
      Instant started,
      Corpus corpus,
      AuditCounts counts,
      Map<String, Long> timings,
      Map<String, String> outputs,
      Map<String, Object> notes,
      Configuration hadoop) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("run_id", runId);
    doc.put("status", "committed");
    doc.put("started_at", started.toString());
    doc.put("finished_at", Instant.now().toString());
    SparkContext sc = spark.sparkContext();
    doc.put(
        "versions",
        Map.of(
            "antidote", VERSION,
            "spark", spark.version(),
            "java", System.getProperty("java.version")));
    doc.put("spark", Map.of("master", sc.master(), "application_id", sc.applicationId()));
    List<Map<String, Object>> inputs = new ArrayList<>();
    OutputSettings out = settings.output();
    for (InputFile f : corpus.files()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("path", f.path());
      m.put("length", f.length());
      m.put("modification_time", Instant.ofEpochMilli(f.modificationTime()).toString());
      m.put("checksum", InputChecksums.of(f, out, hadoop));
      inputs.add(m);
    }
    doc.put("inputs", inputs);
    doc.put("column_mapping", corpus.mapping().asNames());
    doc.put("sample_ids_derived", corpus.sampleIdsDerived());
    doc.put("counts", counts);
    doc.put("timings_ms", timings);
    doc.put("outputs", outputs);
    doc.putAll(notes);
    try {
      ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
      Map<String, Object> withConfig = new LinkedHashMap<>(doc);
      withConfig.put("config", mapper.readTree(settings.configJson()));
      return mapper.writeValueAsString(withConfig);
    } catch (Exception e) {
      throw new IllegalStateException("cannot render run.json: " + e.getMessage(), e);
    }
  }
}
