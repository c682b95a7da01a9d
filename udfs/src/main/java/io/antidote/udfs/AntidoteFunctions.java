package io.antidote.udfs;

import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;

/**
 * Antidote's Spark SQL functions, usable from the DataFrame API ({@link #REGISTRABLE_DOMAIN} etc.)
 * and, after {@link #register(SparkSession)}, from SQL by the names below. Content hashing uses
 * Spark's own {@code sha2(..., 256)} where it can (code-generated, no UDF boundary); {@link
 * #CONTENT_SHA256} covers the image-else-text rule in one call.
 */
public final class AntidoteFunctions {
  public static final String REGISTRABLE_DOMAIN_NAME = "registrable_domain";
  public static final String URL_HOST_NAME = "url_host";
  public static final String NORMALISE_TEXT_NAME = "normalise_text";
  public static final String CONTENT_SHA256_NAME = "content_sha256";

  public static final UserDefinedFunction REGISTRABLE_DOMAIN =
      functions.udf(
          (UDF1<String, String>) url -> RegistrableDomain.of(url).orElse(null),
          DataTypes.StringType);

  public static final UserDefinedFunction URL_HOST =
      functions.udf(
          (UDF1<String, String>) url -> RegistrableDomain.host(url).orElse(null),
          DataTypes.StringType);

  public static final UserDefinedFunction NORMALISE_TEXT =
      functions.udf((UDF1<String, String>) TextNormaliser::normalise, DataTypes.StringType);

  public static final UserDefinedFunction CONTENT_SHA256 =
      functions.udf((UDF2<byte[], String, String>) ContentHash::ofContent, DataTypes.StringType);

  private AntidoteFunctions() {}

  /** Registers every function for SQL use; idempotent. */
  public static void register(SparkSession spark) {
    spark.udf().register(REGISTRABLE_DOMAIN_NAME, REGISTRABLE_DOMAIN);
    spark.udf().register(URL_HOST_NAME, URL_HOST);
    spark.udf().register(NORMALISE_TEXT_NAME, NORMALISE_TEXT);
    spark.udf().register(CONTENT_SHA256_NAME, CONTENT_SHA256);
  }
}
