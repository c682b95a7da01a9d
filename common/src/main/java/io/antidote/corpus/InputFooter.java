package io.antidote.corpus;

import org.apache.spark.sql.types.StructType;

/**
 * What one input file's Parquet footer says before any row is read: its schema as Spark reads it,
 * the same schema in Parquet's own terms (named in errors: "INT64", "BINARY (STRING)"), and how
 * many rows its row groups hold.
 *
 * @param parquetTypes column name → the Parquet type of that top-level column, as the footer prints
 *     it
 */
public record InputFooter(
    InputFile file, StructType schema, java.util.Map<String, String> parquetTypes, long rows) {}
