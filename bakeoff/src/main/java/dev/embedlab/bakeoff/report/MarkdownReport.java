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
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A Markdown summary of a bake-off: the results table (candidates by the primary measure, best
 * first), pair-set metrics when present, how significance was computed, and provenance.
 */
public final class MarkdownReport {
  private MarkdownReport() {}

  /** Candidates sorted by the primary measure, best first (stable for ties). */
  static List<CandidateResult> ranked(BakeOffResult r) {
    String pm = r.settings().primaryMeasure();
    List<CandidateResult> l = new ArrayList<>(r.candidates());
    l.sort(Comparator.comparingDouble((CandidateResult c) -> -c.quality().mean(pm)));
    return l;
  }

  /** The Markdown text. */
  public static String render(BakeOffResult r) {
    StringBuilder sb = new StringBuilder();
    DatasetInfo d = r.dataset();
    String pm = r.settings().primaryMeasure();
    sb.append("# embedlab bake-off: ").append(d.id()).append("\n\n");
    ReportExtras.markdownSynthetic(sb, r);
    for (String n : r.notes()) {
      sb.append("> **Note:** ").append(n).append("\n\n");
    }
    sb.append(Words.count(r.candidates().size(), "candidate")).append(" on `").append(d.id()).append("` (")
        .append(Fmt.n(d.documents())).append(" documents, ").append(Fmt.n(d.queries()))
        .append(" queries, ").append(Fmt.n(d.judgments())).append(" judgments). Best on ")
        .append(pm).append(": **").append(r.best()).append("**. Started ")
        .append(Fmt.instant(r.run().startedAt())).append(", ").append(Fmt.s(r.run().totalSeconds()))
        .append(" s in all.\n\n");

    List<String> ms = r.settings().measures();
    sb.append("| Candidate |");
    ms.forEach(m -> sb.append(' ').append(m).append(" |"));
    sb.append(" Δ ").append(pm).append(" vs best [").append(level(r)).append(" CI] | p (Holm) | docs/s | p50 ms | p95 ms | dim | bytes/vec | bytes/doc | index | build s | load s | truncated docs |\n");
    sb.append("|---|");
    ms.forEach(m -> sb.append("---:|"));
    sb.append("---|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|\n");
    for (CandidateResult c : ranked(r)) {
      boolean best = c.name().equals(r.best());
      sb.append("| ").append(best ? "**" + esc(c.name()) + "** (best)" : esc(c.name())).append(" |");
      for (String m : ms) {
        sb.append(' ').append(Fmt.metric(c.quality().mean(m))).append(" |");
      }
      Optional<Comparison> cmp = r.comparison(c.name());
      if (cmp.isPresent()) {
        Comparison x = cmp.get();
        sb.append(' ').append(Fmt.signed(x.meanDifference())).append(" [")
            .append(Fmt.signed(x.ci().lower())).append(", ").append(Fmt.signed(x.ci().upper()))
            .append("] | ").append(Fmt.p(x.pHolm()))
            .append(x.significant(r.settings().significance().alpha()) ? " *" : "").append(" |");
      } else {
        sb.append(" – | – |");
      }
      sb.append(' ').append(Fmt.rate(c.timing().docsPerSecond()))
          .append(dev.embedlab.bakeoff.SpeedSample.marker(c)).append(" |")
          .append(' ').append(Fmt.ms(c.latency().p50Millis())).append(" |")
          .append(' ').append(Fmt.ms(c.latency().p95Millis())).append(" |")
          .append(' ').append(c.footprint().dimension() == 0 ? "–" : Integer.toString(c.footprint().dimension())).append(" |")
          .append(' ').append(c.footprint().bytesPerVector() == 0 ? "n/a" : Fmt.n(c.footprint().bytesPerVector())).append(" |")
          .append(' ').append(Fmt.bytes(c.footprint().bytesPerDocument(d.documents()))).append(" |")
          .append(' ').append(esc(c.info().properties().getOrDefault("index", "–"))).append(" |")
          .append(' ').append(Fmt.s(c.timing().indexSeconds())).append(" |")
          .append(' ').append(Fmt.s(c.timing().loadSeconds())).append(" |")
          .append(' ').append(Fmt.truncated(c.footprint())).append(" |\n");
    }
    sb.append('\n');
    ReportExtras.markdown(sb, r);
    recommendation(sb, r);
    slices(sb, r);

    if (r.pairDataset() != null) {
      sb.append("## Pair set `").append(r.pairDataset().id()).append("` (")
          .append(Fmt.n(r.pairDataset().queries())).append(" pairs; cosine vs. gold)\n\n");
      sb.append("| Candidate | Spearman | Pearson | ROC-AUC |\n|---|---:|---:|---:|\n");
      for (CandidateResult c : ranked(r)) {
        if (c.pairs() != null) {
          sb.append("| ").append(esc(c.name())).append(" | ").append(Fmt.metric(c.pairs().spearman()))
              .append(" | ").append(Fmt.metric(c.pairs().pearson())).append(" | ")
              .append(Fmt.metric(c.pairs().rocAuc())).append(" |\n");
        }
      }
      sb.append('\n');
    }

    sb.append("## How to read it\n\n");
    sb.append("- Metrics are means over all ").append(Fmt.n(queries(r)))
        .append(" judged queries as `trec_eval -c` computes them (a query with no hit counts 0); ")
        .append("top ").append(r.settings().k()).append(" by exact cosine search, ties by document id as trec_eval.\n");
    sb.append("- Δ is the mean per-query difference of ").append(pm).append(" against the best; the interval is a ")
        .append(level(r)).append(" percentile bootstrap (").append(Fmt.n(r.settings().significance().resamples()))
        .append(" resamples, seed ").append(r.settings().significance().seed())
        .append("); p is a two-sided paired randomisation test, ").append(Words.holm(r.comparisons().size()))
        .append("; * = significant at α = ")
        .append(r.settings().significance().alpha()).append(".\n");
    sb.append("- docs/s: corpus embedding throughput; p50/p95: one query embedded alone and searched (")
        .append(r.settings().latencyQueries()).append(" queries at most, after warm-up). ")
        .append("With a cache, speed and latency are timed on uncached model calls (\"(uncached sample)\": ")
        .append(dev.embedlab.bakeoff.SpeedSample.DOCUMENTS).append(" documents and the latency queries), or ")
        .append("\"(cached: not measured)\" and left out of the picks. For BM25 docs/s is ")
        .append("indexing speed; a hybrid's times and latencies are the sums of its components' (run one after the other).\n");
    sb.append("- bytes/doc: a vector's bytes (float32), or for BM25 its in-memory Lucene index size divided by the ")
        .append("documents, or for a hybrid the sum of its components'. truncated docs: corpus documents cut at the ")
        .append("model's maximum length (n/a: not a model, or the embedder does not report it).\n\n");

    sb.append("## Provenance\n\n");
    sb.append("- Data set: `").append(d.id()).append("`, licence: ").append(d.licence())
        .append(", source: ").append(d.source()).append('\n');
    if (!d.warnings().isEmpty()) {
      sb.append("- Loader warnings: ").append(d.warnings().size()).append(" (e.g. ")
          .append(d.warnings().get(0)).append(")\n");
    }
    if (r.pairDataset() != null) {
      sb.append("- Pair set: `").append(r.pairDataset().id()).append("`, licence: ")
          .append(r.pairDataset().licence()).append(", source: ").append(r.pairDataset().source()).append('\n');
    }
    sb.append("- embedlab ").append(r.run().embedlabVersion()).append("; ").append(r.run().jvm())
        .append("; ").append(r.run().os()).append("; ").append(r.run().cores()).append(" cores; ")
        .append(Fmt.instant(r.run().startedAt())).append('\n');
    for (CandidateResult c : r.candidates()) {
      sb.append("- ").append(esc(c.name())).append(": model `").append(c.info().modelId()).append('`');
      if (!c.info().description().isEmpty()) {
        sb.append(", ").append(esc(c.info().description()));
      }
      if (!c.info().sha256().isEmpty()) {
        sb.append(", sha256 `").append(c.info().sha256()).append('`');
      }
      for (Map.Entry<String, String> e : c.info().properties().entrySet()) {
        if (e.getValue().isEmpty()) {
          continue;
        }
        sb.append(", ").append(e.getKey()).append(": `").append(e.getValue()).append('`');
      }
      sb.append('\n');
    }
    return sb.toString();
  }

  private static void recommendation(StringBuilder sb, BakeOffResult r) {
    Recommendation rec = Recommendation.of(r);
    String pm = r.settings().primaryMeasure();
    sb.append("## What to pick\n\n");
    for (String w : rec.warnings()) {
      sb.append("> **Warning:** ").append(esc(w)).append("\n\n");
    }
    sb.append("- Pareto set (").append(pm).append(" ↑, docs/s ↑, p95 latency ↓, bytes/doc ↓): **")
        .append(String.join("**, **", rec.pareto())).append("**\n");
    for (String p : rec.picks()) {
      sb.append("- ").append(p).append('\n');
    }
    for (String t : rec.truncation()) {
      sb.append("- Truncation: ").append(t).append('\n');
    }
    sb.append('\n');
    if (!rec.power().isEmpty()) {
      sb.append("Minimum detectable difference in ").append(pm).append(" against ").append(r.best())
          .append(" (paired, α = ").append(r.settings().significance().alpha()).append(", power ")
          .append(Recommendation.POWER).append(", from the SD of the per-query differences):\n\n");
      sb.append("| Candidate | queries | Δ | SD of differences | MDE | resolvable | queries to detect Δ |\n")
          .append("|---|---:|---:|---:|---:|---|---:|\n");
      for (Recommendation.Power p : rec.power()) {
        sb.append("| ").append(esc(p.candidate())).append(" | ").append(p.queries()).append(" | ")
            .append(Fmt.signed(p.meanDifference())).append(" | ").append(Fmt.metric(p.sdOfDifferences()))
            .append(" | ").append(Fmt.metric(p.mde())).append(" | ").append(p.resolvable() ? "yes" : "no")
            .append(" | ").append(p.queriesNeeded() < 0 ? "–" : Fmt.n(p.queriesNeeded())).append(" |\n");
      }
      sb.append('\n');
    }
  }

  private static void slices(StringBuilder sb, BakeOffResult r) {
    if (r.slices().isEmpty()) {
      return;
    }
    String pm = r.settings().primaryMeasure();
    List<String> ms = r.settings().measures();
    sb.append("## Slices\n\n");
    sb.append("Every measure per query slice and candidate; ** = best on ").append(pm)
        .append(" in the slice. Tags: ").append(String.join(", ", r.slices().stream()
            .map(s -> s.dimension() + " (" + s.source() + ")").distinct().toList()))
        .append(". cross-lingual: every relevant judged document is in another language than the query; ")
        .append("mixed: some are.\n\n");
    sb.append("| Slice | queries | Candidate |");
    ms.forEach(m -> sb.append(' ').append(m).append(" |"));
    sb.append("\n|---|---:|---|");
    ms.forEach(m -> sb.append("---:|"));
    sb.append('\n');
    for (Slice s : r.slices()) {
      List<String> win = Recommendation.winners(r, s, pm);
      boolean first = true;
      for (CandidateResult c : ranked(r)) {
        sb.append("| ").append(first ? esc(s.dimension() + " = " + s.value()) : "").append(" | ")
            .append(first ? Integer.toString(s.queries()) : "").append(" | ")
            .append(win.contains(c.name()) ? "**" + esc(c.name()) + "**" : esc(c.name())).append(" |");
        for (String m : ms) {
          sb.append(' ').append(Fmt.metric(s.mean(c.name(), m))).append(" |");
        }
        sb.append('\n');
        first = false;
      }
    }
    sb.append('\n');
  }

  /** Writes {@link #render} to {@code file} (UTF-8). */
  public static void write(BakeOffResult r, Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.writeString(file, render(r), StandardCharsets.UTF_8);
  }

  private static int queries(BakeOffResult r) {
    return r.candidates().isEmpty() ? 0 : r.candidates().get(0).quality().queries();
  }

  private static String level(BakeOffResult r) {
    return Math.round(r.settings().significance().level() * 100) + "%";
  }

  /** Escapes the characters that break a Markdown table cell. */
  static String esc(String s) {
    return s.replace("|", "\\|").replace("\n", " ");
  }
}
