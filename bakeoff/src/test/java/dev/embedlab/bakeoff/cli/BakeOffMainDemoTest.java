package dev.embedlab.bakeoff.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bake-off CLI end to end on the bundled demo set with the int8 MiniLM and BM25 (seconds):
 * slices by the demo's tags, BM25 with Nori beating the English model on Korean queries, the
 * recommendation, and reports in a new timestamped folder per run.
 */
class BakeOffMainDemoTest {

  @Test
  void demoWithMiniLmAndBm25(@TempDir Path out) throws Exception {
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    String[] args = {"--models", "all-minilm-l6-v2-q", "--no-hybrid", "--latency", "3", "--quiet",
        "--out", out.toString()};
    int code = BakeOffMain.run(args, new PrintStream(console, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    String text = console.toString(StandardCharsets.UTF_8);
    assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
    assertTrue(text.startsWith("bake-off: 2 candidates (1 dense model, 1 baseline) on embedlab-demo/test "
        + "(40 documents, 31 queries)"), text);
    assertTrue(text.contains("p from the single comparison"), text);
    assertTrue(java.util.regex.Pattern.compile("(?m)^language=ko +14 bm25-nori .*too few queries \\(< 30\\)$")
        .matcher(text).find(), text);
    assertTrue(java.util.regex.Pattern.compile("(?m)^cross-lingual=mixed +6 ").matcher(text).find(), text);
    assertTrue(text.contains("Slices disagree on language"), text);
    assertFitsAndDecidesFirst(text);

    List<Path> runs;
    try (Stream<Path> s = Files.list(out)) {
      runs = s.toList();
    }
    assertEquals(1, runs.size());
    assertTrue(runs.get(0).getFileName().toString().matches("\\d{8}-\\d{6}"), runs.toString());
    assertTrue(text.contains("reports written to " + runs.get(0).toAbsolutePath()), text);
    JsonNode root = new ObjectMapper().readTree(runs.get(0).resolve("bakeoff.json").toFile());
    JsonNode ko = null;
    for (JsonNode s : root.get("slices")) {
      if (s.get("dimension").asText().equals("language") && s.get("value").asText().equals("ko")) {
        ko = s;
      }
    }
    assertTrue(ko != null && ko.get("queries").asInt() == 14 && ko.get("source").asText().equals("data set"),
        String.valueOf(ko));
    double bm25 = ko.get("means").get("bm25-nori").get("nDCG@10").asDouble();
    double minilm = ko.get("means").get("all-minilm-l6-v2-q").get("nDCG@10").asDouble();
    assertTrue(bm25 > minilm + 0.3, "Nori BM25 far ahead on Korean queries: " + bm25 + " vs " + minilm);
    JsonNode c = root.get("candidates").get(1);
    assertEquals("bm25-nori", c.get("name").asText());
    assertTrue(c.get("indexBytes").asLong() > 0);
    assertTrue(root.get("recommendation").get("pareto").size() >= 1);
    assertTrue(Files.readString(runs.get(0).resolve("bakeoff.md")).contains("## Slices"));
    assertTrue(Files.readString(runs.get(0).resolve("bakeoff.html")).contains("nDCG@10 per slice"));

    // a second run in the same second gets its own folder: nothing is overwritten
    java.time.Instant started = java.time.Instant.parse("2026-01-02T03:04:05Z");
    Path a = BakeOffMain.reportFolder(out, started);
    Path b = BakeOffMain.reportFolder(out, started);
    assertEquals("20260102-030405", a.getFileName().toString());
    assertEquals("20260102-030405-2", b.getFileName().toString());
  }

  /** No line over 100 columns; the decision comes before the tables; significance is marked. */
  static void assertFitsAndDecidesFirst(String text) {
    for (String line : text.lines().toList()) {
      assertTrue(line.length() <= dev.embedlab.bakeoff.report.ConsoleReport.WIDTH,
          line.length() + " columns: " + line);
    }
    int decision = text.indexOf("DECISION");
    assertTrue(decision > 0 && decision < text.indexOf("quality ("), text);
    assertTrue(text.contains("* = Holm-adjusted p < 0.05 vs the best"), text);
  }

  @Test
  void anOnnxModelFolderIsACandidate(@TempDir Path tmp) throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("mini"));
    dev.embedlab.models.KnownModel m = dev.embedlab.models.KnownModel.ALL_MINILM_L6_V2_Q;
    for (String[] f : new String[][] {{m.modelResource(), "model.onnx"}, {m.tokenizerResource(), "tokenizer.json"}}) {
      try (java.io.InputStream in = getClass().getClassLoader().getResourceAsStream(f[0])) {
        Files.copy(in, dir.resolve(f[1]));
      }
    }
    Path bare = Files.createDirectories(tmp.resolve("bare"));
    Files.copy(dir.resolve("model.onnx"), bare.resolve("model.onnx"));
    Files.copy(dir.resolve("tokenizer.json"), bare.resolve("tokenizer.json"));
    Files.writeString(dir.resolve("sentence_bert_config.json"), "{\"max_seq_length\": 256}");
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = BakeOffMain.run(new String[] {"--models", "all-minilm-l6-v2-q", "--model-dir", "mine=" + dir,
        "--model-dir", "bare=" + bare, "--no-bm25", "--latency", "0", "--quiet", "--out", tmp.resolve("out").toString()},
        new PrintStream(console, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
    String text = console.toString(StandardCharsets.UTF_8);
    assertTrue(text.startsWith("bake-off: 3 candidates (3 dense models, 0 baselines)"), text);
    // a folder without sentence_bert_config.json: where its length came from is said on the console
    assertTrue(text.contains("NOTE: bare runs at maxLength "), text);
    assertTrue(!text.contains("NOTE: mine runs at") && !text.contains("NOTE: all-minilm-l6-v2-q runs at"), text);
    java.util.regex.Matcher a = java.util.regex.Pattern.compile("(?m)^all-minilm-l6-v2-q\\s+((?:\\d\\.\\d{4}\\s+){6})").matcher(text);
    java.util.regex.Matcher b = java.util.regex.Pattern.compile("(?m)^mine\\s+((?:\\d\\.\\d{4}\\s+){6})").matcher(text);
    assertTrue(a.find() && b.find(), text);
    assertEquals(a.group(1).trim(), b.group(1).trim(), "the same graph and tokenizer from a folder give the same metrics");
  }

  /**
   * Issue 12 and 9 in one short run: chosen trec_eval measures, one model behind two index specs
   * (one embedding pass), a generic pair file, the hybrid fused with a named candidate, and one
   * TREC run file per candidate whose re-evaluation equals the reported numbers.
   */
  @Test
  void measuresIndexesPairsAndRunFiles(@TempDir Path tmp) throws Exception {
    Path pairs = tmp.resolve("pairs.csv");
    Files.writeString(pairs, "left,right,gold\r\n"
        + "BM25 ranks documents by term overlap,Lexical search scores documents by shared terms,4.6\r\n"
        + "The cat sleeps on the sofa,A cat is sleeping on the couch,4.8\r\n"
        + "The stock market fell sharply,A recipe for tomato soup,0.2\r\n"
        + "Embeddings map text to vectors,My bicycle has a flat tyre,0.4\r\n"
        + "Quantisation shrinks vectors to int8,Vectors are compressed to eight-bit integers,4.1\r\n");
    Path out = tmp.resolve("out");
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    String m = "all-minilm-l6-v2-q";
    String[] args = {"--models", m, "--index", "exact", "--index", m + ":int8+rescore4", "--hybrid-with",
        m + " int8+rescore4", "--measures", "ndcg_cut.10,map_cut.10,P.1,recall.100", "--pairs", pairs.toString(),
        "--columns", "left,right,gold", "--delimiter", ",", "--threshold", "3", "--latency", "2",
        "--no-truncation-probe", "--quiet", "--out", out.toString()};
    dev.embedlab.bakeoff.BakeOffResult res = BakeOffMain.bakeOff(BakeOffOptions.parse(args),
        new PrintStream(console, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    String text = console.toString(StandardCharsets.UTF_8);
    assertTrue(text.startsWith("bake-off: 4 candidates (2 dense models, 2 baselines)"), text);
    Path dir;
    try (Stream<Path> s = Files.list(out)) {
      dir = s.findFirst().orElseThrow();
    }
    List<String> measures = res.settings().measures();
    assertEquals(List.of("nDCG@10", "MAP@10", "P@1", "Recall@100"), measures);
    assertEquals("nDCG@10", res.settings().primaryMeasure());
    assertTrue(text.contains("Recall@100"), text);

    dev.embedlab.data.RetrievalDataset ds = BakeOffMain.demo();
    dev.embedlab.eval.metrics.RankingEvaluator ev = dev.embedlab.eval.metrics.RankingEvaluator.of(List.of(
        dev.embedlab.eval.metrics.Measure.ndcg(10), dev.embedlab.eval.metrics.Measure.map(10),
        dev.embedlab.eval.metrics.Measure.precision(1), dev.embedlab.eval.metrics.Measure.recall(100)));
    java.util.Map<String, dev.embedlab.bakeoff.CandidateResult> byName = new java.util.HashMap<>();
    res.candidates().forEach(c -> byName.put(c.name(), c));
    assertEquals(java.util.Set.of(m + " exact", m + " int8+rescore4", "bm25-nori", "hybrid-rrf"), byName.keySet());
    for (String[] f : new String[][] {{m + " exact", "all-minilm-l6-v2-q_exact.trec"},
        {m + " int8+rescore4", "all-minilm-l6-v2-q_int8_rescore4.trec"}, {"bm25-nori", "bm25-nori.trec"},
        {"hybrid-rrf", "hybrid-rrf.trec"}}) {
      dev.embedlab.data.Run run = dev.embedlab.data.Run.readTrec(dir.resolve("runs").resolve(f[1]));
      dev.embedlab.eval.metrics.EvaluationResult r = ev.evaluate(ds.qrels(), run);
      for (String label : measures) {
        dev.embedlab.eval.metrics.Measure me = dev.embedlab.eval.metrics.Measure.parse(label);
        assertEquals(byName.get(f[0]).quality().mean(label), r.mean(me), 1e-9, f[0] + " " + label);
      }
    }
    // the int8 index is a compressed index with rescoring, the exact one is not
    String exact = byName.get(m + " exact").toString();
    String int8 = byName.get(m + " int8+rescore4").toString();
    assertTrue(int8.contains("int8") && !exact.contains("int8"), int8 + "\n" + exact);
    assertEquals(384, byName.get(m + " int8+rescore4").footprint().bytesPerVector(), int8);
    assertTrue(byName.get(m + " exact").pairs().spearman() > 0.5, exact);
    assertTrue(byName.get(m + " exact").pairs().rocAuc() > 0.5, exact);
    assertTrue(text.contains("reports written to") && text.contains("4 TREC run files and qrels.txt, pairs.tsv"), text);
    assertFitsAndDecidesFirst(text);
    // the per-pair scores behind Spearman/Pearson/ROC-AUC, beside the runs: recomputed from the file alone
    List<String> lines = Files.readAllLines(dir.resolve("runs").resolve("pairs.tsv"));
    assertEquals(List.of("pair", "text_a", "text_b", "gold", "label", m + " exact", m + " int8+rescore4"),
        List.of(lines.get(0).split("\t")));
    assertEquals(6, lines.size());
    double[] gold = new double[5];
    double[] cos = new double[5];
    int[] label = new int[5];
    for (int i = 0; i < 5; i++) {
      String[] f = lines.get(i + 1).split("\t");
      assertEquals(Integer.toString(i), f[0]);
      gold[i] = Double.parseDouble(f[3]);
      label[i] = Integer.parseInt(f[4]);
      cos[i] = Double.parseDouble(f[5]);
    }
    dev.embedlab.bakeoff.PairResult pr = byName.get(m + " exact").pairs();
    assertEquals(pr.spearman(), dev.embedlab.eval.metrics.PairMetrics.spearman(cos, gold), 1e-6);
    assertEquals(pr.pearson(), dev.embedlab.eval.metrics.PairMetrics.pearson(cos, gold), 1e-6);
    assertEquals(pr.rocAuc(), dev.embedlab.eval.metrics.PairMetrics.rocAuc(cos, label), 1e-6);
    assertTrue(text.contains("hybrid-rrf fuses bm25-nori + " + m + " int8+rescore4"), text);
    assertTrue(java.util.regex.Pattern.compile("(?m)^" + m + " exact +\\d\\.\\d{4} +\\d\\.\\d{4} +\\d\\.\\d{4}$")
        .matcher(text).find(), "Spearman, Pearson and ROC-AUC per candidate: " + text);
    // trec_eval's qrels beside the runs: the same judgments the numbers were computed from
    assertEquals(ds.qrels(), dev.embedlab.data.Qrels.readTrec(dir.resolve("runs").resolve("qrels.txt")));
  }

  /**
   * The two-run cache experiment: a run without cache, then two with --cache (the first fills it,
   * the second reads it). Speed and latency are timed on uncached model calls in every run, so the
   * cached runs report a docs/s of the same class as the uncached one (not cache reads, ~50× faster)
   * and say so; truncation is still counted on cache hits.
   */
  @Test
  void cachedRunsTimeUncachedCallsAndSaySo(@TempDir Path tmp) throws Exception {
    double[] rate = new double[3];
    double[] p50 = new double[3];
    for (int run = 0; run < 3; run++) {
      ByteArrayOutputStream console = new ByteArrayOutputStream();
      List<String> args = new java.util.ArrayList<>(List.of("--models", "all-minilm-l6-v2-q", "--no-bm25",
          "--latency", "20", "--no-truncation-probe", "--quiet", "--out", tmp.resolve("out").toString()));
      if (run > 0) {
        args.addAll(List.of("--cache", tmp.resolve("cache").toString()));
      }
      dev.embedlab.bakeoff.BakeOffResult r = BakeOffMain.bakeOff(BakeOffOptions.parse(args.toArray(String[]::new)),
          new PrintStream(console, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream()));
      String text = console.toString(StandardCharsets.UTF_8);
      dev.embedlab.bakeoff.CandidateResult c = r.candidates().get(0);
      rate[run] = c.timing().docsPerSecond();
      p50[run] = c.latency().p50Millis();
      String source = c.info().properties().get(dev.embedlab.bakeoff.SpeedSample.PROPERTY);
      if (run == 0) {
        assertEquals(null, source, "no cache: the full pass is timed");
      } else {
        assertEquals("measured on 40 uncached document calls and 20 uncached queries", source);
        assertTrue(text.contains("† speed and latency measured on 40 uncached document calls"), text);
        assertEquals(20, c.latency().samples());
      }
      dev.embedlab.bakeoff.Footprint fp = c.footprint();
      assertTrue(fp.truncatedDocuments() >= 0 && fp.truncatedTexts() >= fp.truncatedDocuments(), "run " + run + ": " + fp);
    }
    // cache reads are hundreds of times faster than the model (thousands of docs/s, microseconds per
    // query); model calls on this shared machine stay within a loose factor of the uncached run
    for (int run = 1; run < 3; run++) {
      assertTrue(rate[run] < 10 * rate[0] && rate[run] > rate[0] / 10, java.util.Arrays.toString(rate));
      assertTrue(p50[run] > p50[0] / 20, java.util.Arrays.toString(p50));
    }
  }

  @Test
  void withOptionReplacesAnOptionTheSpecAlreadyGives() {
    assertEquals("m?maxLength=16", ModelCandidates.withOption("m", "maxLength", "16"));
    assertEquals("m?maxLength=16", ModelCandidates.withOption("m?maxLength=8", "maxLength", "16"));
    assertEquals("onnx:d?id=x&pooling=cls&maxLength=16",
        ModelCandidates.withOption("onnx:d?id=x&maxLength=8&pooling=cls", "maxLength", "16"));
    assertEquals("m?maxLengthX=1&queryPrefix=a%20b", ModelCandidates.withOption("m?maxLengthX=1", "queryPrefix", "a b"));
  }

  /**
   * The truncation probe's longer model sits behind the same cache as the candidate: a second run
   * with {@code --cache} reports the same probe and writes no new shard (nothing was embedded; the
   * speed sample times the model without writing to the cache).
   */
  @Test
  void truncationProbeReadsTheCacheOnASecondRun(@TempDir Path tmp) throws Exception {
    Path cache = tmp.resolve("cache");
    List<dev.embedlab.bakeoff.TruncationProbe> probes = new java.util.ArrayList<>();
    List<List<Path>> shards = new java.util.ArrayList<>();
    for (int run = 0; run < 2; run++) {
      dev.embedlab.bakeoff.BakeOffResult r = BakeOffMain.bakeOff(BakeOffOptions.parse(new String[] {"--models",
          "all-minilm-l6-v2-q?maxLength=8", "--no-bm25", "--latency", "5", "--quiet", "--cache", cache.toString(),
          "--out", tmp.resolve("out" + run).toString()}), new PrintStream(new ByteArrayOutputStream()),
          new PrintStream(new ByteArrayOutputStream()));
      assertEquals(1, r.truncationProbes().size(), "documents are cut at 8 tokens: the probe runs");
      probes.add(r.truncationProbes().get(0));
      try (var files = java.nio.file.Files.walk(cache)) {
        shards.add(files.filter(f -> f.toString().endsWith(".emb")).sorted().toList());
      }
    }
    assertEquals(16, probes.get(0).maxLength(), "the probe doubles the length");
    assertEquals(probes.get(0), probes.get(1));
    assertTrue(shards.get(0).stream().anyMatch(f -> f.toString().contains("all-minilm-l6-v2-q")), shards.get(0).toString());
    assertEquals(shards.get(0), shards.get(1), "the second run embedded nothing, the probe included");
    try (var dirs = java.nio.file.Files.list(cache)) {
      assertEquals(2, dirs.filter(java.nio.file.Files::isDirectory).count(), "one namespace per length (8 and 16)");
    }
  }

  /**
   * Judgments pointing outside the corpus change every number: the console says so before any
   * number, and with more than 20% of them dangling the decision is withheld (in every report).
   */
  @Test
  void danglingJudgmentsGoFirstAndWithholdTheDecision(@TempDir Path tmp) throws Exception {
    Path beir = Files.createDirectories(tmp.resolve("beir").resolve("qrels"));
    Files.writeString(tmp.resolve("beir").resolve("corpus.jsonl"), "{\"_id\":\"d1\",\"title\":\"\",\"text\":\"kimchi recipe\"}\n"
        + "{\"_id\":\"d2\",\"title\":\"\",\"text\":\"train timetable\"}\n"
        + "{\"_id\":\"d3\",\"title\":\"\",\"text\":\"tax refund form\"}\n");
    Files.writeString(tmp.resolve("beir").resolve("queries.jsonl"), "{\"_id\":\"q1\",\"text\":\"kimchi\"}\n"
        + "{\"_id\":\"q2\",\"text\":\"train\"}\n");
    Files.writeString(beir.resolve("test.tsv"), "query-id\tcorpus-id\tscore\nq1\td1\t1\nq1\tx1\t1\nq2\tx2\t1\n"
        + "q2\tx3\t1\n");
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    int code = BakeOffMain.run(new String[] {"--beir", tmp.resolve("beir").toString(), "--models", "none",
        "--latency", "0", "--quiet", "--out", tmp.resolve("out").toString()},
        new PrintStream(console, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream()));
    String text = console.toString(StandardCharsets.UTF_8);
    assertEquals(0, code, text);
    int warn = text.indexOf("DATA WARNINGS");
    assertTrue(warn > 0 && warn < text.indexOf("quality ("), "warnings before any number: " + text);
    assertTrue(text.contains("! SEVERE: 3 of 4 judgments (75%) point at documents not in the corpus"), text);
    assertTrue(text.contains("DECISION WITHHELD: 3 of 4 judgments (75%)"), text);
    assertTrue(text.contains("what to pick: WITHHELD"), text);
    assertTrue(!text.contains("DECISION: pick"), text);
    Path dir;
    try (Stream<Path> st = Files.list(tmp.resolve("out"))) {
      dir = st.findFirst().orElseThrow();
    }
    assertTrue(Files.readString(dir.resolve("bakeoff.md")).contains("Recommendation withheld: 3 of 4 judgments"));
  }
}
