package io.antidote.corpus;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * A corpus as read: {@code rows} in the canonical schema plus pass-through columns plus the lineage
 * columns {@link CorpusSchema#INPUT_FILE} and {@link CorpusSchema#ROW_INDEX}; {@code rejected}
 * holds rows that cannot be audited, each with its reason (see {@link RejectedSchema}); {@code raw}
 * is the input as read, with only the two lineage columns added, from which the curated corpus is
 * cut.
 */
public record Corpus(
    Dataset<Row> raw,
    Dataset<Row> rows,
    Dataset<Row> rejected,
    ColumnMapping mapping,
    List<InputFile> files,
    boolean sampleIdsDerived) {}
