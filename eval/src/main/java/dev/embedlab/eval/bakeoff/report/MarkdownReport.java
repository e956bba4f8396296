package dev.embedlab.eval.bakeoff.report;

import dev.embedlab.eval.bakeoff.BakeOffResult;
import dev.embedlab.eval.bakeoff.CandidateResult;
import dev.embedlab.eval.bakeoff.Comparison;
import dev.embedlab.eval.bakeoff.DatasetInfo;
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
    sb.append(r.candidates().size()).append(" candidates on `").append(d.id()).append("` (")
        .append(Fmt.n(d.documents())).append(" documents, ").append(Fmt.n(d.queries()))
        .append(" queries, ").append(Fmt.n(d.judgments())).append(" judgments). Best on ")
        .append(pm).append(": **").append(r.best()).append("**. Started ")
        .append(Fmt.instant(r.run().startedAt())).append(", ").append(Fmt.s(r.run().totalSeconds()))
        .append(" s in all.\n\n");

    List<String> ms = r.settings().measures();
    sb.append("| Candidate |");
    ms.forEach(m -> sb.append(' ').append(m).append(" |"));
    sb.append(" Δ ").append(pm).append(" vs best [").append(level(r)).append(" CI] | p (Holm) | docs/s | p50 ms | p95 ms | dim | bytes/vec | load s | truncated |\n");
    sb.append("|---|");
    ms.forEach(m -> sb.append("---:|"));
    sb.append("---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
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
          .append(c.info().cachedEmbeddings() ? " (cached)" : "").append(" |")
          .append(' ').append(Fmt.ms(c.latency().p50Millis())).append(" |")
          .append(' ').append(Fmt.ms(c.latency().p95Millis())).append(" |")
          .append(' ').append(c.footprint().dimension()).append(" |")
          .append(' ').append(Fmt.n(c.footprint().bytesPerVector())).append(" |")
          .append(' ').append(Fmt.s(c.timing().loadSeconds())).append(" |")
          .append(' ').append(c.footprint().truncationReported()
              ? Fmt.n(c.footprint().truncatedTexts()) : "n/a").append(" |\n");
    }
    sb.append('\n');

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
        .append("); p is a two-sided paired randomisation test, Holm-adjusted over the ")
        .append(r.comparisons().size()).append(" comparisons; * = significant at α = ")
        .append(r.settings().significance().alpha()).append(".\n");
    sb.append("- docs/s: corpus embedding throughput; p50/p95: one query embedded alone and searched (")
        .append(r.settings().latencyQueries()).append(" queries at most, after warm-up). ")
        .append("\"(cached)\" marks vectors that may come from a cache: not model speed.\n\n");

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
