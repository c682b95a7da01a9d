package io.antidote.udfs;

import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.catalyst.analysis.FunctionRegistry;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;

/**
 * Antidote's Spark SQL functions, usable from the DataFrame API ({@link #REGISTRABLE_DOMAIN} etc.)
 * and from SQL by the names below, either through {@link AntidoteSqlExtensions} ({@code
 * spark.sql.extensions}) or after {@link #register(SparkSession)}. Both take their functions from
 * {@link #ALL}. Content hashing uses Spark's own {@code sha2(..., 256)} where it can
 * (code-generated, no UDF boundary); {@link #CONTENT_SHA256} covers the image-else-text rule in one
 * call.
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

  /** Every Antidote SQL function: the one list the extension and {@link #register} both read. */
  public static final List<AntidoteFunction> ALL =
      List.of(
          new AntidoteFunction(
              REGISTRABLE_DOMAIN_NAME,
              1,
              REGISTRABLE_DOMAIN,
              "_FUNC_(url) - Returns the registrable domain (eTLD+1, from the Public Suffix List) of"
                  + " an http(s) URL, e.g. 'example.co.uk' for 'https://a.b.example.co.uk/x'; NULL"
                  + " when the URL is malformed, its host is an IP address or a public suffix."),
          new AntidoteFunction(
              URL_HOST_NAME,
              1,
              URL_HOST,
              "_FUNC_(url) - Returns the host of an http(s) URL, lower-cased, without a trailing dot,"
                  + " internationalised names in punycode; NULL when the URL is malformed."),
          new AntidoteFunction(
              NORMALISE_TEXT_NAME,
              1,
              NORMALISE_TEXT,
              "_FUNC_(text) - Returns the text in Unicode NFKC, lower-cased, with whitespace runs"
                  + " collapsed to one space and the ends trimmed; punctuation is kept."),
          new AntidoteFunction(
              CONTENT_SHA256_NAME,
              2,
              CONTENT_SHA256,
              "_FUNC_(image, text) - Returns the lower-case hex SHA-256 of the image bytes when"
                  + " image is not NULL, else of the UTF-8 bytes of text; NULL when both are NULL."));

  private AntidoteFunctions() {}

  /**
   * Registers every function in {@link #ALL} for SQL use in this session, as {@link
   * AntidoteSqlExtensions} does for sessions it is configured in; idempotent.
   */
  public static void register(SparkSession spark) {
    FunctionRegistry registry = spark.sessionState().functionRegistry();
    for (AntidoteFunction f : ALL) {
      registry.registerFunction(f.identifier(), f.info(), f::build);
    }
  }
}
