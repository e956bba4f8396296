package dev.embedlab.bakeoff.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Minimal inline-SVG chart primitives for the HTML report: axes with ticks (linear or log10),
 * polylines, points, bars and text. Output is plain SVG 1.1 markup with no script, no external
 * reference and no font download (system sans-serif).
 */
final class Svg {
  static final String[] PALETTE = {"#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#b07aa1",
      "#76b7b2", "#edc948", "#ff9da7", "#9c755f", "#bab0ac"};

  /** A 1-D mapping from data to pixels. */
  static final class Scale {
    final double d0;
    final double d1;
    final double p0;
    final double p1;
    final boolean log;

    Scale(double d0, double d1, double p0, double p1, boolean log) {
      if (log && !(d0 > 0 && d1 > 0)) {
        throw new IllegalArgumentException("log scale needs a positive domain; [" + d0 + ", " + d1 + "]");
      }
      if (d0 == d1) {
        d0 = log ? d0 / 2 : d0 - 0.5;
        d1 = log ? d1 * 2 : d1 + 0.5;
      }
      this.d0 = d0;
      this.d1 = d1;
      this.p0 = p0;
      this.p1 = p1;
      this.log = log;
    }

    double map(double v) {
      double t = log ? (Math.log10(v) - Math.log10(d0)) / (Math.log10(d1) - Math.log10(d0))
          : (v - d0) / (d1 - d0);
      return p0 + t * (p1 - p0);
    }

    /** The linear tick step (see {@link #ticks()}). */
    double step() {
      double raw = (d1 - d0) / 5;
      double mag = Math.pow(10, Math.floor(Math.log10(raw)));
      return raw / mag >= 5 ? 5 * mag : raw / mag >= 2 ? 2 * mag : mag;
    }

    /** Decimals needed to print linear ticks distinctly. */
    int decimals() {
      return log ? 0 : Math.max(0, (int) -Math.floor(Math.log10(step()) + 1e-9));
    }

    /** Tick values: 1-2-5 decades for log, ~5 "nice" steps for linear. */
    List<Double> ticks() {
      List<Double> t = new ArrayList<>();
      if (log) {
        for (int e = (int) Math.floor(Math.log10(d0)); e <= (int) Math.ceil(Math.log10(d1)); e++) {
          for (int m : new int[] {1, 2, 5}) {
            double v = m * Math.pow(10, e);
            if (v >= d0 * 0.999 && v <= d1 * 1.001) {
              t.add(v);
            }
          }
        }
        return t;
      }
      double step = step();
      for (double v = Math.ceil(d0 / step) * step; v <= d1 + step * 1e-9; v += step) {
        t.add(Math.abs(v) < step * 1e-9 ? 0 : v);
      }
      return t;
    }
  }

  private final StringBuilder sb = new StringBuilder();

  Svg(int width, int height, String ariaLabel) {
    sb.append(String.format(Locale.ROOT,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" "
            + "role=\"img\" aria-label=\"%s\" font-family=\"sans-serif\" font-size=\"12\">",
        width, height, width, height, esc(ariaLabel)));
  }

  Svg line(double x1, double y1, double x2, double y2, String stroke, double width, String dash) {
    sb.append(String.format(Locale.ROOT,
        "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" stroke-width=\"%.1f\"%s/>",
        x1, y1, x2, y2, stroke, width, dash == null ? "" : " stroke-dasharray=\"" + dash + "\""));
    return this;
  }

  Svg rect(double x, double y, double w, double h, String fill, String title) {
    return titled("rect", String.format(Locale.ROOT, "x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"",
        x, y, Math.max(0, w), Math.max(0, h), fill), title);
  }

  Svg circle(double cx, double cy, double r, String fill, String title) {
    return titled("circle", String.format(Locale.ROOT,
        "cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\" fill=\"%s\" stroke=\"#fff\" stroke-width=\"1\"", cx, cy, r, fill), title);
  }

  /** A hollow circle (ring) of the given stroke colour. */
  Svg ring(double cx, double cy, double r, String stroke, String title) {
    return titled("circle", String.format(Locale.ROOT,
        "cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\" fill=\"#fff\" stroke=\"%s\" stroke-width=\"2.5\"", cx, cy, r, stroke),
        title);
  }

  /** {@code <tag attributes>} with a {@code <title>} tooltip when {@code title} is not null, then {@code </tag>}. */
  private Svg titled(String tag, String attributes, String title) {
    sb.append('<').append(tag).append(' ').append(attributes).append('>');
    if (title != null) {
      sb.append("<title>").append(esc(title)).append("</title>");
    }
    sb.append("</").append(tag).append('>');
    return this;
  }

  Svg polyline(double[] xs, double[] ys, String stroke, double width) {
    StringBuilder pts = new StringBuilder();
    for (int i = 0; i < xs.length; i++) {
      pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", xs[i], ys[i]));
    }
    sb.append("<polyline fill=\"none\" stroke=\"").append(stroke).append("\" stroke-width=\"")
        .append(String.format(Locale.ROOT, "%.1f", width)).append("\" stroke-linejoin=\"round\" points=\"")
        .append(pts.toString().trim()).append("\"/>");
    return this;
  }

  /** Text; {@code anchor} is start, middle or end. */
  Svg text(double x, double y, String s, String anchor, String fill, int size, boolean bold) {
    sb.append(String.format(Locale.ROOT,
        "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" fill=\"%s\" font-size=\"%d\"%s>%s</text>",
        x, y, anchor, fill, size, bold ? " font-weight=\"bold\"" : "", esc(s)));
    return this;
  }

  /** Vertical text (y-axis title). */
  Svg vtext(double x, double y, String s) {
    sb.append(String.format(Locale.ROOT,
        "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" fill=\"#333\" transform=\"rotate(-90 %.1f %.1f)\">%s</text>",
        x, y, x, y, esc(s)));
    return this;
  }

  /** Grid, ticks and titles for a plot area {@code [x.p0,x.p1] × [y.p1,y.p0]}. */
  Svg axes(Scale x, Scale y, String xTitle, String yTitle, java.util.function.DoubleFunction<String> xFmt,
      java.util.function.DoubleFunction<String> yFmt, List<Double> xTicks) {
    double top = Math.min(y.p0, y.p1);
    double bottom = Math.max(y.p0, y.p1);
    for (double v : y.ticks()) {
      double py = y.map(v);
      line(x.p0, py, x.p1, py, "#e3e3e3", 1, null);
      text(x.p0 - 6, py + 4, yFmt.apply(v), "end", "#555", 11, false);
    }
    for (double v : xTicks == null ? x.ticks() : xTicks) {
      double px = x.map(v);
      line(px, top, px, bottom, "#f0f0f0", 1, null);
      line(px, bottom, px, bottom + 4, "#888", 1, null);
      text(px, bottom + 17, xFmt.apply(v), "middle", "#555", 11, false);
    }
    line(x.p0, bottom, x.p1, bottom, "#888", 1, null);
    line(x.p0, top, x.p0, bottom, "#888", 1, null);
    text((x.p0 + x.p1) / 2, bottom + 36, xTitle, "middle", "#333", 12, false);
    vtext(x.p0 - 44, (top + bottom) / 2, yTitle);
    return this;
  }

  String end() {
    return sb + "</svg>";
  }

  static String esc(String s) {
    StringBuilder o = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> o.append("&amp;");
        case '<' -> o.append("&lt;");
        case '>' -> o.append("&gt;");
        case '"' -> o.append("&quot;");
        case '\'' -> o.append("&#39;");
        default -> o.append(c);
      }
    }
    return o.toString();
  }
}
