package dev.embedlab.bakeoff.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.embedlab.bakeoff.ApiCost;
import dev.embedlab.bakeoff.BakeOffResult;
import dev.embedlab.bakeoff.CandidateResult;
import dev.embedlab.bakeoff.RagScores;
import dev.embedlab.bakeoff.SyntheticSet;
import java.io.PrintStream;
import java.util.Locale;

/**
 * The report sections on what a paid API cost, the RAGAS context metrics and the synthetic-set
 * marker, in every format: JSON keys ({@code synthetic} at the top level; {@code cost} and
 * {@code rag} per candidate, {@code null} when absent), Markdown and HTML tables, and a console block.
 * A local model or a baseline has no API cost: its cost cells read "—".
 */
final class ReportExtras {
  static final String DASH = "—";
  static final String LOCAL = "local model: no API cost";

  private ReportExtras() {}

  // ------------------------------------------------------------------ JSON

  static void writeSynthetic(ObjectNode root, SyntheticSet s) {
    if (s == null) {
      root.putNull("synthetic");
      return;
    }
    ObjectNode o = root.putObject("synthetic");
    o.put("generator", s.generator());
    o.put("temperature", s.temperature());
    o.put("seed", s.seed());
    o.put("chunking", s.chunking());
    o.put("passages", s.passages());
    o.put("queries", s.queries());
    o.put("rejected", s.rejected());
  }

  static SyntheticSet readSynthetic(JsonNode root) {
    JsonNode o = root.path("synthetic");
    if (o.isMissingNode() || o.isNull()) {
      return null;
    }
    return new SyntheticSet(o.get("generator").asText(), o.get("temperature").asDouble(), o.get("seed").asLong(),
        o.get("chunking").asText(), o.get("passages").asInt(), o.get("queries").asInt(), o.get("rejected").asInt());
  }

  /** {@code cost} and {@code rag} of one candidate (null when absent). */
  static void writeCandidate(ObjectNode o, CandidateResult c) {
    ApiCost a = c.cost();
    if (a == null) {
      o.putNull("cost");
    } else {
      ObjectNode co = o.putObject("cost");
      co.put("corpusTokens", a.corpusTokens());
      co.put("queryTokens", a.queryTokens());
      co.put("otherTokens", a.otherTokens());
      co.put("tokensMeasured", a.tokensMeasured());
      number(co, "usdPerMillionTokens", a.usdPerMillionTokens());
      number(co, "corpusUsd", a.corpusUsd());
      number(co, "queryUsd", a.queryUsd());
      number(co, "runUsd", a.runUsd());
      number(co, "usdPerMillionDocuments", a.usdPerMillionDocuments());
      co.put("priceDate", a.priceDate());
      co.put("priceSource", a.priceSource());
      co.put("documents", a.documents());
      co.put("documentsSent", a.documentsSent());
      co.put("reusedDocuments", a.reusedDocuments());
      co.put("queries", a.queries());
      co.put("queriesSent", a.queriesSent());
      co.put("reusedQueries", a.reusedQueries());
    }
    RagScores g = c.rag();
    if (g == null) {
      o.putNull("rag");
    } else {
      ObjectNode ro = o.putObject("rag");
      ro.put("k", g.k());
      ro.put("queries", g.queries());
      number(ro, "contextPrecision", g.contextPrecision());
      number(ro, "contextRecall", g.contextRecall());
      number(ro, "averagePrecision", g.averagePrecision());
    }
  }

  /** {@code c} with the cost and RAG metrics {@code o} holds (files without them read as absent). */
  static CandidateResult readCandidate(JsonNode o, CandidateResult c) {
    JsonNode co = o.path("cost");
    if (!co.isMissingNode() && !co.isNull()) {
      c = c.withCost(new ApiCost(co.get("corpusTokens").asLong(), co.get("queryTokens").asLong(),
          co.get("otherTokens").asLong(), co.get("tokensMeasured").asBoolean(), num(co.get("usdPerMillionTokens")),
          co.get("priceDate").asText(), co.get("priceSource").asText(), co.get("documents").asLong(),
          co.get("documentsSent").asLong(), co.get("queries").asLong(), co.get("queriesSent").asLong(),
          num(co.get("usdPerMillionDocuments"))));
    }
    JsonNode ro = o.path("rag");
    if (!ro.isMissingNode() && !ro.isNull()) {
      c = c.withRag(new RagScores(ro.get("k").asInt(), ro.get("queries").asInt(), num(ro.get("contextPrecision")),
          num(ro.get("contextRecall")), num(ro.get("averagePrecision"))));
    }
    return c;
  }

  private static void number(ObjectNode o, String key, double v) {
    BakeOffJson.number(o, key, v);
  }

  private static double num(JsonNode n) {
    return BakeOffJson.num(n);
  }

  // ------------------------------------------------------------------ text

  /** "$0.0123", or "—" for NaN. */
  static String usd(double v) {
    if (Double.isNaN(v)) {
      return DASH;
    }
    return v != 0 && Math.abs(v) < 0.0001 ? String.format(Locale.ROOT, "$%.6f", v) : String.format(Locale.ROOT, "$%,.4f", v);
  }

  /** "1,234" tokens, with "(est.)" when not from the provider's usage fields. */
  static String tokens(long t, ApiCost a) {
    return Fmt.n(t) + (a.tokensMeasured() ? "" : " (est.)");
  }

  /** What the run reused and paid, e.g. "reused 5,183 of 5,183 document vectors from the store; API cost this run $0.00". */
  static String reuse(ApiCost a) {
    StringBuilder s = new StringBuilder();
    if (a.documentsSent() < 0) {
      s.append("vector reuse not reported");
    } else {
      s.append("reused ").append(Fmt.n(a.reusedDocuments())).append(" of ").append(Fmt.n(a.documents()))
          .append(" document vectors and ").append(Fmt.n(a.reusedQueries())).append(" of ").append(Fmt.n(a.queries()))
          .append(" query vectors from the store");
    }
    s.append("; API cost this run ").append(a.priced() ? usd(a.runUsd()) : "unknown (no price)")
        .append(" (").append(Fmt.n(a.corpusTokens() + a.queryTokens() + a.otherTokens())).append(" tokens)");
    return s.toString();
  }

  /** The price and where it came from. */
  static String price(ApiCost a) {
    return a.priced() ? String.format(Locale.ROOT, "$%.4f / 1M tokens (%s, %s)", a.usdPerMillionTokens(),
        a.priceDate().isEmpty() ? "undated" : a.priceDate(), a.priceSource().isEmpty() ? "source unknown" : a.priceSource())
        : "no price known (set price= on the candidate or a price file)";
  }

  /** Why a candidate has no cost of its own: a local model, a baseline, or a fusion whose parts carry it. */
  static String noCost(CandidateResult c) {
    String parts = c.info().properties().get("components");
    if (parts != null) {
      return "fusion: the cost is its components' (" + parts + ")";
    }
    return c.footprint().dimension() == 0 ? "not a model: no API cost" : LOCAL;
  }

  static boolean anyRag(BakeOffResult r) {
    return r.candidates().stream().anyMatch(c -> c.rag() != null);
  }

  /** Markdown: the synthetic marker, for the top. */
  static void markdownSynthetic(StringBuilder sb, BakeOffResult r) {
    if (r.synthetic() != null) {
      sb.append("> **Synthetic set:** ").append(r.synthetic().describe()).append(".\n\n");
    }
  }

  /** Markdown: the cost table (every candidate, beside docs/s, latency and bytes/vector) and the RAG table. */
  static void markdown(StringBuilder sb, BakeOffResult r) {
    sb.append("## Cost\n\n");
    sb.append("| Candidate | corpus USD | corpus tokens | queries USD | query tokens | USD per 1M docs | docs/s | p50 ms "
        + "| bytes/vec | price | vectors |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---|\n");
    for (CandidateResult c : MarkdownReport.ranked(r)) {
      ApiCost a = c.cost();
      sb.append("| ").append(MarkdownReport.esc(c.name())).append(" | ");
      if (a == null) {
        sb.append(DASH + " | " + DASH + " | " + DASH + " | " + DASH + " | " + DASH + " | ");
      } else {
        sb.append(usd(a.corpusUsd())).append(" | ").append(tokens(a.corpusTokens(), a)).append(" | ")
            .append(usd(a.queryUsd())).append(" | ").append(tokens(a.queryTokens(), a)).append(" | ")
            .append(usd(a.usdPerMillionDocuments())).append(" | ");
      }
      sb.append(Fmt.rate(c.timing().docsPerSecond())).append(" | ").append(Fmt.ms(c.latency().p50Millis())).append(" | ")
          .append(c.footprint().bytesPerVector() == 0 ? "n/a" : Fmt.n(c.footprint().bytesPerVector())).append(" | ")
          .append(MarkdownReport.esc(a == null ? noCost(c) : price(a)))
          .append(" | ").append(a == null ? DASH : MarkdownReport.esc(reuse(a))).append(" |\n");
    }
    sb.append("\nCorpus and query costs are the tokens the provider billed for the corpus and query passes of this "
        + "run; vectors reused from the store cost nothing, so a second run reads $0. USD per 1M docs projects the mean "
        + "tokens of the documents sent this run (— when none was sent or no price is known).\n\n");
    if (anyRag(r)) {
      RagScores any = r.candidates().stream().map(CandidateResult::rag).filter(x -> x != null).findFirst().orElseThrow();
      int k = any.k();
      sb.append("## RAG context metrics (RAGAS, ID-based, top ").append(k).append(")\n\n");
      sb.append("| Candidate | context precision@").append(k).append(" | context recall@").append(k)
          .append(" | context precision@").append(k).append(" (average precision) | queries |\n|---|---:|---:|---:|---:|\n");
      for (CandidateResult c : MarkdownReport.ranked(r)) {
        RagScores g = c.rag();
        if (g != null) {
          sb.append("| ").append(MarkdownReport.esc(c.name())).append(" | ").append(Fmt.metric(g.contextPrecision()))
              .append(" | ").append(Fmt.metric(g.contextRecall())).append(" | ").append(Fmt.metric(g.averagePrecision()))
              .append(" | ").append(Fmt.n(g.queries())).append(" |\n");
        }
      }
      sb.append("\nAs RAGAS 0.4 computes IDBasedContextPrecision/Recall and its average-precision context precision, from "
          + "each candidate's top ").append(k).append(" document ids and the qrels (relevant = grade > 0), averaged over "
          + "queries with a relevant document.\n\n");
    }
  }

  /** HTML: the synthetic marker, for the top. */
  static void htmlSynthetic(StringBuilder h, BakeOffResult r) {
    if (r.synthetic() != null) {
      h.append("<p class=\"warn\"><b>Synthetic set:</b> ").append(Svg.esc(r.synthetic().describe())).append("</p>\n");
    }
  }

  /** HTML: the cost and RAG tables. */
  static void html(StringBuilder h, BakeOffResult r) {
    h.append("<h2>Cost</h2><div style=\"overflow-x:auto\"><table><thead><tr><th>Candidate</th><th>corpus USD</th>"
        + "<th>corpus tokens</th><th>queries USD</th><th>query tokens</th><th>USD per 1M docs</th><th>docs/s</th>"
        + "<th>p50 ms</th><th>bytes/vec</th><th>price</th><th>vectors</th></tr></thead><tbody>");
    for (CandidateResult c : MarkdownReport.ranked(r)) {
      ApiCost a = c.cost();
      h.append("<tr><td>").append(Svg.esc(c.name())).append("</td>");
      if (a == null) {
        h.append(("<td>" + DASH + "</td>").repeat(5));
      } else {
        h.append("<td>").append(usd(a.corpusUsd())).append("</td><td>").append(tokens(a.corpusTokens(), a))
            .append("</td><td>").append(usd(a.queryUsd())).append("</td><td>").append(tokens(a.queryTokens(), a))
            .append("</td><td>").append(usd(a.usdPerMillionDocuments())).append("</td>");
      }
      h.append("<td>").append(Fmt.rate(c.timing().docsPerSecond())).append("</td><td>").append(Fmt.ms(c.latency().p50Millis()))
          .append("</td><td>").append(c.footprint().bytesPerVector() == 0 ? "n/a" : Fmt.n(c.footprint().bytesPerVector()))
          .append("</td><td>").append(Svg.esc(a == null ? noCost(c) : price(a))).append("</td><td>").append(a == null ? DASH : Svg.esc(reuse(a))).append("</td></tr>");
    }
    h.append("</tbody></table></div>\n");
    if (anyRag(r)) {
      h.append("<h2>RAG context metrics (RAGAS, ID-based)</h2><div style=\"overflow-x:auto\"><table><thead><tr>"
          + "<th>Candidate</th><th>k</th><th>context precision@k</th><th>context recall@k</th>"
          + "<th>context precision@k (average precision)</th><th>queries</th></tr></thead><tbody>");
      for (CandidateResult c : MarkdownReport.ranked(r)) {
        RagScores g = c.rag();
        if (g != null) {
          h.append("<tr><td>").append(Svg.esc(c.name())).append("</td><td>").append(g.k()).append("</td><td>")
              .append(Fmt.metric(g.contextPrecision())).append("</td><td>").append(Fmt.metric(g.contextRecall()))
              .append("</td><td>").append(Fmt.metric(g.averagePrecision())).append("</td><td>").append(Fmt.n(g.queries()))
              .append("</td></tr>");
        }
      }
      h.append("</tbody></table></div>\n");
    }
  }

  /** Console: a "cost" block and a "RAG" block, printed after the main report. */
  static void console(BakeOffResult r, PrintStream out) {
    out.println();
    out.println("cost (API candidates; — = local model: no API cost):");
    for (CandidateResult c : MarkdownReport.ranked(r)) {
      ApiCost a = c.cost();
      if (a == null) {
        out.printf(Locale.ROOT, "  %-40s %s%n", c.name(), DASH);
      } else {
        out.printf(Locale.ROOT, "  %-40s corpus %s (%s tokens), queries %s (%s tokens), %s per 1M docs; %s; %s%n", c.name(),
            usd(a.corpusUsd()), tokens(a.corpusTokens(), a), usd(a.queryUsd()), tokens(a.queryTokens(), a),
            usd(a.usdPerMillionDocuments()), price(a), reuse(a));
      }
    }
    if (anyRag(r)) {
      out.println();
      out.println("RAG (RAGAS ID-based context metrics):");
      for (CandidateResult c : MarkdownReport.ranked(r)) {
        RagScores g = c.rag();
        if (g != null) {
          out.printf(Locale.ROOT, "  %-40s precision@%d %s  recall@%d %s  AP@%d %s%n", c.name(), g.k(),
              Fmt.metric(g.contextPrecision()), g.k(), Fmt.metric(g.contextRecall()), g.k(), Fmt.metric(g.averagePrecision()));
        }
      }
    }
  }
}
