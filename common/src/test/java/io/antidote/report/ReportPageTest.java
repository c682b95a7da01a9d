package io.antidote.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.antidote.report.ReportContent.DetectorSection;
import io.antidote.report.ReportContent.Example;
import io.antidote.report.ReportContent.RollupLine;
import io.antidote.report.ReportContent.RollupView;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The page without a browser: escaping, hidden sections, binning. */
class ReportPageTest {
  @Test
  void dataIsEscapedInTextAndAttributesAndCut() {
    assertEquals(
        "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;",
        Html.text("<script>alert(\"x\")</script> & '"));
    assertEquals("a b", Html.text("a\u0000b"));
    assertEquals(Html.MAX_TEXT + 1, Html.text("y".repeat(5000)).length(), "cut, with an ellipsis");
    assertEquals("flags.a_b_script_", "flags." + Html.token("a\"b<script>"));
  }

  @Test
  void sectionsWithNothingInThemAreLeftOut() {
    ReportContent empty =
        new ReportContent(
            "r",
            "embed",
            "committed",
            "t0",
            "t1",
            Map.of(),
            Map.of(),
            List.of(),
            Map.of(),
            Optional.empty());
    String html = ReportPage.render(empty);
    for (String section : List.of("counts", "timings", "detectors", "rollups", "groups")) {
      assertFalse(html.contains("id=\"" + section + "\""), section);
    }

    Map<String, RollupView> rollups = new LinkedHashMap<>();
    rollups.put(
        "domain", new RollupView(1, 9, List.of(new RollupLine("<b>evil.com</b>", 10, 4, 4, 0.4))));
    rollups.put("source", new RollupView(0, 2, List.of()));
    ReportContent full =
        new ReportContent(
            "r<1>",
            "audit",
            "committed",
            "t0",
            "t1",
            Map.of("input_rows", 10L),
            Map.of("read", 5L),
            List.of(
                new DetectorSection(
                    "provenance",
                    4,
                    "drop",
                    Optional.empty(),
                    List.of(),
                    Optional.of(new ScoreHistogram(0, 2, new long[] {0, 4}, 1, 1, 0)),
                    List.of(new Example("s<1>", 2, 1, "deny <i>", "http://x/<a>", "s", "l"))),
                new DetectorSection(
                    "trigger_tokens",
                    0,
                    "review",
                    Optional.of("no label column"),
                    List.of(),
                    Optional.empty(),
                    List.of())),
            rollups,
            Optional.empty());
    html = ReportPage.render(full);
    assertTrue(html.contains("data-figure=\"counts.input_rows\">10<"));
    assertTrue(html.contains("data-figure=\"flags.provenance\">4<"));
    assertTrue(html.contains("data-figure=\"flags.trigger_tokens\"><"), "not run: no figure");
    assertTrue(html.contains("not run: no label column"));
    assertTrue(html.contains("id=\"rollup-domain\""));
    assertFalse(html.contains("id=\"rollup-source\""), "a dimension without flags is left out");
    assertFalse(html.contains("<b>evil") || html.contains("<i>") || html.contains("<a>"));
    assertTrue(html.contains("&lt;b&gt;evil.com&lt;/b&gt;"));
    assertTrue(html.contains("<title>Antidote run r&lt;1&gt;</title>"));
    assertFalse(html.contains("<script"), "the page has no script of its own");
  }

  @Test
  void examplesAreHalvedWhenEscapingWouldPassTheBound() {
    String quotes = "\"".repeat(Html.MAX_TEXT);
    List<Example> examples =
        java.util.stream.IntStream.range(0, 20)
            .mapToObj(i -> new Example(quotes, 1, 0, quotes, quotes, quotes, quotes))
            .toList();
    List<DetectorSection> detectors =
        java.util.stream.IntStream.range(0, 12)
            .mapToObj(
                i ->
                    new DetectorSection(
                        "d" + i,
                        20,
                        "review",
                        Optional.empty(),
                        List.of(),
                        Optional.empty(),
                        examples))
            .toList();
    ReportContent c =
        new ReportContent(
            "r",
            "audit",
            "committed",
            "t0",
            "t1",
            Map.of(),
            Map.of(),
            detectors,
            Map.of(),
            Optional.empty());
    int full = ReportPage.render(c).getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    assertTrue(full > ReportPage.MAX_BYTES, "20 examples of quotes pass the bound: " + full);
    String html = ReportPage.renderWithin(c, ReportPage.MAX_BYTES);
    assertTrue(
        html.getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= ReportPage.MAX_BYTES);
    assertEquals(
        12 * 10,
        html.split("<td class=\"n\">1</td>", -1).length - 1,
        "halved once: 10 examples per detector");
  }

  @Test
  void binsCoverTheScoresAndTheCut() {
    double[] range = ScoreHistogram.range(5, 8, 5, 5);
    assertEquals(5, range[0]);
    assertEquals(8, range[1]);
    assertEquals(0, ScoreHistogram.bin(5, 5, 8, 3));
    assertEquals(2, ScoreHistogram.bin(8, 5, 8, 3), "the top score is in the last bin");
    assertEquals(1, ScoreHistogram.bin(6.5, 5, 8, 3));
    double[] flat = ScoreHistogram.range(3, 3, 3, 3);
    assertTrue(flat[0] < 3 && flat[1] > 3, "equal scores get a range around them");
    double[] below = ScoreHistogram.range(0.001, 0.002, 0.05, 0.05);
    assertEquals(0.001, below[0]);
    assertEquals(0.05, below[1], "a p-value cut above the scores is inside the range");
  }
}
