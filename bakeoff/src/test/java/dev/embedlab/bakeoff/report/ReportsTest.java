package dev.embedlab.bakeoff.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.embedlab.core.Embedder;
import dev.embedlab.bakeoff.BakeOff;
import dev.embedlab.bakeoff.BakeOffResult;
import dev.embedlab.bakeoff.Candidate;
import dev.embedlab.data.Document;
import dev.embedlab.data.Pair;
import dev.embedlab.data.PairDataset;
import dev.embedlab.data.Qrels;
import dev.embedlab.data.Query;
import dev.embedlab.data.RetrievalDataset;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportsTest {
  private static BakeOffResult result;

  /** Letters of the text as one-hot counts over 26 dims: a crude but deterministic embedder. */
  static final class Letters implements Embedder {
    private final int shift;

    Letters(int shift) {
      this.shift = shift;
    }

    @Override
    public float[][] embed(List<String> texts, Role role) {
      float[][] out = new float[texts.size()][26];
      for (int i = 0; i < texts.size(); i++) {
        for (char c : texts.get(i).toLowerCase().toCharArray()) {
          if (c >= 'a' && c <= 'z') {
            out[i][(c - 'a' + shift) % 26] += 1;
          }
        }
        out[i][0] += 0.01f; // never a zero vector
      }
      return out;
    }

    @Override
    public int dimension() {
      return 26;
    }

    @Override
    public String id() {
      return "letters+" + shift;
    }
  }

  @BeforeAll
  static void runOnce() {
    List<Document> docs = new ArrayList<>();
    List<Query> qs = new ArrayList<>();
    Qrels.Builder qrels = Qrels.builder();
    String[] words = {"apple", "banana", "cherry", "date", "elder", "fig", "grape", "kiwi", "lemon", "mango",
        "nectar", "olive"};
    for (int i = 0; i < words.length; i++) {
      docs.add(new Document("d" + i, "", words[i] + " " + words[i] + " pie"));
      qs.add(new Query("q" + i, words[i]));
      qrels.add("q" + i, "d" + i, 1);
    }
    RetrievalDataset ds = new RetrievalDataset("toy/test", "CC0", "inline", docs, qs, qrels.build());
    PairDataset pairs = new PairDataset("toy-pairs", "CC0", "inline",
        List.of(new Pair("apple pie", "apple tart", 4.0, null), new Pair("fig", "kiwi", 1.0, null),
            new Pair("lemon", "melon", 2.5, null)));
    result = BakeOff.builder().dataset(ds).pairDataset(pairs).latencyQueries(3)
        .candidate(Candidate.of("letters", () -> new Letters(0)))
        .candidate(Candidate.builder("<b>&\"x|y\"", () -> new Letters(0)).description("same vectors, odd name").build())
        .candidate(Candidate.builder("scrambled", () -> new Letters(5)).cachedEmbeddings(true).build())
        .embedlabVersion("test-version").build().run();
  }

  @Test
  void jsonHasTheStableSchemaAndNullForUndefinedValues() throws IOException {
    JsonNode root = new ObjectMapper().readTree(BakeOffJson.toJson(result));
    assertEquals("embedlab.bakeoff/1", root.get("schema").asText());
    List<String> top = new ArrayList<>();
    root.fieldNames().forEachRemaining(top::add);
    assertEquals(List.of("schema", "run", "settings", "dataset", "pairDataset", "best", "candidates", "comparisons",
        "notes", "synthetic", "slices", "truncationProbes", "recommendation"), top);
    assertTrue(root.get("synthetic").isNull(), "a set judged by people is not marked synthetic");
    assertEquals("test-version", root.get("run").get("embedlabVersion").asText());
    JsonNode c0 = root.get("candidates").get(0);
    List<String> fields = new ArrayList<>();
    c0.fieldNames().forEachRemaining(fields::add);
    assertEquals(List.of("name", "modelId", "description", "sha256", "cachedEmbeddings", "properties", "dimension",
        "bytesPerVector", "truncatedTexts", "truncatedDocuments", "maxLength", "indexBytes", "bytesPerDocument",
        "footprintNote", "timing", "latency", "metrics", "recallCurve", "queries", "pairs", "cost", "rag",
        "perQuery"), fields);
    assertTrue(c0.get("cost").isNull(), "a local model has no API cost");
    assertEquals(5, c0.get("rag").get("k").asInt());
    assertTrue(c0.get("truncatedTexts").isNull(), "not reported -> null");
    assertTrue(c0.get("pairs").get("rocAuc").isNull(), "no labels -> null, not NaN");
    assertEquals(104, c0.get("bytesPerVector").asInt());
    assertEquals(12, c0.get("perQuery").get("values").size());
    assertEquals(2, root.get("comparisons").size());
    assertEquals("nDCG@10", root.get("comparisons").get(0).get("measure").asText());
  }

  @Test
  void jsonRoundTripsExactly(@TempDir Path dir) throws IOException {
    Path f = dir.resolve("r.json");
    BakeOffJson.write(result, f);
    BakeOffResult back = BakeOffJson.read(f);
    assertEquals(Files.readString(f), BakeOffJson.toJson(back));
    assertEquals(MarkdownReport.render(result), MarkdownReport.render(back));
    Files.writeString(f, "{\"schema\":\"other/9\"}");
    IOException e = assertThrows(IOException.class, () -> BakeOffJson.read(f));
    assertTrue(e.getMessage().contains("expected schema embedlab.bakeoff/1, found \"other/9\""), e.getMessage());
  }

  /** {@link #result} with a paid candidate, a reused one and a synthetic-set marker. */
  static BakeOffResult withCostAndSynthetic(BakeOffResult r) {
    List<dev.embedlab.bakeoff.CandidateResult> cs = new ArrayList<>(r.candidates());
    cs.set(0, cs.get(0).withCost(new dev.embedlab.bakeoff.ApiCost(1200, 80, 40, true, 0.02, "2026-12-07",
        "https://openai.com/api/pricing/", 12, 12, 12, 12, 2.0)));
    cs.set(1, cs.get(1).withCost(new dev.embedlab.bakeoff.ApiCost(0, 0, 0, false, 0.10, "2026-12-07", "prices.json",
        12, 0, 12, 0, Double.NaN)));
    return new BakeOffResult(r.run(), r.settings(), r.dataset(), r.pairDataset(), cs, r.best(), r.comparisons(),
        r.slices(), r.truncationProbes(), r.notes(), new dev.embedlab.bakeoff.SyntheticSet("gpt-4o-mini", 0.0, 42,
            "sentence-chunker{maxChars=200,overlapSentences=0}", 7, 3, 1));
  }

  @Test
  void costRagAndTheSyntheticMarkerReachEveryFormatAndRoundTrip(@TempDir Path dir) throws IOException {
    BakeOffResult r = withCostAndSynthetic(result);
    Path f = dir.resolve("r.json");
    BakeOffJson.write(r, f);
    BakeOffResult back = BakeOffJson.read(f);
    assertEquals(Files.readString(f), BakeOffJson.toJson(back));
    assertEquals(r.synthetic(), back.synthetic());
    assertEquals(r.candidates().get(0).cost(), back.candidates().get(0).cost());
    assertEquals(r.candidates().get(2).rag(), back.candidates().get(2).rag());
    JsonNode c0 = new ObjectMapper().readTree(f.toFile()).get("candidates").get(0).get("cost");
    assertEquals(1200 / 1e6 * 0.02, c0.get("corpusUsd").asDouble(), 1e-15);
    assertEquals(1320 / 1e6 * 0.02, c0.get("runUsd").asDouble(), 1e-15);
    String md = MarkdownReport.render(r);
    String top = md.substring(0, md.indexOf("| Candidate"));
    assertTrue(top.contains("> **Synthetic set:** synthetic evaluation set: 3 questions generated by gpt-4o-mini "
        + "(temperature 0.0, seed 42, 1 rejected) over 7 passages chunked by sentence-chunker{maxChars=200,"
        + "overlapSentences=0}; not judged by people."), top);
    assertTrue(md.contains("| $0.000024 | 1,200 | $0.000002 | 80 | $2.0000 |"), md);
    assertTrue(md.contains("reused 12 of 12 document vectors and 12 of 12 query vectors from the store; API cost this run "
        + "$0.0000 (0 tokens)"), md);
    assertTrue(md.contains("| 0 (est.) |"), "estimated tokens are marked: " + md);
    assertTrue(md.contains("local model: no API cost"), md);
    assertTrue(md.contains("## RAG context metrics (RAGAS, ID-based, top 5)"), md);
    String html = HtmlReport.render(r);
    assertTrue(html.contains("<b>Synthetic set:</b>") && html.indexOf("Synthetic set") < html.indexOf("<h2>"), "marker on top");
    assertTrue(html.contains("<h2>Cost</h2>") && html.contains("<h2>RAG context metrics (RAGAS, ID-based)</h2>"), html);
    java.io.ByteArrayOutputStream o = new java.io.ByteArrayOutputStream();
    BakeOffReports.printCostAndRag(r, new java.io.PrintStream(o, true, java.nio.charset.StandardCharsets.UTF_8));
    String console = o.toString(java.nio.charset.StandardCharsets.UTF_8);
    assertTrue(console.contains("cost (API candidates") && console.contains("RAG (RAGAS ID-based context metrics):"), console);
    assertTrue(BakeOffReports.syntheticLine(r).startsWith("SYNTHETIC SET: synthetic evaluation set: 3 questions"));
    assertEquals("", BakeOffReports.syntheticLine(result));
  }

  @Test
  void markdownHasTheTableSignificanceAndProvenance() {
    String md = MarkdownReport.render(result);
    assertTrue(md.startsWith("# embedlab bake-off: toy/test\n"), md);
    assertTrue(md.contains("| Candidate | Recall@1 | Recall@3 | Recall@5 | Recall@10 | MRR@10 | nDCG@10 | MAP@100 |"), md);
    assertTrue(md.contains("**letters** (best)"), md);
    assertTrue(md.contains("<b>&\"x\\|y\""), "pipe escaped in a table cell: " + md);
    assertTrue(md.contains("(cached: not measured)"), "a cached speed no one timed is flagged");
    assertTrue(md.contains("## Pair set `toy-pairs`"), md);
    assertTrue(md.contains("licence: CC0"), md);
    // one table row per candidate (in the main table, before the cost table)
    assertEquals(3, md.substring(0, md.indexOf("## Cost")).lines().filter(l -> l.startsWith("| ") && !l.startsWith("| Candidate")
        && l.contains(" | ") && !l.contains("Spearman") && l.split("\\|").length > 10).count(), md);
  }

  @Test
  void htmlIsSelfContainedWithFourChartsAndEscapedNames(@TempDir Path dir) throws IOException {
    BakeOffReports.Written w = BakeOffReports.writeAll(result, dir);
    String html = Files.readString(w.html());
    assertTrue(Files.size(w.json()) > 0 && Files.size(w.markdown()) > 0);
    assertEquals(4, count(html, "<svg "), "recall, speed, win/loss, sorted deltas");
    assertFalse(html.contains("<script"), "no script");
    assertFalse(html.contains("<link"), "no external stylesheet");
    assertFalse(html.contains("src="), "no fetched resource");
    assertFalse(html.contains("url("), "no CSS fetch");
    Matcher m = Pattern.compile("https?://[^\"' )]+").matcher(html);
    while (m.find()) {
      assertEquals("http://www.w3.org/2000/svg", m.group(), "only the SVG namespace URI may appear");
    }
    assertFalse(html.contains("<b>&\"x"), "candidate name must be escaped");
    assertTrue(html.contains("&lt;b&gt;&amp;&quot;x|y&quot;"), "escaped name present");
    assertTrue(html.contains("Recall@k") && html.contains("toy-pairs"));
  }

  private static int count(String s, String sub) {
    int n = 0;
    for (int i = s.indexOf(sub); i >= 0; i = s.indexOf(sub, i + 1)) {
      n++;
    }
    return n;
  }

  /** Many slices are drawn as several charts no wider than the page, labels at 11 px or more. */
  @Test
  void sliceChartLabelsStayReadableWithManySlices() {
    List<dev.embedlab.bakeoff.Slice> many = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      java.util.Map<String, java.util.Map<String, Double>> means = new java.util.LinkedHashMap<>();
      for (dev.embedlab.bakeoff.CandidateResult c : result.candidates()) {
        means.put(c.name(), java.util.Map.of(result.settings().primaryMeasure(), 0.5));
      }
      many.add(new dev.embedlab.bakeoff.Slice("domain", "d" + i, "data set", List.of("q0"), means));
    }
    BakeOffResult r = new BakeOffResult(result.run(), result.settings(), result.dataset(), result.pairDataset(),
        result.candidates(), result.best(), result.comparisons(), many, result.truncationProbes(), result.notes());
    String svg = HtmlReport.sliceChart(r, java.util.Map.of(result.candidates().get(0).name(), "#111",
        result.candidates().get(1).name(), "#222", result.candidates().get(2).name(), "#333"));
    java.util.regex.Matcher w = java.util.regex.Pattern.compile("<svg [^>]*width=\"(\\d+)\"").matcher(svg);
    int charts = 0;
    while (w.find()) {
      charts++;
      assertTrue(Integer.parseInt(w.group(1)) <= HtmlReport.MAX_CHART_WIDTH, w.group());
    }
    assertTrue(charts >= 3, "40 slices need several charts: " + charts);
    java.util.regex.Matcher f = java.util.regex.Pattern.compile("font-size=\"(\\d+)\"").matcher(svg);
    while (f.find()) {
      assertTrue(Integer.parseInt(f.group(1)) >= 11, f.group());
    }
  }
}
