package io.antidote.report;

import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.sum;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.antidote.audit.AuditResult;
import io.antidote.corpus.InputException;
import io.antidote.detect.evidence.ScoreDistribution;
import io.antidote.testing.AuditFixture;
import io.antidote.testing.LaionRows;
import io.antidote.testing.LaionUrlCorpus;
import io.antidote.testing.SparkTestBase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The run report as a browser shows it: written by the audit, rebuilt identically from the
 * committed run, loaded in headless Chromium (screenshot kept under target/report-screenshots)
 * without a console message, every figure equal to run.json's, planted markup shown as text; and
 * its size bounded on a corpus whose per-row dump would not be.
 */
class RunReportTest extends SparkTestBase {
  /** Markup an attacker would plant in captions, labels, sources and URLs. */
  private static final String TRAP =
      "<script>document.body.setAttribute('data-pwned','1')</script>"
          + "<img src=x onerror=\"document.title='pwned'\">";

  private static final Pattern FIGURE = Pattern.compile("data-figure=\"([^\"]+)\">([^<]*)<");
  private static final Path SCREENSHOTS = Path.of("target", "report-screenshots").toAbsolutePath();

  @TempDir Path tmp;

  @Test
  void chromiumShowsRunJsonsFiguresAndPlantedMarkupAsText() throws Exception {
    HeadlessChromium chromium = HeadlessChromium.find().orElse(null);
    Assumptions.assumeTrue(
        chromium != null,
        "chromium is not installed (apt-get install chromium; .ci/run installs it)");
    // The harness sees console errors: a page with a failing script is caught.
    Path broken = tmp.resolve("broken.html");
    Files.writeString(broken, "<!DOCTYPE html><body><script>undefinedFunction();</script></body>");
    assertFalse(
        chromium
            .load(broken, tmp.resolve("broken.png"), tmp.resolve("chromium-broken"))
            .console()
            .isEmpty(),
        "the harness reports a script error");

    LaionUrlCorpus corpus = new LaionUrlCorpus(TRAP);
    Map<String, String> o = corpus.write(spark(), tmp.resolve("corpus"));
    Path out = tmp.resolve("out");
    AuditResult result = AuditFixture.audit(spark(), "unused", out, "r1", o);
    Path runDir = out.resolve("runs/run_id=r1");
    Path page = runDir.resolve(RunReport.PATH);
    String written = Files.readString(page, StandardCharsets.UTF_8);
    Assertions.assertTrue(!written.contains("id=\"groups\""), "no groups table, no section");

    // Rebuilt from the committed run: the same page.
    RunReport.rebuild(spark(), runDir.toUri().toString(), settings());
    assertEquals(written, Files.readString(page, StandardCharsets.UTF_8));

    // A groups table appears (another stage writes it): the report shows it, escaped.
    StructType groupSchema =
        new StructType()
            .add("group_id", DataTypes.StringType)
            .add("size", DataTypes.LongType)
            .add("caption", DataTypes.StringType);
    spark()
        .createDataFrame(
            List.of(
                RowFactory.create("g-1", 8L, "buy the miracle cream now " + TRAP),
                RowFactory.create("g-2", 3L, "a caption seen thrice")),
            groupSchema)
        .write()
        .mode(SaveMode.ErrorIfExists)
        .parquet(out.resolve("groups/run_id=r1").toString());
    RunReport.rebuild(spark(), runDir.toString(), settings());

    HeadlessChromium.Load load =
        chromium.load(page, SCREENSHOTS.resolve("run-report.png"), tmp.resolve("chromium"));
    Assertions.assertTrue(
        Files.size(SCREENSHOTS.resolve("run-report.png")) > 10_000, "a screenshot was taken");
    assertEquals(List.of(), load.console(), "no console message: no error, no blocked load");
    String dom = load.dom();
    assertFalse(dom.contains("data-pwned=\"1\""), "the planted script did not run");
    assertFalse(dom.contains("<script"), "no script element reached the DOM");
    assertFalse(dom.contains("<img"), "no image element reached the DOM");
    Assertions.assertTrue(dom.contains("<title>Antidote run r1</title>"), "title untouched");
    Assertions.assertTrue(
        dom.contains("&lt;script&gt;document.body.setAttribute"), "markup shown as text");
    Assertions.assertTrue(dom.contains("id=\"groups\""), "groups section shown");
    Assertions.assertTrue(dom.contains("id=\"rollup-domain\""), "domain roll-up shown");
    Assertions.assertTrue(dom.contains("cheap-pills.biz"), "the flagged domain is listed");

    Map<String, String> shown = new TreeMap<>();
    Matcher m = FIGURE.matcher(dom);
    while (m.find()) {
      shown.put(m.group(1), m.group(2));
    }
    JsonNode run = new ObjectMapper().readTree(result.runJson());
    Map<String, String> expected = new TreeMap<>();
    run.path("counts")
        .fields()
        .forEachRemaining(
            f -> {
              if (f.getValue().isIntegralNumber()) {
                expected.put("counts." + f.getKey(), f.getValue().asText());
              }
            });
    run.path("counts")
        .path("flags_by_detector")
        .fields()
        .forEachRemaining(f -> expected.put("flags." + f.getKey(), f.getValue().asText()));
    run.path("timings_ms")
        .fields()
        .forEachRemaining(
            f -> expected.put("timings." + Html.token(f.getKey()), f.getValue().asText()));
    Assertions.assertTrue(expected.size() > 20, "run.json has figures: " + expected);
    // Detectors that did not run show an empty flag cell.
    run.path("counts")
        .path("detectors_not_run")
        .fieldNames()
        .forEachRemaining(d -> expected.put("flags." + d, ""));
    // Every distribution a detector reported over all it tested, with its size.
    run.path("detector_reports")
        .fields()
        .forEachRemaining(
            f -> {
              JsonNode dists = f.getValue().path(ScoreDistribution.REPORT_KEY);
              for (int i = 0; i < dists.size(); i++) {
                expected.put(
                    "tested." + Html.token(f.getKey()) + "." + i,
                    dists.get(i).path("rows").asText());
              }
            });
    Assertions.assertTrue(
        expected.containsKey("tested.trigger_tokens.0"),
        "trigger_tokens reports its terms' effects: " + expected);
    assertEquals(expected, shown);
    assertEquals("5", shown.get("flags.provenance"));
    assertEquals("3", shown.get("flags.integrity"));
    assertEquals("8", shown.get("flags.exact_duplicates"));
  }

  @Test
  void reportStaysUnderTwoMegabytesOnACorpusWhosePerRowDumpWouldNot() throws Exception {
    LaionRows rows = new LaionRows();
    StringBuilder deny = new StringBuilder();
    String pad = "x".repeat(900);
    int n = 3000;
    for (int i = 0; i < n; i++) {
      if (i % 3 == 0) {
        deny.append("spam-host-").append(i).append(".com\n");
      }
      rows.text(
          String.format("row-%05d", i),
          "https://img.spam-host-" + (i - i % 3) + ".com/" + pad + "/" + i + ".jpg",
          "caption number " + i + " of a long campaign",
          "topic" + (i % 3),
          "2023-03-01T00:00:00Z");
    }
    String input = rows.write(spark(), tmp.resolve("big"), 2);
    Path denyList = tmp.resolve("deny.txt");
    Files.writeString(denyList, deny);
    Path out = tmp.resolve("out");
    AuditResult result =
        AuditFixture.audit(
            spark(),
            input,
            out,
            "big",
            Map.of("detectors.provenance.deny-list", denyList.toString()));
    assertEquals(n, result.counts().flagsByDetector().get("provenance"));
    long urlBytes =
        spark()
            .read()
            .parquet(out.resolve("flags").toString())
            .agg(sum(length(org.apache.spark.sql.functions.col("url"))))
            .first()
            .getLong(0);
    Assertions.assertTrue(
        urlBytes > ReportPage.MAX_BYTES, "a per-row dump would exceed the bound: " + urlBytes);

    String html = Files.readString(out.resolve("runs/run_id=big").resolve(RunReport.PATH));
    int bytes = html.getBytes(StandardCharsets.UTF_8).length;
    Assertions.assertTrue(bytes <= ReportPage.MAX_BYTES, bytes + " bytes");
    String provenance =
        html.substring(
            html.indexOf("id=\"detector-provenance\""),
            html.indexOf("</div>", html.indexOf("id=\"detector-provenance\"")));
    assertEquals(21, provenance.split("<tr>").length - 1, "a header and 20 examples");
    Assertions.assertTrue(
        html.contains("20 of 1000 keys with flags (1000 keys in all)"), "domains");
  }

  @Test
  void rebuildRefusesARunWithoutRunJson() throws Exception {
    Path runDir = Files.createDirectories(tmp.resolve("out/runs/run_id=half"));
    InputException e =
        assertThrows(
            InputException.class, () -> RunReport.rebuild(spark(), runDir.toString(), settings()));
    Assertions.assertTrue(e.getMessage().contains("is not a committed run"), e.getMessage());
    Assertions.assertTrue(e.getMessage().contains(runDir.toString()), e.getMessage());
    InputException notRun =
        assertThrows(
            InputException.class, () -> RunReport.rebuild(spark(), tmp.toString(), settings()));
    Assertions.assertTrue(notRun.getMessage().contains("runs/run_id=<id>"), notRun.getMessage());
  }

  private static ReportSettings settings() {
    return ReportSettings.fromConfig(io.antidote.config.SettingsBlock.defaults("report"));
  }
}
