package io.antidote.udfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The functions as a Spark SQL user reaches them: through {@code spark.sql.extensions} only. */
class AntidoteSqlExtensionsTest {
  private static final byte[] IMAGE = {(byte) 0x89, 'P', 'N', 'G', 0, 1, 2, (byte) 0xff};

  private static SparkSession spark;

  @BeforeAll
  static void startSpark() {
    spark =
        SparkSession.builder()
            .master("local[2]")
            .appName(AntidoteSqlExtensionsTest.class.getSimpleName())
            .config("spark.ui.enabled", "false")
            .config("spark.sql.shuffle.partitions", "2")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .config("spark.sql.extensions", AntidoteSqlExtensions.class.getName())
            .getOrCreate();
    StructType schema =
        new StructType()
            .add("id", DataTypes.IntegerType)
            .add("url", DataTypes.StringType)
            .add("text", DataTypes.StringType)
            .add("image", DataTypes.BinaryType);
    spark
        .createDataFrame(
            List.of(
                RowFactory.create(
                    1, "https://a.b.example.co.uk/x", "  Hello \t World  ﬁle Ａ ", IMAGE),
                RowFactory.create(2, "HTTP://WWW.Bücher.DE./p?q=1", "abc", null),
                RowFactory.create(3, "not a url", null, null),
                RowFactory.create(4, "http://192.168.1.7/img.png", "", null)),
            schema)
        .createOrReplaceTempView("corpus");
  }

  @AfterAll
  static void stopSpark() {
    if (spark != null) {
      spark.stop();
    }
  }

  private static List<Row> sql(String query) {
    return spark.sql(query).collectAsList();
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  @Test
  void everyFunctionAnswersInSql() throws Exception {
    List<Row> rows =
        sql(
            "SELECT registrable_domain(url), url_host(url), normalise_text(text),"
                + " content_sha256(image, text) FROM corpus ORDER BY id");

    Row r1 = rows.get(0);
    assertEquals("example.co.uk", r1.getString(0));
    assertEquals("a.b.example.co.uk", r1.getString(1));
    assertEquals("hello world file a", r1.getString(2));
    assertEquals(sha256(IMAGE), r1.getString(3), "image bytes win over text");

    Row r2 = rows.get(1);
    assertEquals("xn--bcher-kva.de", r2.getString(0));
    assertEquals("www.xn--bcher-kva.de", r2.getString(1));
    assertEquals("abc", r2.getString(2));
    assertEquals(sha256("abc".getBytes(StandardCharsets.UTF_8)), r2.getString(3));
    assertEquals(
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", r2.getString(3));

    Row r3 = rows.get(2);
    assertNull(r3.get(0), "malformed URL has no domain");
    assertNull(r3.get(1), "malformed URL has no host");
    assertNull(r3.get(2), "NULL text stays NULL");
    assertNull(r3.get(3), "no image and no text: no hash");

    Row r4 = rows.get(3);
    assertNull(r4.get(0), "an IP address has no registrable domain");
    assertEquals("192.168.1.7", r4.getString(1));
    assertEquals("", r4.getString(2));
    assertEquals(sha256(new byte[0]), r4.getString(3), "empty text is content");
  }

  @Test
  void functionsWorkOnLiteralsInWhereClausesAndKeepTheirNames() {
    List<Row> rows =
        sql(
            "SELECT id, registrable_domain(url) FROM corpus"
                + " WHERE registrable_domain(url) = registrable_domain('http://cdn.example.co.uk')");
    assertEquals(1, rows.size());
    assertEquals(1, rows.get(0).getInt(0));
    assertEquals(
        "registrable_domain(url)",
        spark.sql("SELECT registrable_domain(url) FROM corpus").columns()[0],
        "the result column is named after the function, not UDF(url)");
    assertEquals(
        "example.co.uk",
        sql("SELECT REGISTRABLE_DOMAIN('https://a.b.example.co.uk/x')").get(0).getString(0),
        "function names are case-insensitive like Spark's own");
  }

  @Test
  void describeFunctionShowsTheUsage() {
    for (AntidoteFunction f : AntidoteFunctions.ALL) {
      String described =
          sql("DESCRIBE FUNCTION " + f.name()).stream()
              .map(r -> r.getString(0))
              .collect(Collectors.joining("\n"));
      assertTrue(described.contains("Function: " + f.name()), described);
      assertTrue(described.contains("Usage: " + f.usage().replace("_FUNC_", f.name())), described);
    }
    String domain =
        sql("DESCRIBE FUNCTION registrable_domain").stream()
            .map(r -> r.getString(0))
            .collect(Collectors.joining("\n"));
    assertTrue(domain.contains("Usage: registrable_domain(url) - Returns the registrable domain"));
  }

  @Test
  void everyFunctionIsListed() {
    List<String> listed =
        sql("SHOW FUNCTIONS").stream().map(r -> r.getString(0)).collect(Collectors.toList());
    for (AntidoteFunction f : AntidoteFunctions.ALL) {
      assertTrue(listed.contains(f.name()), f.name() + " missing from SHOW FUNCTIONS");
    }
  }

  @Test
  void aWrongArgumentCountNamesTheFunction() {
    AnalysisException tooMany =
        assertThrows(
            AnalysisException.class, () -> sql("SELECT registrable_domain(url, text) FROM corpus"));
    assertTrue(tooMany.getMessage().contains("`registrable_domain`"), tooMany.getMessage());
    assertTrue(tooMany.getMessage().contains("requires 1 parameters"), tooMany.getMessage());
    assertTrue(tooMany.getMessage().contains("actual number is 2"), tooMany.getMessage());
    assertEquals("WRONG_NUM_ARGS.WITHOUT_SUGGESTION", tooMany.getErrorClass());

    AnalysisException tooFew =
        assertThrows(AnalysisException.class, () -> sql("SELECT content_sha256(text) FROM corpus"));
    assertTrue(tooFew.getMessage().contains("`content_sha256`"), tooFew.getMessage());
    assertTrue(tooFew.getMessage().contains("requires 2 parameters"), tooFew.getMessage());
    assertTrue(tooFew.getMessage().contains("actual number is 1"), tooFew.getMessage());
  }
}
