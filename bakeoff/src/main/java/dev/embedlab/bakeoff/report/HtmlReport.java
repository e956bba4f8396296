package dev.embedlab.bakeoff.report;

import dev.embedlab.bakeoff.BakeOffResult;
import dev.embedlab.bakeoff.CandidateResult;
import dev.embedlab.bakeoff.Comparison;
import dev.embedlab.bakeoff.DatasetInfo;
import dev.embedlab.bakeoff.Recommendation;
import dev.embedlab.bakeoff.Slice;
import dev.embedlab.bakeoff.Words;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One self-contained HTML page for a bake-off: the results table, four inline SVG charts
 * (recall@k curves, quality vs. speed, per-query wins/losses against the best, sorted per-query
 * differences), the significance method and provenance. No script, stylesheet, font or image is
 * fetched: the file can be mailed or attached to a ticket and opened offline.
 */
public final class HtmlReport {
  private static final int W = 640;
  private static final int H = 360;
  private static final int ML = 64;
  private static final int MR = 20;
  private static final int MT = 16;
  private static final int MB = 48;

  private HtmlReport() {}

  /** The HTML text. */
  public static String render(BakeOffResult r) {
    Map<String, String> color = new LinkedHashMap<>();
    for (int i = 0; i < r.candidates().size(); i++) {
      color.put(r.candidates().get(i).name(), Svg.PALETTE[i % Svg.PALETTE.length]);
    }
    DatasetInfo d = r.dataset();
    String pm = r.settings().primaryMeasure();
    StringBuilder h = new StringBuilder(64 * 1024);
    h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        .append("<title>embedlab bake-off: ").append(Svg.esc(d.id())).append("</title><style>")
        .append("body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,'Noto Sans','Noto Sans KR',sans-serif;")
        .append("margin:24px auto;max-width:1120px;padding:0 16px;color:#222;line-height:1.45}")
        .append("h1{font-size:24px;margin:0 0 4px}h2{font-size:18px;margin:28px 0 8px;border-bottom:1px solid #ddd;padding-bottom:4px}")
        .append(".sub{color:#555;margin:0 0 16px}.note{color:#555;font-size:13px}")
        .append("table{border-collapse:collapse;font-size:13px;margin:8px 0}")
        .append("th,td{border-bottom:1px solid #e4e4e4;padding:4px 6px;text-align:right;white-space:nowrap}")
        .append("th{background:#f6f6f6;font-weight:600}td:first-child,th:first-child{text-align:left}")
        .append(".best{font-weight:700}.sig{color:#c0392b;font-weight:600}.ns{color:#777}")
        .append(".sw{display:inline-block;width:10px;height:10px;border-radius:2px;margin-right:6px;vertical-align:middle}")
        .append(".charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(520px,1fr));gap:20px}")
        .append(".chart{border:1px solid #e4e4e4;border-radius:6px;padding:10px}.chart h3{font-size:14px;margin:0 0 6px}")
        .append(".chart svg{max-width:100%;height:auto}.legend{font-size:12px;margin-top:4px}")
        .append(".legend span{margin-right:14px;white-space:nowrap}code{font-size:12px;background:#f4f4f4;padding:1px 4px;border-radius:3px}")
        .append(".warn{background:#fff4e5;border-left:4px solid #f28e2b;padding:6px 10px;margin:8px 0}")
        .append("ul.prov{font-size:13px}ul.prov li{margin:3px 0;word-break:break-all}")
        .append("</style></head><body>\n");
    h.append("<h1>embedlab bake-off: ").append(Svg.esc(d.id())).append("</h1>");
    h.append("<p class=\"sub\">").append(Words.count(r.candidates().size(), "candidate")).append(" · ")
        .append(Fmt.n(d.documents())).append(" documents · ").append(Fmt.n(d.queries())).append(" queries · ")
        .append(Fmt.n(d.judgments())).append(" judgments · best on ").append(Svg.esc(pm)).append(": <b>")
        .append(Svg.esc(r.best() == null ? "–" : r.best())).append("</b> · ")
        .append(Svg.esc(Fmt.instant(r.run().startedAt()))).append(" · ").append(Fmt.s(r.run().totalSeconds()))
        .append(" s</p>\n");

    ReportExtras.htmlSynthetic(h, r);
    for (String n : r.notes()) {
      h.append("<p class=\"warn\"><b>Note:</b> ").append(Svg.esc(n)).append("</p>\n");
    }
    recommendation(h, r);
    table(h, r, color);
    ReportExtras.html(h, r);
    if (r.pairDataset() != null) {
      pairTable(h, r, color);
    }
    sliceTable(h, r, color);

    h.append("<h2>Charts</h2><div class=\"charts\">\n");
    if (!r.slices().isEmpty()) {
      chart(h, pm + " per slice", sliceChart(r, color), legend(r, color, null)
          + "<div class=\"note\">One group per query slice (query count below); bars are candidates.</div>");
    }
    chart(h, "Recall@k", recallChart(r, color), legend(r, color, null));
    chart(h, pm + " vs. corpus embedding speed", speedChart(r, color), legend(r, color, null)
        + "<div class=\"note\">Up and to the right is better. Hollow markers: vectors may come from a cache (not model speed).</div>");
    if (r.comparisons().isEmpty()) {
      h.append("</div><p class=\"note\">One candidate only: no per-query comparison to draw.</p>\n");
    } else {
    chart(h, "Per-query wins and losses against " + (r.best() == null ? "the best" : r.best()) + " (" + pm + ")",
        winLossChart(r), "<div class=\"legend\"><span><i class=\"sw\" style=\"background:#59a14f\"></i>candidate better</span>"
            + "<span><i class=\"sw\" style=\"background:#c8c8c8\"></i>tie</span>"
            + "<span><i class=\"sw\" style=\"background:#e15759\"></i>best better</span></div>");
    chart(h, "Per-query " + pm + " difference to the best, sorted", deltaChart(r, color),
        legend(r, color, r.best()) + "<div class=\"note\">Each line is one candidate's per-query differences "
            + "(candidate − best), sorted; the area below zero is where the best wins.</div>");
    h.append("</div>\n");
    }

    h.append("<h2>How to read it</h2><ul class=\"note\">")
        .append("<li>Retrieval: top ").append(r.settings().k())
        .append(" documents per query by exact cosine search (ties by document id, as trec_eval); metrics are means over all ")
        .append(Fmt.n(r.candidates().isEmpty() ? 0 : r.candidates().get(0).quality().queries()))
        .append(" judged queries as <code>trec_eval -c</code> computes them.</li>")
        .append("<li>Δ: mean per-query difference of ").append(Svg.esc(pm)).append(" against the best; interval: ")
        .append(Math.round(r.settings().significance().level() * 100)).append("% percentile bootstrap (")
        .append(Fmt.n(r.settings().significance().resamples())).append(" resamples, seed ")
        .append(r.settings().significance().seed()).append("); p: two-sided paired randomisation test, ").append(Svg.esc(Words.holm(r.comparisons().size())))
        .append("; red = significant at α = ")
        .append(r.settings().significance().alpha()).append(". The best is chosen after looking, so read p as a screen, not a proof.</li>")
        .append("<li>docs/s: corpus embedding throughput (BM25: indexing). p50/p95: one query embedded alone and searched (")
        .append(r.settings().latencyQueries()).append(" queries at most, after warm-up). A hybrid's times are the sums of its components'.</li>")
        .append("<li>bytes/doc: a vector's bytes (float32); BM25: its in-memory Lucene index size / documents; hybrid: the sum.</li></ul>\n");

    provenance(h, r);
    h.append("<p class=\"note\">Generated by embedlab ").append(Svg.esc(r.run().embedlabVersion()))
        .append(" · schema ").append(BakeOffJson.SCHEMA).append("</p>\n</body></html>\n");
    return h.toString();
  }

  /** Writes {@link #render} to {@code file} (UTF-8). */
  public static void write(BakeOffResult r, Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.writeString(file, render(r), StandardCharsets.UTF_8);
  }

  // ---------------------------------------------------------------- tables

  private static void table(StringBuilder h, BakeOffResult r, Map<String, String> color) {
    List<String> ms = r.settings().measures();
    String pm = r.settings().primaryMeasure();
    List<CandidateResult> ranked = MarkdownReport.ranked(r);
    Map<String, Double> bestOf = new LinkedHashMap<>();
    for (String m : ms) {
      bestOf.put(m, ranked.stream().mapToDouble(c -> c.quality().mean(m)).max().orElse(Double.NaN));
    }
    double bestRate = ranked.stream().mapToDouble(c -> c.timing().docsPerSecond()).max().orElse(0);
    double bestP50 = ranked.stream().mapToDouble(c -> c.latency().p50Millis()).min().orElse(0);
    h.append("<h2>Quality</h2><div style=\"overflow-x:auto\"><table><thead><tr><th>Candidate</th>");
    for (String m : ms) {
      h.append("<th>").append(Svg.esc(m)).append("</th>");
    }
    h.append("<th>Δ ").append(Svg.esc(pm)).append(" vs best [")
        .append(Math.round(r.settings().significance().level() * 100)).append("% CI]</th><th>p (Holm)</th>")
        .append("</tr></thead><tbody>");
    for (CandidateResult c : ranked) {
      h.append("<tr><td>").append(swatch(color, c)).append(c.name().equals(r.best()) ? " <b>(best)</b>" : "").append("</td>");
      for (String m : ms) {
        double v = c.quality().mean(m);
        h.append(v == bestOf.get(m) ? "<td class=\"best\">" : "<td>").append(Fmt.metric(v)).append("</td>");
      }
      Optional<Comparison> cmp = r.comparison(c.name());
      if (cmp.isPresent()) {
        Comparison x = cmp.get();
        boolean sig = x.significant(r.settings().significance().alpha());
        h.append("<td>").append(Fmt.signed(x.meanDifference())).append(" [").append(Fmt.signed(x.ci().lower()))
            .append(", ").append(Fmt.signed(x.ci().upper())).append("]</td><td class=\"")
            .append(sig ? "sig" : "ns").append("\">").append(Fmt.p(x.pHolm())).append("</td>");
      } else {
        h.append("<td>–</td><td>–</td>");
      }
      h.append("</tr>");
    }
    h.append("</tbody></table></div>\n");
    h.append("<h2>Speed and footprint</h2><div style=\"overflow-x:auto\"><table><thead><tr><th>Candidate</th>")
        .append("<th>docs/s</th><th>corpus s</th><th>queries s</th><th>search s</th><th>p50 ms</th>")
        .append("<th>p95 ms</th><th>load s</th><th>dim</th><th>bytes/vec</th><th>bytes/doc</th><th>truncated docs</th>")
        .append("<th>total s</th></tr></thead><tbody>");
    for (CandidateResult c : ranked) {
      h.append("<tr><td>").append(swatch(color, c)).append("</td>")
          .append(c.timing().docsPerSecond() == bestRate ? "<td class=\"best\">" : "<td>")
          .append(Fmt.rate(c.timing().docsPerSecond())).append(dev.embedlab.bakeoff.SpeedSample.marker(c))
          .append("</td><td>").append(Fmt.s(c.timing().corpusSeconds()))
          .append("</td><td>").append(Fmt.s(c.timing().querySeconds()))
          .append("</td><td>").append(Fmt.s(c.timing().searchSeconds())).append("</td>")
          .append(c.latency().p50Millis() == bestP50 ? "<td class=\"best\">" : "<td>")
          .append(Fmt.ms(c.latency().p50Millis())).append("</td><td>").append(Fmt.ms(c.latency().p95Millis()))
          .append("</td><td>").append(Fmt.s(c.timing().loadSeconds()))
          .append("</td><td>").append(c.footprint().dimension() == 0 ? "–" : Integer.toString(c.footprint().dimension()))
          .append("</td><td>").append(c.footprint().bytesPerVector() == 0 ? "n/a" : Fmt.n(c.footprint().bytesPerVector()))
          .append("</td><td>").append(Fmt.bytes(c.footprint().bytesPerDocument(r.dataset().documents())))
          .append("</td><td>").append(Svg.esc(Fmt.truncated(c.footprint())))
          .append("</td><td>").append(Fmt.s(c.timing().totalSeconds())).append("</td></tr>");
    }
    h.append("</tbody></table></div>\n");
  }

  private static void recommendation(StringBuilder h, BakeOffResult r) {
    Recommendation rec = Recommendation.of(r);
    String pm = r.settings().primaryMeasure();
    h.append("<h2>What to pick</h2>");
    for (String w : rec.warnings()) {
      h.append("<p class=\"warn\"><b>Warning:</b> ").append(Svg.esc(w)).append("</p>");
    }
    h.append("<ul><li>Pareto set (").append(Svg.esc(pm)).append(" ↑, docs/s ↑, p95 latency ↓, bytes/doc ↓): <b>")
        .append(Svg.esc(String.join(", ", rec.pareto()))).append("</b></li>");
    for (String p : rec.picks()) {
      h.append("<li>").append(Svg.esc(p)).append("</li>");
    }
    for (String t : rec.truncation()) {
      h.append("<li>Truncation: ").append(Svg.esc(t)).append("</li>");
    }
    h.append("</ul>");
    if (!rec.power().isEmpty()) {
      h.append("<p class=\"note\">Minimum detectable difference (MDE) in ").append(Svg.esc(pm)).append(" against ")
          .append(Svg.esc(r.best())).append(": paired, α = ").append(r.settings().significance().alpha())
          .append(", power ").append(Recommendation.POWER).append(", from the SD of the per-query differences.</p>")
          .append("<table><thead><tr><th>Candidate</th><th>queries</th><th>Δ</th><th>SD of differences</th>")
          .append("<th>MDE</th><th>resolvable</th><th>queries to detect Δ</th></tr></thead><tbody>");
      for (Recommendation.Power p : rec.power()) {
        h.append("<tr><td>").append(Svg.esc(p.candidate())).append("</td><td>").append(p.queries())
            .append("</td><td>").append(Fmt.signed(p.meanDifference())).append("</td><td>")
            .append(Fmt.metric(p.sdOfDifferences())).append("</td><td>").append(Fmt.metric(p.mde()))
            .append("</td><td>").append(p.resolvable() ? "yes" : "no").append("</td><td>")
            .append(p.queriesNeeded() < 0 ? "–" : Fmt.n(p.queriesNeeded())).append("</td></tr>");
      }
      h.append("</tbody></table>\n");
    }
  }

  private static void sliceTable(StringBuilder h, BakeOffResult r, Map<String, String> color) {
    if (r.slices().isEmpty()) {
      return;
    }
    String pm = r.settings().primaryMeasure();
    List<String> ms = r.settings().measures();
    h.append("<h2>Slices</h2><p class=\"note\">Every measure per query slice; bold = best on ").append(Svg.esc(pm))
        .append(" in the slice. cross-lingual: every relevant judged document is in another language than the query; ")
        .append("mixed: some are. Tag sources: ").append(Svg.esc(String.join(", ", r.slices().stream()
            .map(s -> s.dimension() + " (" + s.source() + ")").distinct().toList()))).append(".</p>")
        .append("<div style=\"overflow-x:auto\"><table><thead><tr><th>Slice</th><th>queries</th><th>Candidate</th>");
    for (String m : ms) {
      h.append("<th>").append(Svg.esc(m)).append("</th>");
    }
    h.append("</tr></thead><tbody>");
    for (Slice s : r.slices()) {
      List<String> win = Recommendation.winners(r, s, pm);
      boolean first = true;
      for (CandidateResult c : MarkdownReport.ranked(r)) {
        h.append("<tr><td>").append(first ? Svg.esc(s.dimension() + " = " + s.value()) : "").append("</td><td>")
            .append(first ? Integer.toString(s.queries()) : "").append("</td><td")
            .append(win.contains(c.name()) ? " class=\"best\">" : ">").append(swatch(color, c)).append("</td>");
        for (String m : ms) {
          h.append("<td>").append(Fmt.metric(s.mean(c.name(), m))).append("</td>");
        }
        h.append("</tr>");
        first = false;
      }
    }
    h.append("</tbody></table></div>\n");
  }

  /** Widest slice chart: the page's content width, so the browser never scales its 11 px labels down. */
  static final int MAX_CHART_WIDTH = 1088;

  /**
   * The per-slice bar chart, as several charts of at most {@link #MAX_CHART_WIDTH} pixels when the
   * slices do not fit one: a wider chart would be shrunk to the page and its labels with it.
   */
  static String sliceChart(BakeOffResult r, Map<String, String> color) {
    int nc = r.candidates().size();
    double groupW = Math.max(84, nc * 9 + 16);
    int perChart = Math.max(1, (int) ((MAX_CHART_WIDTH - ML - MR) / groupW));
    List<Slice> all = r.slices();
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < all.size(); i += perChart) {
      out.append(sliceChart(r, color, all.subList(i, Math.min(all.size(), i + perChart)), groupW));
    }
    return out.toString();
  }

  private static String sliceChart(BakeOffResult r, Map<String, String> color, List<Slice> sl, double groupW) {
    String pm = r.settings().primaryMeasure();
    int nc = r.candidates().size();
    int width = (int) Math.min(MAX_CHART_WIDTH, Math.max(W, ML + MR + groupW * sl.size()));
    int height = H + 30;
    Svg s = new Svg(width, height, pm + " per slice and candidate");
    Svg.Scale x = new Svg.Scale(0, sl.size(), ML, width - MR, false);
    Svg.Scale y = new Svg.Scale(0, 1, height - MB - 30, MT, false);
    for (double t : y.ticks()) {
      s.line(ML, y.map(t), width - MR, y.map(t), "#eee", 1, null);
      s.text(ML - 6, y.map(t) + 4, String.format(Locale.ROOT, "%.1f", t), "end", "#555", 11, false);
    }
    s.vtext(16, (MT + height - MB - 30) / 2.0, pm);
    double bw = (x.map(1) - x.map(0) - 12) / Math.max(1, nc);
    for (int g = 0; g < sl.size(); g++) {
      Slice sc = sl.get(g);
      double gx = x.map(g) + 6;
      for (int i = 0; i < nc; i++) {
        CandidateResult c = r.candidates().get(i);
        double v = sc.mean(c.name(), pm);
        s.rect(gx + i * bw, y.map(v), Math.max(1, bw - 1), y.map(0) - y.map(v), color.get(c.name()),
            c.name() + ", " + sc.dimension() + " = " + sc.value() + ": " + pm + " " + Fmt.metric(v));
      }
      double cx = x.map(g + 0.5);
      s.text(cx, height - MB - 14, sc.value(), "middle", "#333", 11, true);
      s.text(cx, height - MB + 1, sc.dimension(), "middle", "#777", 11, false);
      s.text(cx, height - MB + 14, "n=" + sc.queries(), "middle", "#777", 11, false);
    }
    s.line(ML, y.map(0), width - MR, y.map(0), "#888", 1, null);
    return s.end();
  }

  private static String swatch(Map<String, String> color, CandidateResult c) {
    return "<i class=\"sw\" style=\"background:" + color.get(c.name()) + "\"></i>" + Svg.esc(c.name());
  }

  private static void pairTable(StringBuilder h, BakeOffResult r, Map<String, String> color) {
    h.append("<h2>Pair set ").append(Svg.esc(r.pairDataset().id())).append(" (")
        .append(Fmt.n(r.pairDataset().queries())).append(" pairs, cosine vs. gold)</h2>")
        .append("<table><thead><tr><th>Candidate</th><th>Spearman</th><th>Pearson</th><th>ROC-AUC</th></tr></thead><tbody>");
    for (CandidateResult c : MarkdownReport.ranked(r)) {
      if (c.pairs() != null) {
        h.append("<tr><td><i class=\"sw\" style=\"background:").append(color.get(c.name())).append("\"></i>")
            .append(Svg.esc(c.name())).append("</td><td>").append(Fmt.metric(c.pairs().spearman()))
            .append("</td><td>").append(Fmt.metric(c.pairs().pearson())).append("</td><td>")
            .append(Fmt.metric(c.pairs().rocAuc())).append("</td></tr>");
      }
    }
    h.append("</tbody></table>\n");
  }

  private static void provenance(StringBuilder h, BakeOffResult r) {
    DatasetInfo d = r.dataset();
    h.append("<h2>Provenance</h2><ul class=\"prov\">");
    h.append("<li>Data set <code>").append(Svg.esc(d.id())).append("</code>; licence: ").append(Svg.esc(d.licence()))
        .append("; source: ").append(Svg.esc(d.source())).append("</li>");
    if (!d.warnings().isEmpty()) {
      h.append("<li>Loader warnings (").append(d.warnings().size()).append("): ")
          .append(Svg.esc(String.join("; ", d.warnings().subList(0, Math.min(3, d.warnings().size())))))
          .append(d.warnings().size() > 3 ? " …" : "").append("</li>");
    }
    if (r.pairDataset() != null) {
      DatasetInfo p = r.pairDataset();
      h.append("<li>Pair set <code>").append(Svg.esc(p.id())).append("</code>; licence: ").append(Svg.esc(p.licence()))
          .append("; source: ").append(Svg.esc(p.source())).append("</li>");
    }
    h.append("<li>embedlab ").append(Svg.esc(r.run().embedlabVersion())).append(" · ").append(Svg.esc(r.run().jvm()))
        .append(" · ").append(Svg.esc(r.run().os())).append(" · ").append(r.run().cores()).append(" cores · started ")
        .append(Svg.esc(Fmt.instant(r.run().startedAt()))).append("</li>");
    for (CandidateResult c : r.candidates()) {
      h.append("<li><b>").append(Svg.esc(c.name())).append("</b>: model <code>").append(Svg.esc(c.info().modelId()))
          .append("</code>");
      if (!c.info().description().isEmpty()) {
        h.append(", ").append(Svg.esc(c.info().description()));
      }
      if (!c.info().sha256().isEmpty()) {
        h.append(", sha256 <code>").append(c.info().sha256()).append("</code>");
      }
      c.info().properties().forEach((k, v) -> {
        if (!v.isEmpty()) {
          h.append(", ").append(Svg.esc(k)).append(": <code>").append(Svg.esc(v)).append("</code>");
        }
      });
      h.append("</li>");
    }
    h.append("</ul>\n");
  }

  private static void chart(StringBuilder h, String title, String svg, String after) {
    h.append("<div class=\"chart\"><h3>").append(Svg.esc(title)).append("</h3>").append(svg).append(after)
        .append("</div>\n");
  }

  private static String legend(BakeOffResult r, Map<String, String> color, String skip) {
    StringBuilder l = new StringBuilder("<div class=\"legend\">");
    for (CandidateResult c : r.candidates()) {
      if (!c.name().equals(skip)) {
        l.append("<span><i class=\"sw\" style=\"background:").append(color.get(c.name())).append("\"></i>")
            .append(Svg.esc(c.name())).append("</span>");
      }
    }
    return l.append("</div>").toString();
  }

  // ---------------------------------------------------------------- charts

  static String recallChart(BakeOffResult r, Map<String, String> color) {
    Svg s = new Svg(W, H, "Recall at k per candidate");
    int maxK = r.candidates().stream().mapToInt(c -> c.quality().recallCurve().isEmpty() ? 1
        : c.quality().recallCurve().lastKey()).max().orElse(1);
    Svg.Scale x = new Svg.Scale(1, Math.max(2, maxK), ML, W - MR, true);
    Svg.Scale y = new Svg.Scale(0, 1, H - MB, MT, false);
    List<Double> ticks = new ArrayList<>();
    for (int k : new int[] {1, 2, 3, 5, 10, 20, 50, 100, 200, 500, 1000}) {
      if (k <= Math.max(2, maxK)) {
        ticks.add((double) k);
      }
    }
    s.axes(x, y, "k (log scale)", "Recall@k", v -> String.format(Locale.ROOT, "%.0f", v),
        v -> String.format(Locale.ROOT, "%.1f", v), ticks);
    for (CandidateResult c : r.candidates()) {
      Map<Integer, Double> rc = c.quality().recallCurve();
      double[] xs = new double[rc.size()];
      double[] ys = new double[rc.size()];
      int i = 0;
      for (Map.Entry<Integer, Double> e : rc.entrySet()) {
        xs[i] = x.map(e.getKey());
        ys[i] = y.map(e.getValue());
        i++;
      }
      String col = color.get(c.name());
      s.polyline(xs, ys, col, 2);
      i = 0;
      for (Map.Entry<Integer, Double> e : rc.entrySet()) {
        s.circle(xs[i], ys[i], 2.5, col, c.name() + ": Recall@" + e.getKey() + " = " + Fmt.metric(e.getValue()));
        i++;
      }
    }
    return s.end();
  }

  static String speedChart(BakeOffResult r, Map<String, String> color) {
    Svg s = new Svg(W, H, "Quality against corpus embedding speed");
    String pm = r.settings().primaryMeasure();
    double[] rate = r.candidates().stream().mapToDouble(c -> Math.max(c.timing().docsPerSecond(), 1e-3)).toArray();
    double[] q = r.candidates().stream().mapToDouble(c -> c.quality().mean(pm)).toArray();
    double rMin = Arrays.stream(rate).min().orElse(1);
    double rMax = Arrays.stream(rate).max().orElse(10);
    boolean log = rMax / rMin > 4;
    Svg.Scale x = log ? new Svg.Scale(rMin / 1.5, rMax * 1.5, ML, W - MR - 110, true)
        : new Svg.Scale(Math.max(0, rMin - (rMax - rMin) * 0.2 - 1), rMax + (rMax - rMin) * 0.2 + 1,
            ML, W - MR - 110, false);
    double qMin = Arrays.stream(q).min().orElse(0);
    double qMax = Arrays.stream(q).max().orElse(1);
    double pad = Math.max(0.02, (qMax - qMin) * 0.15);
    Svg.Scale y = new Svg.Scale(Math.max(0, qMin - pad), Math.min(1, qMax + pad), H - MB, MT, false);
    String yf = "%." + y.decimals() + "f";
    String xf = "%,." + (x.decimals() > 0 && rMax < 100 ? x.decimals() : 0) + "f";
    s.axes(x, y, "corpus docs/s" + (log ? " (log scale)" : ""), pm, v -> String.format(Locale.ROOT, xf, v),
        v -> String.format(Locale.ROOT, yf, v), null);
    // labels: nudge apart vertically when two points are close
    List<double[]> placed = new ArrayList<>();
    for (int i = 0; i < rate.length; i++) {
      CandidateResult c = r.candidates().get(i);
      double px = x.map(rate[i]);
      double py = y.map(q[i]);
      String col = color.get(c.name());
      String tip = c.name() + ": " + pm + " " + Fmt.metric(q[i]) + ", " + Fmt.rate(rate[i]) + " docs/s";
      if (!dev.embedlab.bakeoff.SpeedSample.known(c)) {
        s.ring(px, py, 5.5, col, tip);
      } else {
        s.circle(px, py, 6, col, tip);
      }
      double ly = py + 4;
      for (double[] p : placed) {
        if (Math.abs(p[0] - px) < 120 && Math.abs(p[1] - ly) < 13) {
          ly = p[1] + 14;
        }
      }
      placed.add(new double[] {px, ly});
      s.text(px + 9, ly, c.name(), "start", "#333", 11, c.name().equals(r.best()));
    }
    return s.end();
  }

  static String winLossChart(BakeOffResult r) {
    List<Comparison> cs = r.comparisons();
    int rowH = 38;
    int height = Math.max(200, MT + 20 + cs.size() * rowH + 30);
    Svg s = new Svg(W, height, "Per-query wins and losses against the best");
    if (cs.isEmpty()) {
      s.text(W / 2.0, height / 2.0, "only one candidate: nothing to compare", "middle", "#777", 12, false);
      return s.end();
    }
    int labelW = 170;
    double x0 = labelW + (W - labelW - MR) / 2.0;
    double half = (W - labelW - MR) / 2.0 - 40;
    int n = cs.get(0).winLoss().wins() + cs.get(0).winLoss().losses() + cs.get(0).winLoss().ties();
    int maxSide = cs.stream().mapToInt(c -> Math.max(c.winLoss().wins() + (c.winLoss().ties() + 1) / 2,
        c.winLoss().losses() + (c.winLoss().ties() + 1) / 2)).max().orElse(1);
    double unit = half / Math.max(1, maxSide);
    s.text(x0 - 8, MT + 10, "← best better", "end", "#e15759", 11, false);
    s.text(x0 + 8, MT + 10, "candidate better →", "start", "#59a14f", 11, false);
    for (int i = 0; i < cs.size(); i++) {
      Comparison c = cs.get(i);
      double yTop = MT + 22 + i * rowH;
      double bh = rowH - 10;
      int w = c.winLoss().wins();
      int l = c.winLoss().losses();
      int t = c.winLoss().ties();
      double tieHalf = t * unit / 2;
      s.text(labelW - 8, yTop + bh / 2 + 4, c.candidate(), "end", "#333", 12, false);
      s.rect(x0 - tieHalf, yTop, t * unit, bh, "#c8c8c8", t + " ties of " + n);
      s.rect(x0 - tieHalf - l * unit, yTop, l * unit, bh, "#e15759", l + " queries where the best is better");
      s.rect(x0 + tieHalf, yTop, w * unit, bh, "#59a14f", w + " queries where " + c.candidate() + " is better");
      s.text(x0 - tieHalf - l * unit - 4, yTop + bh / 2 + 4, Integer.toString(l), "end", "#e15759", 11, true);
      s.text(x0 + tieHalf + w * unit + 4, yTop + bh / 2 + 4, Integer.toString(w), "start", "#2e7d32", 11, true);
      if (t > 0 && t * unit > 22) {
        s.text(x0, yTop + bh / 2 + 4, Integer.toString(t), "middle", "#444", 10, false);
      }
    }
    s.line(x0, MT + 16, x0, height - 20, "#888", 1, "3,3");
    s.text(x0, height - 6, n + " queries; ties in grey (centred)", "middle", "#777", 11, false);
    return s.end();
  }

  static String deltaChart(BakeOffResult r, Map<String, String> color) {
    Svg s = new Svg(W, H, "Sorted per-query differences to the best");
    CandidateResult best = r.best() == null ? null : r.candidate(r.best()).orElse(null);
    List<double[]> series = new ArrayList<>();
    List<String> names = new ArrayList<>();
    double lo = -0.1;
    double hi = 0.1;
    if (best != null) {
      for (CandidateResult c : r.candidates()) {
        if (c.name().equals(best.name())) {
          continue;
        }
        double[] d = new double[best.quality().perQuery().size()];
        int i = 0;
        for (Map.Entry<String, Double> e : best.quality().perQuery().entrySet()) {
          d[i++] = c.quality().perQuery().getOrDefault(e.getKey(), 0.0) - e.getValue();
        }
        Arrays.sort(d);
        series.add(d);
        names.add(c.name());
        if (d.length > 0) {
          lo = Math.min(lo, d[0]);
          hi = Math.max(hi, d[d.length - 1]);
        }
      }
    }
    int n = series.isEmpty() ? 1 : Math.max(1, series.get(0).length);
    Svg.Scale x = new Svg.Scale(0, 100, ML, W - MR, false);
    Svg.Scale y = new Svg.Scale(Math.floor(lo * 10) / 10, Math.ceil(hi * 10) / 10, H - MB, MT, false);
    String yf = "%+." + y.decimals() + "f";
    s.axes(x, y, "queries, sorted by difference (percent of " + n + ")", "candidate − best",
        v -> String.format(Locale.ROOT, "%.0f%%", v), v -> String.format(Locale.ROOT, yf, v), null);
    s.line(x.p0, y.map(0), x.p1, y.map(0), "#555", 1, "4,3");
    if (series.isEmpty()) {
      s.text(W / 2.0, H / 2.0, "only one candidate: nothing to compare", "middle", "#777", 12, false);
    }
    for (int j = 0; j < series.size(); j++) {
      double[] d = series.get(j);
      double[] xs = new double[d.length];
      double[] ys = new double[d.length];
      for (int i = 0; i < d.length; i++) {
        xs[i] = x.map(d.length == 1 ? 50 : 100.0 * i / (d.length - 1));
        ys[i] = y.map(d[i]);
      }
      s.polyline(xs, ys, color.get(names.get(j)), 2);
    }
    return s.end();
  }
}
