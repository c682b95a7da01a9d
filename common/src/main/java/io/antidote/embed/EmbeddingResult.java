package io.antidote.embed;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * What one embed run produced: the rows to append to the embedding table ({@link EmbeddingSchema}),
 * the rows that failed ({@link EmbeddingErrorSchema}) and the counts. The model's output is cached
 * (memory and disk) so that reading both frames and the counts runs the model once; {@link
 * #close()} releases it after the frames are written.
 *
 * @param embedded rows run through the model successfully
 * @param reused rows that got a new table row with a vector already in the table (same content,
 *     same model, another sample id)
 * @param unchanged rows whose (sample id, content hash) is already in the table: nothing to write
 * @param failed rows that could not be embedded (see {@link #errors()})
 * @param skipped rows whose content column is null
 */
public record EmbeddingResult(
    ModelIdentity model,
    Dataset<Row> newEmbeddings,
    Dataset<Row> errors,
    long embedded,
    long reused,
    long unchanged,
    long failed,
    long skipped,
    Dataset<Row> cachedModelOutput)
    implements AutoCloseable {

  /** Rows appended to the table by this run: {@code embedded + reused}. */
  public long newRows() {
    return embedded + reused;
  }

  /** Counts and model identity for run.json. */
  public Map<String, Object> summary() {
    Map<String, Object> m = new LinkedHashMap<>(model.toMap());
    m.put("embedded", embedded);
    m.put("reused", reused);
    m.put("unchanged", unchanged);
    m.put("failed", failed);
    m.put("skipped", skipped);
    return m;
  }

  @Override
  public void close() {
    cachedModelOutput.unpersist(false);
  }
}
