package io.antidote.provenance;

import static org.apache.spark.sql.functions.col;

import io.antidote.corpus.RowFacts;
import io.antidote.detect.FactsDetector;
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
public final class ProvenanceDetector implements FactsDetector {
  public static final String NAME = "provenance";

  private final ProvenanceRules rules;

  public ProvenanceDetector(ProvenanceRules rules) {
    this.rules = rules;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
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
