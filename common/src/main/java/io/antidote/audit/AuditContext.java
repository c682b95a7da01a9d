package io.antidote.audit;

import io.antidote.config.AuditSettings;
import io.antidote.corpus.Corpus;
import io.antidote.output.RunCommitter;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * What later stages of an audit see: the session, settings, the corpus as read, its persisted row
 * facts and the committer (to stage extra tables such as embeddings). Stages add figures for
 * run.json to {@link #notes()}.
 */
public record AuditContext(
    SparkSession spark,
    AuditSettings settings,
    String runId,
    Corpus corpus,
    Dataset<Row> facts,
    RunCommitter committer,
    Map<String, Object> notes) {

  public AuditContext {
    notes = notes == null ? new ConcurrentHashMap<>() : notes;
  }
}
