package io.antidote.udfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Collectors;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@link AntidoteFunctions#register} for Java callers: a session without the SQL extension. */
class AntidoteFunctionsRegisterTest {
  private static SparkSession spark;

  @BeforeAll
  static void startSpark() {
    spark =
        SparkSession.builder()
            .master("local[2]")
            .appName(AntidoteFunctionsRegisterTest.class.getSimpleName())
            .config("spark.ui.enabled", "false")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .getOrCreate();
  }

  @AfterAll
  static void stopSpark() {
    if (spark != null) {
      spark.stop();
    }
  }

  @Test
  void registerMakesTheSameFunctionsCallableAndIsIdempotent() {
    assertThrows(
        AnalysisException.class,
        () -> spark.sql("SELECT registrable_domain('https://example.com/')").collect(),
        "nothing is registered before register()");

    AntidoteFunctions.register(spark);
    AntidoteFunctions.register(spark);

    Row row =
        spark
            .sql(
                "SELECT registrable_domain(u), url_host(u), normalise_text(' A  B '),"
                    + " content_sha256(CAST(NULL AS BINARY), 'abc')"
                    + " FROM VALUES ('https://a.b.example.co.uk/x') AS t(u)")
            .first();
    assertEquals("example.co.uk", row.getString(0));
    assertEquals("a.b.example.co.uk", row.getString(1));
    assertEquals("a b", row.getString(2));
    assertEquals(ContentHash.ofContent(null, "abc"), row.getString(3));

    String described =
        spark.sql("DESCRIBE FUNCTION url_host").collectAsList().stream()
            .map(r -> r.getString(0))
            .collect(Collectors.joining("\n"));
    assertTrue(described.contains("Usage: url_host(url) - Returns the host"), described);

    AnalysisException e =
        assertThrows(
            AnalysisException.class, () -> spark.sql("SELECT normalise_text('a', 'b')").collect());
    assertTrue(e.getMessage().contains("`normalise_text`"), e.getMessage());
  }
}
