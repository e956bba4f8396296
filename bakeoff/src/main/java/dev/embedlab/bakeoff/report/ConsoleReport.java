package dev.embedlab.bakeoff.report;

import dev.embedlab.bakeoff.BakeOffResult;
import dev.embedlab.bakeoff.CandidateResult;
import dev.embedlab.bakeoff.Comparison;
import dev.embedlab.bakeoff.Recommendation;
import dev.embedlab.bakeoff.Slice;
import dev.embedlab.bakeoff.Words;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/** The plain-text summary a bake-off prints: results, slices, recommendation. */
public final class ConsoleReport {
  private ConsoleReport() {}

  /** Prints the whole summary. */
  public static void print(BakeOffResult r, PrintStream out) {
    for (String n : r.notes()) {
      out.println("NOTE: " + n);
    }
    printTable(r, out);
    printSlices(r, out);
    printRecommendation(r, out);
  }

  /** The results table, best first. */
  public static void printTable(BakeOffResult r, PrintStream out) {
    String pm = r.settings().primaryMeasure();
    List<String> ms = r.settings().measures();
    int w = nameWidth(r);
    StringBuilder head = new StringBuilder(String.format(Locale.ROOT, "%-" + w + "s", "candidate"));
    for (String m : ms) {
      head.append(String.format(Locale.ROOT, " %9s", m));
    }
    head.append(String.format(Locale.ROOT, " %24s %8s %9s %7s %7s %9s %9s", "Δ" + pm + " [95% CI]", "p(Holm)",
        "docs/s", "p50 ms", "p95 ms", "bytes/doc", "truncated"));
    if (r.pairDataset() != null) {
      head.append(String.format(Locale.ROOT, " %9s", "Spearman"));
    }
    out.println(head);
    int docs = r.dataset().documents();
    for (CandidateResult c : MarkdownReport.ranked(r)) {
      StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%-" + w + "s", c.name()));
      for (String m : ms) {
        row.append(String.format(Locale.ROOT, " %9.4f", c.quality().mean(m)));
      }
      Comparison cmp = r.comparison(c.name()).orElse(null);
      row.append(cmp == null ? String.format(Locale.ROOT, " %24s %8s", "(best)", "")
          : String.format(Locale.ROOT, " %+8.4f [%+.3f,%+.3f] %8s", cmp.meanDifference(), cmp.ci().lower(),
              cmp.ci().upper(), Fmt.p(cmp.pHolm())));
      // cached vectors are not model speed: the console says "cached" instead of a rate (as the Markdown marks it)
      row.append(String.format(Locale.ROOT, " %9s %7.1f %7.1f %9s %9s",
          c.info().cachedEmbeddings() ? "cached" : Fmt.rate(c.timing().docsPerSecond()),
          c.latency().p50Millis(), c.latency().p95Millis(), Fmt.bytes(c.footprint().bytesPerDocument(docs)),
          Fmt.truncated(c.footprint())));
      if (c.pairs() != null) {
        row.append(String.format(Locale.ROOT, " %9.4f", c.pairs().spearman()));
      }
      out.println(row);
    }
    out.printf(Locale.ROOT, "best on %s: %s (%s; p %s); total %.1f s%n", pm, r.best(),
        Words.count(r.candidates().size(), "candidate"), Words.holm(r.comparisons().size()), r.run().totalSeconds());
  }

  /** Every measure per slice per candidate, with the slice's query count. */
  public static void printSlices(BakeOffResult r, PrintStream out) {
    if (r.slices().isEmpty()) {
      return;
    }
    List<String> ms = r.settings().measures();
    int w = nameWidth(r);
    out.println();
    out.println("per slice (tags: " + String.join(", ", r.slices().stream()
        .map(s -> s.dimension() + " from " + s.source()).distinct().toList()) + "):");
    StringBuilder head = new StringBuilder(String.format(Locale.ROOT, "%-28s %7s %-" + w + "s", "slice", "queries",
        "candidate"));
    for (String m : ms) {
      head.append(String.format(Locale.ROOT, " %9s", m));
    }
    out.println(head);
    String pm = r.settings().primaryMeasure();
    for (Slice s : r.slices()) {
      List<String> win = Recommendation.winners(r, s, pm);
      boolean first = true;
      for (CandidateResult c : MarkdownReport.ranked(r)) {
        StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%-28s %7s %-" + w + "s",
            first ? s.dimension() + "=" + s.value() : "", first ? Integer.toString(s.queries()) : "",
            c.name() + (win.contains(c.name()) ? "*" : "")));
        for (String m : ms) {
          row.append(String.format(Locale.ROOT, " %9.4f", s.mean(c.name(), m)));
        }
        out.println(row);
        first = false;
      }
    }
    out.println("(* = best on " + pm + " in the slice, ties all marked)");
  }

  /** The recommendation section. */
  public static void printRecommendation(BakeOffResult r, PrintStream out) {
    Recommendation rec = Recommendation.of(r);
    out.println();
    out.println("what to pick:");
    out.println("  Pareto set (" + r.settings().primaryMeasure() + " ↑, docs/s ↑, p95 ↓, bytes/doc ↓): "
        + String.join(", ", rec.pareto()));
    for (String p : rec.picks()) {
      out.println("  - " + p);
    }
    if (!rec.power().isEmpty()) {
      double lo = rec.power().stream().mapToDouble(Recommendation.Power::mde).min().orElse(0);
      double hi = rec.power().stream().mapToDouble(Recommendation.Power::mde).max().orElse(0);
      out.printf(Locale.ROOT, "  - minimum detectable %s difference with %s (paired, α=%s, power %.1f): %s%n",
          r.settings().primaryMeasure(), Words.count(rec.power().get(0).queries(), "query", "queries"),
          r.settings().significance().alpha(), Recommendation.POWER,
          lo == hi ? Fmt.f3(lo) : Fmt.f3(lo) + "–" + Fmt.f3(hi) + " depending on the pair");
    }
    for (String t : rec.truncation()) {
      out.println("  - truncation: " + t);
    }
    for (String wn : rec.warnings()) {
      out.println("  WARNING: " + wn);
    }
  }

  private static int nameWidth(BakeOffResult r) {
    return Math.max(10, r.candidates().stream().mapToInt(c -> c.name().length() + 1).max().orElse(10));
  }
}
