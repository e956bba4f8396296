package dev.embedlab.bakeoff.report;

import dev.embedlab.bakeoff.BakeOffResult;
import dev.embedlab.bakeoff.CandidateResult;
import dev.embedlab.bakeoff.Comparison;
import dev.embedlab.bakeoff.Recommendation;
import dev.embedlab.bakeoff.Slice;
import dev.embedlab.bakeoff.SpeedSample;
import dev.embedlab.bakeoff.Words;
import dev.embedlab.eval.stats.PairedComparison;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The plain-text summary a bake-off prints, at most {@value #WIDTH} columns wide, in the order a
 * reader decides: data problems first (a severe one withholds the recommendation), the decision,
 * the quality table with significance marks, speed and size, what each hybrid fuses, one line per
 * slice with its uncertainty, then the recommendation. Every candidate's full per-slice numbers are
 * in the Markdown and HTML reports.
 */
public final class ConsoleReport {
  /** The widest line the console report prints. */
  public static final int WIDTH = 100;
  /** The widest candidate name column; longer names are cut with "…". */
  static final int MAX_NAME = 36;
  /** Data warnings printed before the numbers (the rest are counted; the reports list them all). */
  static final int MAX_WARNINGS = 5;

  private ConsoleReport() {}

  /** Prints the whole summary. */
  public static void print(BakeOffResult r, PrintStream out) {
    Recommendation rec = Recommendation.of(r);
    printDataWarnings(r, out);
    for (String n : r.notes()) {
      wrap(out, "NOTE: " + n, "  ");
    }
    printLengthNotes(r, out);
    printDecision(r, rec, out);
    printTable(r, out);
    printSlices(r, out);
    printRecommendation(r, rec, out);
  }

  /** The loader's warnings, first: they change the numbers below. */
  static void printDataWarnings(BakeOffResult r, PrintStream out) {
    List<String> w = r.dataset().warnings();
    if (w.isEmpty()) {
      return;
    }
    out.println("DATA WARNINGS (" + w.size() + "; they change the numbers below):");
    for (int i = 0; i < Math.min(MAX_WARNINGS, w.size()); i++) {
      wrap(out, "  ! " + w.get(i), "    ");
    }
    if (w.size() > MAX_WARNINGS) {
      out.println("  … and " + (w.size() - MAX_WARNINGS) + " more (bakeoff.md lists every one)");
    }
    out.println();
  }

  /** Where a candidate's maximum length came from, when not from a sentence-transformers config or the catalog. */
  static void printLengthNotes(BakeOffResult r, PrintStream out) {
    for (CandidateResult c : r.candidates()) {
      Map<String, String> p = c.info().properties();
      String src = p.get("maxLengthSource");
      if (src != null && !src.contains("sentence_bert_config.json max_seq_length") && !src.startsWith("catalog ")) {
        wrap(out, "NOTE: " + c.name() + " runs at maxLength " + p.getOrDefault("maxLength", "?") + " from " + src
            + " (no max_seq_length in a sentence-transformers config)", "  ");
      }
      String notes = p.get("configNotes");
      if (notes != null && !notes.isBlank()) {
        wrap(out, "NOTE: " + c.name() + " configuration: " + notes, "  ");
      }
    }
  }

  /** The decision, before any table. */
  static void printDecision(BakeOffResult r, Recommendation rec, PrintStream out) {
    if (r.best() == null) {
      return;
    }
    String pm = r.settings().primaryMeasure();
    if (rec.withheld()) {
      wrap(out, "DECISION WITHHELD: " + rec.picks().get(0).substring(Recommendation.WITHHELD.length()), "  ");
      out.println();
      return;
    }
    double alpha = r.settings().significance().alpha();
    List<String> band = new ArrayList<>();
    for (Comparison c : r.comparisons()) {
      if (!c.significant(alpha)) {
        band.add(c.candidate());
      }
    }
    CandidateResult best = r.candidate(r.best()).orElseThrow();
    wrap(out, "DECISION: pick " + best.name() + " (best " + pm + " " + Fmt.metric(best.quality().mean(pm)) + " on "
        + Words.count(best.quality().queries(), "query", "queries") + "). " + (band.isEmpty()
            ? (r.comparisons().isEmpty() ? "" : "Every other candidate is significantly worse (Holm p < " + alpha + ").")
            : "Not significantly worse (Holm p ≥ " + alpha + "): " + String.join(", ", band) + "."), "  ");
    out.println();
  }

  /** The quality table (best first, significance marked), then speed and size, then hybrids. */
  public static void printTable(BakeOffResult r, PrintStream out) {
    String pm = r.settings().primaryMeasure();
    double alpha = r.settings().significance().alpha();
    int w = nameWidth(r);
    List<CandidateResult> ranked = MarkdownReport.ranked(r);
    out.println("quality (" + pm + " first; * = Holm-adjusted p < " + alpha + " vs the best: significantly worse)");
    out.println(String.format(Locale.ROOT, "%-" + w + "s %8s  %-25s %9s", "candidate", pm, "Δ vs best [95% CI]",
        "p(Holm)"));
    for (CandidateResult c : ranked) {
      Comparison cmp = r.comparison(c.name()).orElse(null);
      String delta = cmp == null ? "(best)" : String.format(Locale.ROOT, "%+.4f [%+.3f,%+.3f]", cmp.meanDifference(),
          cmp.ci().lower(), cmp.ci().upper());
      String p = cmp == null ? "" : Fmt.p(cmp.pHolm()) + (cmp.pHolm() < alpha ? " *" : "  ");
      out.println(String.format(Locale.ROOT, "%-" + w + "s %8.4f  %-25s %9s", name(c, w), c.quality().mean(pm), delta,
          p));
    }
    List<String> others = r.settings().measures().stream().filter(m -> !m.equals(pm)).toList();
    int perLine = Math.max(1, (WIDTH - w) / 10);
    for (int from = 0; from < others.size(); from += perLine) {
      List<String> ms = others.subList(from, Math.min(others.size(), from + perLine));
      out.println();
      StringBuilder head = new StringBuilder(String.format(Locale.ROOT, "%-" + w + "s", "candidate"));
      ms.forEach(m -> head.append(String.format(Locale.ROOT, " %9s", m)));
      out.println(head);
      for (CandidateResult c : ranked) {
        StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%-" + w + "s", name(c, w)));
        ms.forEach(m -> row.append(String.format(Locale.ROOT, " %9.4f", c.quality().mean(m))));
        out.println(row);
      }
    }
    printCost(r, ranked, w, out);
    printPairs(r, ranked, w, out);
    for (CandidateResult c : ranked) {
      String parts = c.info().properties().get("components");
      if (parts != null) {
        String how = c.info().properties().getOrDefault("fusionWeights", c.info().modelId());
        wrap(out, c.name() + " fuses " + parts + " (" + how + "); its times and latencies are the sums of theirs",
            "  ");
      }
    }
    wrap(out, String.format(Locale.ROOT, "best on %s: %s (%s; p %s); total %.1f s", pm, r.best(),
        Words.count(r.candidates().size(), "candidate"), Words.holm(r.comparisons().size()), r.run().totalSeconds()),
        "  ");
  }

  private static void printCost(BakeOffResult r, List<CandidateResult> ranked, int w, PrintStream out) {
    int docs = r.dataset().documents();
    out.println();
    out.println(String.format(Locale.ROOT, "%-" + w + "s %9s %7s %7s %9s %9s", "candidate", "docs/s", "p50 ms",
        "p95 ms", "bytes/doc", "truncated"));
    List<String> sources = new ArrayList<>();
    for (CandidateResult c : ranked) {
      boolean known = SpeedSample.known(c);
      String src = c.info().properties().get(SpeedSample.PROPERTY);
      String mark = src == null ? "" : known ? "†" : "";
      if (src != null && !sources.contains(src) && !src.startsWith("sum of")) {
        sources.add(src);
      }
      String p50 = known && c.latency().samples() > 0 ? Fmt.ms(c.latency().p50Millis()) : "–";
      String p95 = known && c.latency().samples() > 0 ? Fmt.ms(c.latency().p95Millis()) : "–";
      out.println(String.format(Locale.ROOT, "%-" + w + "s %9s %7s %7s %9s %9s", name(c, w),
          known ? Fmt.rate(c.timing().docsPerSecond()) + mark : "cached", p50, p95,
          Fmt.bytes(c.footprint().bytesPerDocument(docs)), Fmt.truncated(c.footprint())));
    }
    if (!sources.isEmpty()) {
      wrap(out, "(with --cache: † speed and latency " + String.join("; ", sources.stream().filter(
          s -> !s.equals(SpeedSample.NOT_MEASURED)).toList()) + (sources.contains(SpeedSample.NOT_MEASURED)
              ? "; \"cached\" = " + SpeedSample.NOT_MEASURED + ", left out of the picks" : "") + ")", " ");
    }
  }

  private static void printPairs(BakeOffResult r, List<CandidateResult> ranked, int w, PrintStream out) {
    if (r.pairDataset() == null) {
      return;
    }
    out.println();
    out.println("pair set " + r.pairDataset().id() + " (" + Words.count(r.pairDataset().queries(), "pair")
        + "; cosine vs gold):");
    out.println(String.format(Locale.ROOT, "%-" + w + "s %9s %9s %9s", "candidate", "Spearman", "Pearson", "ROC-AUC"));
    for (CandidateResult c : ranked) {
      if (c.pairs() != null) {
        out.println(String.format(Locale.ROOT, "%-" + w + "s %9s %9s %9s", name(c, w), f4(c.pairs().spearman()),
            f4(c.pairs().pearson()), f4(c.pairs().rocAuc())));
      }
    }
  }

  /**
   * One line per slice: its leader on the primary measure and, with at least
   * {@link Recommendation#MIN_SLICE_QUERIES} queries, the paired CI of the lead over the runner-up;
   * smaller slices are marked "too few queries". Every candidate per slice: the Markdown report.
   */
  public static void printSlices(BakeOffResult r, PrintStream out) {
    if (r.slices().isEmpty()) {
      return;
    }
    String pm = r.settings().primaryMeasure();
    out.println();
    wrap(out, "per slice (" + pm + " leader; tags: " + String.join(", ", r.slices().stream()
        .map(s -> s.dimension() + " from " + s.source()).distinct().toList()) + "; every candidate: bakeoff.md):", "  ");
    int sw = Math.min(28, r.slices().stream().mapToInt(s -> s.dimension().length() + s.value().length() + 1).max()
        .orElse(10));
    int w = Math.min(nameWidth(r), WIDTH - sw - 8 - 8 - 27);
    out.println(String.format(Locale.ROOT, "%-" + sw + "s %7s %-" + w + "s %7s  %s", "slice", "queries", "leader",
        pm.length() > 7 ? pm.substring(0, 7) : pm, "lead over runner-up"));
    for (Slice s : r.slices()) {
      List<String> win = Recommendation.winners(r, s, pm);
      String leader = win.size() > 1 ? "tie (" + win.size() + ")" : win.get(0);
      String second = null;
      for (CandidateResult c : r.candidates()) {
        if (!win.contains(c.name()) && (second == null || s.mean(c.name(), pm) > s.mean(second, pm))) {
          second = c.name();
        }
      }
      String verdict;
      if (s.queries() < Recommendation.MIN_SLICE_QUERIES) {
        verdict = "too few queries (< " + Recommendation.MIN_SLICE_QUERIES + ")";
      } else if (win.size() > 1 || second == null) {
        verdict = "tie";
      } else {
        verdict = sliceLead(r, s, win.get(0), second);
      }
      out.println(String.format(Locale.ROOT, "%-" + sw + "s %7d %-" + w + "s %7.4f  %s",
          cut(s.dimension() + "=" + s.value(), sw), s.queries(), cut(leader, w), s.mean(win.get(0), pm), verdict));
    }
  }

  /** "+0.0200 [-0.010,+0.050]" (paired bootstrap over the slice's queries), "n.s." when the CI holds 0. */
  static String sliceLead(BakeOffResult r, Slice s, String leader, String second) {
    Map<String, Double> a = r.candidate(leader).orElseThrow().quality().perQuery();
    Map<String, Double> b = r.candidate(second).orElseThrow().quality().perQuery();
    double[] x = new double[s.queries()];
    double[] y = new double[s.queries()];
    for (int i = 0; i < x.length; i++) {
      String q = s.queryIds().get(i);
      x[i] = a.getOrDefault(q, 0.0);
      y[i] = b.getOrDefault(q, 0.0);
    }
    var sig = r.settings().significance();
    PairedComparison.Summary sum = PairedComparison.of(x, y).summarize(sig.level(), sig.resamples(), sig.seed());
    boolean clear = sum.ci().lower() > 0;
    return String.format(Locale.ROOT, "%+.4f [%+.3f,%+.3f]%s", sum.meanDifference(), sum.ci().lower(),
        sum.ci().upper(), clear ? "" : " n.s.");
  }

  /** The recommendation section, lines wrapped at {@value #WIDTH} columns. */
  public static void printRecommendation(BakeOffResult r, PrintStream out) {
    printRecommendation(r, Recommendation.of(r), out);
  }

  static void printRecommendation(BakeOffResult r, Recommendation rec, PrintStream out) {
    out.println();
    out.println(rec.withheld() ? "what to pick: WITHHELD (see the data warnings above)" : "what to pick:");
    wrap(out, "  Pareto set (" + r.settings().primaryMeasure() + " ↑, docs/s ↑, p95 ↓, bytes/doc ↓): "
        + String.join(", ", rec.pareto()), "    ");
    for (String p : rec.picks()) {
      wrap(out, "  - " + p, "    ");
    }
    if (!rec.power().isEmpty()) {
      double lo = rec.power().stream().mapToDouble(Recommendation.Power::mde).min().orElse(0);
      double hi = rec.power().stream().mapToDouble(Recommendation.Power::mde).max().orElse(0);
      wrap(out, String.format(Locale.ROOT, "  - minimum detectable %s difference with %s (paired, α=%s, power %.1f): %s",
          r.settings().primaryMeasure(), Words.count(rec.power().get(0).queries(), "query", "queries"),
          r.settings().significance().alpha(), Recommendation.POWER,
          lo == hi ? Fmt.f3(lo) : Fmt.f3(lo) + "–" + Fmt.f3(hi) + " depending on the pair"), "    ");
    }
    for (String t : rec.truncation()) {
      wrap(out, "  - truncation: " + t, "    ");
    }
    for (String wn : rec.warnings()) {
      wrap(out, "  WARNING: " + wn, "    ");
    }
  }

  /** Prints {@code text} in lines of at most {@value #WIDTH} columns, breaking at spaces; later lines indented. */
  public static void wrap(PrintStream out, String text, String indent) {
    String rest = text;
    String prefix = "";
    while ((prefix + rest).length() > WIDTH) {
      int room = WIDTH - prefix.length();
      int cut = rest.lastIndexOf(' ', room);
      if (cut <= room / 3) {
        cut = room; // one long word (a path): cut it
      }
      out.println(prefix + rest.substring(0, cut).stripTrailing());
      rest = rest.substring(cut).stripLeading();
      prefix = indent;
    }
    out.println(prefix + rest);
  }

  private static String f4(double v) {
    return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.4f", v);
  }

  private static String name(CandidateResult c, int w) {
    return cut(c.name(), w);
  }

  private static String cut(String s, int w) {
    return s.length() <= w ? s : s.substring(0, w - 1) + "…";
  }

  private static int nameWidth(BakeOffResult r) {
    return Math.min(MAX_NAME, Math.max(10, r.candidates().stream().mapToInt(c -> c.name().length()).max().orElse(10)));
  }
}
