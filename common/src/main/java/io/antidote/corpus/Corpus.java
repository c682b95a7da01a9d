package io.antidote.corpus;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * A corpus as read: {@code rows} in the canonical schema plus pass-through columns plus the lineage
 * columns {@link CorpusSchema#INPUT_FILE} and {@link CorpusSchema#ROW_INDEX}; {@code rejected}
 * holds rows that cannot be audited, each with its reason (see {@link RejectedSchema}); {@code raw}
 * is the input as read, with only the two lineage columns added, from which the curated corpus is
 * cut; {@code rowsRead} counts the input's rows apart from both (from the files' footers, else a
 * count of {@code raw}), so a run can prove that audited plus rejected rows are all of them.
 */
public record Corpus(
    Dataset<Row> raw,
    Dataset<Row> rows,
    Dataset<Row> rejected,
    ColumnMapping mapping,
    List<InputFile> files,
    boolean sampleIdsDerived,
    long rowsRead) {}
