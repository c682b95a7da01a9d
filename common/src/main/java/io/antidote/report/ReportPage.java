package io.antidote.report;

import io.antidote.report.ReportContent.DetectorSection;
import io.antidote.report.ReportContent.Distribution;
import io.antidote.report.ReportContent.Example;
import io.antidote.report.ReportContent.RollupLine;
import io.antidote.report.ReportContent.RollupView;
import io.antidote.report.ReportContent.TableExcerpt;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renders a {@link ReportContent} as one self-contained HTML page: inline CSS, inline SVG charts,
 * no script and nothing fetched. Sections with nothing to show are left out. Every figure taken
 * from run.json carries a {@code data-figure} attribute ({@code counts.<name>}, {@code
 * flags.<detector>}, {@code timings.<stage>}) so a reader, or a test, can check it against
 * run.json.
 */
public final class ReportPage {
  /** A report is never larger than this; aggregates only keep it far below. */
  public static final int MAX_BYTES = 2 * 1024 * 1024;

  private static final String CSS =
      """
      body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:2em auto;max-width:72em;\
      color:#1d2330;padding:0 1em}
      h1{font-size:1.5em}h2{font-size:1.2em;border-bottom:1px solid #ccd;margin-top:2em}
      h3{font-size:1.05em}
      table{border-collapse:collapse;margin:.5em 0}
      td,th{border:1px solid #ccd;padding:.2em .5em;text-align:left;vertical-align:top;\
      max-width:36em;overflow-wrap:anywhere}
      td.n,th.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
      th{background:#eef}
      .meta{color:#555}
      svg text{font-size:11px;fill:#333}
      svg .bar{fill:#4a72b0}
      svg .cut{stroke:#c0392b;stroke-width:2;stroke-dasharray:4 2}
      svg .cutband{fill:#c0392b;opacity:.15}
      svg .axis{stroke:#333}
      """;

  private static final Logger LOG = LoggerFactory.getLogger(ReportPage.class);

  private ReportPage() {}

  /**
   * The page, at most {@code maxBytes} of UTF-8. Sizes are bounded by counts, but escaping can grow
   * a text sixfold: data made of quotes in every field could pass the bound, so the examples are
   * halved until the page fits (fewer examples, not a failed audit).
   *
   * @throws IllegalStateException when even no examples do not fit
   */
  public static String renderWithin(ReportContent content, int maxBytes) {
    int examples = content.detectors().stream().mapToInt(d -> d.examples().size()).max().orElse(0);
    while (true) {
      String html = render(content);
      int bytes = html.getBytes(StandardCharsets.UTF_8).length;
      if (bytes <= maxBytes) {
        return html;
      }
      if (examples == 0) {
        throw new IllegalStateException(
            "report of run " + content.runId() + " is " + bytes + " bytes, over " + maxBytes);
      }
      examples /= 2;
      LOG.warn(
          "report of run {} is {} bytes; showing {} examples per detector",
          content.runId(),
          bytes,
          examples);
      content = withExamples(content, examples);
    }
  }

  private static ReportContent withExamples(ReportContent c, int n) {
    List<DetectorSection> detectors = new ArrayList<>();
    for (DetectorSection d : c.detectors()) {
      detectors.add(
          new DetectorSection(
              d.name(),
              d.flags(),
              d.action(),
              d.notRun(),
              d.distributions(),
              d.histogram(),
              d.examples().subList(0, Math.min(n, d.examples().size()))));
    }
    return new ReportContent(
        c.runId(),
        c.command(),
        c.status(),
        c.startedAt(),
        c.finishedAt(),
        c.counts(),
        c.timings(),
        detectors,
        c.rollups(),
        c.groups());
  }

  public static String render(ReportContent c) {
    StringBuilder b = new StringBuilder(64 * 1024);
    b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; ")
        .append("style-src 'unsafe-inline'; img-src data:\">")
        .append("<title>Antidote run ")
        .append(Html.text(c.runId()))
        .append("</title><style>")
        .append(CSS)
        .append("</style></head><body>\n");
    b.append("<h1>Antidote run <span id=\"run-id\">")
        .append(Html.text(c.runId()))
        .append("</span></h1>\n<p class=\"meta\">")
        .append(Html.text(c.command()))
        .append(", ")
        .append(Html.text(c.status()))
        .append("; started ")
        .append(Html.text(c.startedAt()))
        .append(", finished ")
        .append(Html.text(c.finishedAt()))
        .append("</p>\n");
    counts(b, c.counts());
    timings(b, c.timings());
    detectors(b, c.detectors());
    rollups(b, c.rollups());
    c.groups().ifPresent(g -> groups(b, g));
    b.append("</body></html>\n");
    return b.toString();
  }

  private static void counts(StringBuilder b, Map<String, Long> counts) {
    if (counts.isEmpty()) {
      return;
    }
    b.append("<section id=\"counts\"><h2>Counts</h2><table>");
    counts.forEach(
        (name, v) ->
            b.append("<tr><th>")
                .append(Html.text(name.replace('_', ' ')))
                .append("</th><td class=\"n\" data-figure=\"counts.")
                .append(Html.token(name))
                .append("\">")
                .append(v)
                .append("</td></tr>"));
    b.append("</table></section>\n");
  }

  private static void timings(StringBuilder b, Map<String, Long> timings) {
    if (timings.isEmpty()) {
      return;
    }
    b.append("<section id=\"timings\"><h2>Stage timings</h2><table><tr><th>stage</th>")
        .append("<th class=\"n\">ms</th></tr>");
    List<String> labels = new ArrayList<>();
    List<Double> values = new ArrayList<>();
    List<String> shown = new ArrayList<>();
    timings.forEach(
        (stage, ms) -> {
          b.append("<tr><td>")
              .append(Html.text(stage))
              .append("</td><td class=\"n\" data-figure=\"timings.")
              .append(Html.token(stage))
              .append("\">")
              .append(ms)
              .append("</td></tr>");
          labels.add(stage);
          values.add((double) ms);
          shown.add(ms + " ms");
        });
    b.append("</table>").append(SvgCharts.bars(labels, values, shown)).append("</section>\n");
  }

  private static void detectors(StringBuilder b, List<DetectorSection> detectors) {
    if (detectors.isEmpty()) {
      return;
    }
    b.append("<section id=\"detectors\"><h2>Detectors</h2><table><tr><th>detector</th>")
        .append("<th class=\"n\">flags</th><th>action</th><th>note</th></tr>");
    for (DetectorSection d : detectors) {
      b.append("<tr><td>")
          .append(Html.text(d.name()))
          .append("</td><td class=\"n\" data-figure=\"flags.")
          .append(Html.token(d.name()))
          .append("\">")
          .append(d.notRun().isPresent() ? "" : Long.toString(d.flags()))
          .append("</td><td>")
          .append(Html.text(d.action()))
          .append("</td><td>")
          .append(d.notRun().map(r -> "not run: " + Html.text(r)).orElse(""))
          .append("</td></tr>");
    }
    b.append("</table>\n");
    for (DetectorSection d : detectors) {
      if (d.distributions().isEmpty() && d.histogram().isEmpty() && d.examples().isEmpty()) {
        continue;
      }
      String id = "detector-" + Html.token(d.name());
      b.append("<div class=\"detector\" id=\"")
          .append(id)
          .append("\"><h3>")
          .append(Html.text(d.name()))
          .append("</h3>");
      for (int i = 0; i < d.distributions().size(); i++) {
        Distribution dist = d.distributions().get(i);
        ScoreHistogram h = dist.histogram();
        b.append("<p>")
            .append(Html.text(dist.statistic()))
            .append(": <span data-figure=\"tested.")
            .append(Html.token(d.name()))
            .append('.')
            .append(i)
            .append("\">")
            .append(h.total() + h.nonFinite())
            .append("</span> tested")
            .append(
                dist.hasCut()
                    ? "; flagged "
                        + (dist.flaggedAbove() ? "above" : "below")
                        + " the cut "
                        + SvgCharts.number(h.cutMin())
                        + " (dashed line)"
                    : "; no cut (nothing could be flagged)")
            .append(h.nonFinite() > 0 ? "; " + h.nonFinite() + " values not finite, not drawn" : "")
            .append(".</p>")
            .append(SvgCharts.histogram(h, id + "-distribution-" + i));
      }
      d.histogram()
          .filter(h -> d.distributions().isEmpty())
          .ifPresent(
              h -> {
                b.append("<p>Score of the ")
                    .append(h.total())
                    .append(" flagged rows; the cut ")
                    .append(
                        h.cutMin() == h.cutMax()
                            ? "is " + SvgCharts.number(h.cutMin())
                            : "ranges from "
                                + SvgCharts.number(h.cutMin())
                                + " to "
                                + SvgCharts.number(h.cutMax())
                                + " (one per group)")
                    .append(" (dashed line)")
                    .append(
                        h.nonFinite() > 0
                            ? "; " + h.nonFinite() + " scores not finite, not drawn"
                            : "")
                    .append(".</p>")
                    .append(SvgCharts.histogram(h, id + "-histogram"));
              });
      if (!d.examples().isEmpty()) {
        b.append("<table class=\"examples\"><tr><th>sample</th><th class=\"n\">score</th>")
            .append("<th class=\"n\">threshold</th><th>reason</th><th>url</th><th>source</th>")
            .append("<th>label</th></tr>");
        for (Example e : d.examples()) {
          b.append("<tr><td>")
              .append(Html.text(e.sampleId()))
              .append("</td><td class=\"n\">")
              .append(SvgCharts.number(e.score()))
              .append("</td><td class=\"n\">")
              .append(SvgCharts.number(e.threshold()))
              .append("</td><td>")
              .append(Html.text(e.reason()))
              .append("</td><td>")
              .append(Html.text(e.url()))
              .append("</td><td>")
              .append(Html.text(e.source()))
              .append("</td><td>")
              .append(Html.text(e.label()))
              .append("</td></tr>");
        }
        b.append("</table>");
      }
      b.append("</div>\n");
    }
    b.append("</section>\n");
  }

  private static void rollups(StringBuilder b, Map<String, RollupView> rollups) {
    if (rollups.values().stream().allMatch(v -> v.top().isEmpty())) {
      return;
    }
    b.append("<section id=\"rollups\"><h2>Sources by flagged share</h2>");
    rollups.forEach(
        (dimension, v) -> {
          if (v.top().isEmpty()) {
            return;
          }
          b.append("<div id=\"rollup-")
              .append(Html.token(dimension))
              .append("\"><h3>")
              .append(Html.text(dimension.replace('_', ' ')))
              .append("</h3><p>")
              .append(v.top().size())
              .append(" of ")
              .append(v.keysWithFlags())
              .append(" keys with flags (")
              .append(v.keys())
              .append(" keys in all); the full table is rollups/.</p>")
              .append(
                  "<table><tr><th>key</th><th class=\"n\">rows</th><th class=\"n\">flagged</th>")
              .append("<th class=\"n\">dropped</th><th class=\"n\">flagged share</th></tr>");
          List<String> labels = new ArrayList<>();
          List<Double> values = new ArrayList<>();
          List<String> shown = new ArrayList<>();
          for (RollupLine l : v.top()) {
            String key = l.key() == null ? "(none)" : l.key();
            String share = String.format(Locale.ROOT, "%.1f %%", 100 * l.share());
            b.append("<tr><td>")
                .append(Html.text(key))
                .append("</td><td class=\"n\">")
                .append(l.rows())
                .append("</td><td class=\"n\">")
                .append(l.flagged())
                .append("</td><td class=\"n\">")
                .append(l.dropped())
                .append("</td><td class=\"n\">")
                .append(share)
                .append("</td></tr>");
            labels.add(key);
            values.add(l.share());
            shown.add(share);
          }
          b.append("</table>").append(SvgCharts.bars(labels, values, shown)).append("</div>");
        });
    b.append("</section>\n");
  }

  private static void groups(StringBuilder b, TableExcerpt g) {
    if (g.rows() == 0) {
      return;
    }
    b.append("<section id=\"groups\"><h2>Groups and campaigns</h2><p>")
        .append(g.values().size())
        .append(" of ")
        .append(g.rows())
        .append(" rows of groups/.</p><table><tr>");
    g.columns().forEach(col -> b.append("<th>").append(Html.text(col)).append("</th>"));
    b.append("</tr>");
    for (List<String> row : g.values()) {
      b.append("<tr>");
      row.forEach(v -> b.append("<td>").append(Html.text(v)).append("</td>"));
      b.append("</tr>");
    }
    b.append("</table></section>\n");
  }
}
