package io.antidote.curation;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.antidote.corpus.ColumnMapping;
import io.antidote.corpus.CorpusSchema;
import io.antidote.corpus.InputException;
import java.util.Arrays;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;

/**
 * Adds the {@link #PARTITION_ID} column to the curated corpus: {@link ContentPartition} of each
 * row's text and image, read from the input columns the mapping chose (the curated corpus keeps the
 * input's own column names).
 */
public final class CertifiedPartitions {
  public static final String PARTITION_ID = "partition_id";

  private CertifiedPartitions() {}

  public static Dataset<Row> withPartitionId(
      Dataset<Row> curated, ColumnMapping mapping, int partitions) {
    if (Arrays.asList(curated.columns()).contains(PARTITION_ID)) {
      throw new InputException(
          "the input already has a column "
              + PARTITION_ID
              + ", which curation.partitions = "
              + partitions
              + " would replace: rename it, or set curation.partitions = 0");
    }
    UserDefinedFunction partition =
        functions.udf(
            (UDF2<byte[], String, Integer>)
                (image, text) -> ContentPartition.of(image, text, partitions),
            DataTypes.IntegerType);
    return curated.withColumn(
        PARTITION_ID,
        partition.apply(content(mapping, CorpusSchema.IMAGE), content(mapping, CorpusSchema.TEXT)));
  }

  private static Column content(ColumnMapping mapping, String canonical) {
    return mapping
        .source(canonical)
        .map(f -> col("`" + f.name() + "`").cast(CorpusSchema.typeOf(canonical)))
        .orElse(lit(null).cast(CorpusSchema.typeOf(canonical)));
  }
}
