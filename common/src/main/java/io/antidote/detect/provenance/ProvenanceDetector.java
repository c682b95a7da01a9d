package io.antidote.detect.provenance;

import static org.apache.spark.sql.functions.col;

import io.antidote.corpus.RowFacts;
import io.antidote.detect.Detector;
import io.antidote.detect.DetectorInput;
import io.antidote.detect.DetectorInputs;
import io.antidote.detect.DetectorResult;
import io.antidote.flags.Evidence;
import io.antidote.flags.FlagSchema;
import java.sql.Timestamp;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import scala.collection.JavaConverters;

/**
 * Spark glue for {@link ProvenanceRules}: the rules travel with the task closure (lists of a few
 * million domains are fine), each row is checked where it lies, and only hits leave the executors.
 */
public final class ProvenanceDetector implements Detector {
  public static final String NAME = "provenance";

  private final ProvenanceRules rules;

  public ProvenanceDetector(ProvenanceRules rules) {
    this.rules = rules;
  }

  /**
   * The detector with its lists read (and validated) now, before the audit stages anything: a bad
   * list fails the run before work starts. With no list configured it reports "not run".
   */
  public static Detector build(ProvenanceSettings s, org.apache.hadoop.conf.Configuration hadoop) {
    ProvenanceRules rules =
        new ProvenanceRules(
            DomainLists.readDomains(s.denyList(), ProvenanceSettings.key("deny-list"), hadoop),
            DomainLists.readDomains(s.allowList(), ProvenanceSettings.key("allow-list"), hadoop),
            DomainLists.readReregistered(
                s.reregisteredDomains(), ProvenanceSettings.key("reregistered-domains"), hadoop),
            s.common().action(),
            s.offAllowListAction());
    if (rules.isEmpty()) {
      return io.antidote.detect.DetectorEnvironment.notRunnable(
          NAME, "no deny list, allow list or re-registration list configured");
    }
    return new ProvenanceDetector(rules);
  }

  @Override
  public java.util.List<DetectorInput> inputs() {
    return java.util.List.of(DetectorInput.ROW_FACTS);
  }

  @Override
  public DetectorResult flag(DetectorInputs inputs) {
    return DetectorResult.ran(NAME, flag(inputs.rowFacts()), java.util.Map.of());
  }

  @Override
  public String name() {
    return NAME;
  }

  /** Flags over {@link io.antidote.corpus.RowFacts}. */
  public Dataset<Row> flag(Dataset<Row> facts) {
    if (rules.isEmpty()) {
      return facts.sparkSession().createDataFrame(java.util.List.of(), FlagSchema.DETECTOR_OUTPUT);
    }
    ProvenanceRules r = rules;
    FlatMapFunction<Row, Row> check =
        row -> {
          Timestamp crawled = row.getAs(RowFacts.CRAWL_TIME);
          Optional<ProvenanceRules.Finding> f =
              r.check(
                  row.getAs(RowFacts.HOST),
                  row.getAs(RowFacts.DOMAIN),
                  crawled == null ? null : crawled.toInstant());
          if (f.isEmpty()) {
            return java.util.Collections.emptyIterator();
          }
          Map<String, String> evidence = new HashMap<>(f.get().evidence());
          evidence.put(Evidence.ACTION, f.get().action().label());
          return java.util.List.of(
                  RowFactory.create(
                      row.getAs(RowFacts.SAMPLE_ID),
                      NAME,
                      1.0,
                      1.0,
                      f.get().reason(),
                      JavaConverters.mapAsScalaMapConverter(evidence)
                          .asScala()
                          .toMap(scala.Predef.$conforms())))
              .iterator();
        };
    return facts
        .where(col(RowFacts.DOMAIN).isNotNull())
        .select(
            col(RowFacts.SAMPLE_ID),
            col(RowFacts.HOST),
            col(RowFacts.DOMAIN),
            col(RowFacts.CRAWL_TIME))
        .flatMap(check, Encoders.row(FlagSchema.DETECTOR_OUTPUT));
  }
}
