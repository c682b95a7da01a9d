package io.antidote.report;

import java.util.List;
import java.util.Locale;

/**
 * Charts as inline SVG, drawn here so the report needs no script, no font and no network. Labels
 * from the data go through {@link Html#text}.
 */
final class SvgCharts {
  private static final int WIDTH = 640;

  private SvgCharts() {}

  /** Bars of a histogram with the cut drawn as a line (or a band when cuts differ by group). */
  static String histogram(ScoreHistogram h, String id) {
    int height = 180;
    int left = 40;
    int bottom = 30;
    int plotW = WIDTH - left - 10;
    int plotH = height - bottom - 10;
    long max = 1;
    for (long c : h.counts()) {
      max = Math.max(max, c);
    }
    StringBuilder b = new StringBuilder();
    b.append("<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" id=\"")
        .append(id)
        .append("\" width=\"")
        .append(WIDTH)
        .append("\" height=\"")
        .append(height)
        .append("\" viewBox=\"0 0 ")
        .append(WIDTH)
        .append(' ')
        .append(height)
        .append("\">");
    double bw = (double) plotW / h.counts().length;
    for (int i = 0; i < h.counts().length; i++) {
      double bh = plotH * (double) h.counts()[i] / max;
      b.append(
          String.format(
              Locale.ROOT,
              "<rect class=\"bar\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"><title>%d</title></rect>",
              left + i * bw + 0.5,
              10 + plotH - bh,
              Math.max(bw - 1, 0.5),
              bh,
              h.counts()[i]));
    }
    // No cut to draw (a test that could reject nothing): NaN would be an invalid SVG attribute.
    boolean cut = Double.isFinite(h.cutMin()) && Double.isFinite(h.cutMax());
    double x0 = cut ? x(h.cutMin(), h, left, plotW) : 0;
    double x1 = cut ? x(h.cutMax(), h, left, plotW) : 0;
    if (cut && x1 - x0 > 1) {
      b.append(
          String.format(
              Locale.ROOT,
              "<rect class=\"cutband\" x=\"%.1f\" y=\"10\" width=\"%.1f\" height=\"%d\"/>",
              x0,
              x1 - x0,
              plotH));
    }
    for (double xc :
        !cut ? new double[0] : x1 - x0 > 1 ? new double[] {x0, x1} : new double[] {x0}) {
      b.append(
          String.format(
              Locale.ROOT,
              "<line class=\"cut\" x1=\"%.1f\" y1=\"6\" x2=\"%.1f\" y2=\"%d\"/>",
              xc,
              xc,
              10 + plotH));
    }
    b.append(
        String.format(
            Locale.ROOT,
            "<line class=\"axis\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>",
            left,
            10 + plotH,
            left + plotW,
            10 + plotH));
    b.append(label(left, height - 10, "start", number(h.lo())));
    b.append(label(left + plotW, height - 10, "end", number(h.hi())));
    // Above the plot, beside the line: the axis labels below may sit at the same x.
    b.append(
        label(
            (int) Math.round(x0) + 4,
            20,
            "start",
            "cut " + number(h.cutMin()) + (x1 - x0 > 1 ? "…" + number(h.cutMax()) : "")));
    b.append(label(left - 4, 20, "end", Long.toString(max)));
    b.append(label(left - 4, 10 + plotH, "end", "0"));
    return b.append("</svg>").toString();
  }

  /** Horizontal bars, one per label, with the value written after each bar. */
  static String bars(List<String> labels, List<Double> values, List<String> shown) {
    int row = 20;
    int labelW = 260;
    int height = row * labels.size() + 10;
    double max = 0;
    for (double v : values) {
      max = Math.max(max, v);
    }
    StringBuilder b = new StringBuilder();
    b.append(
        String.format(
            Locale.ROOT,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\">",
            WIDTH,
            height,
            WIDTH,
            height));
    int barW = WIDTH - labelW - 90;
    for (int i = 0; i < labels.size(); i++) {
      double w = max > 0 ? barW * values.get(i) / max : 0;
      int y = 5 + i * row;
      String name = labels.get(i);
      String cut = name.length() > 40 ? name.substring(0, 39) + "…" : name;
      b.append(label(labelW - 6, y + 14, "end", cut));
      b.append(
          String.format(
              Locale.ROOT,
              "<rect class=\"bar\" x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\"/>",
              labelW,
              y + 3,
              Math.max(w, 0.5),
              row - 6));
      b.append(label((int) Math.round(labelW + w + 4), y + 14, "start", shown.get(i)));
    }
    return b.append("</svg>").toString();
  }

  private static double x(double v, ScoreHistogram h, int left, int plotW) {
    return left + plotW * (v - h.lo()) / (h.hi() - h.lo());
  }

  private static String label(int x, int y, String anchor, String text) {
    return String.format(
        Locale.ROOT,
        "<text x=\"%d\" y=\"%d\" text-anchor=\"%s\">%s</text>",
        x,
        y,
        anchor,
        Html.text(text));
  }

  static String number(double v) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      return Double.toString(v);
    }
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    return String.format(Locale.ROOT, "%.4g", v);
  }
}
