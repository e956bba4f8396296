package dev.embedlab.bakeoff.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every command-line mistake names the value, what was expected and what exists; exit code 2. */
class BakeOffOptionsTest {
  @TempDir
  Path tmp;
  Path beir;

  @BeforeEach
  void beirFolder() throws IOException {
    beir = tmp.resolve("toy");
    Files.createDirectories(beir.resolve("qrels"));
    Files.writeString(beir.resolve("corpus.jsonl"), "{\"_id\": \"d1\", \"title\": \"\", \"text\": \"hello\"}\n");
    Files.writeString(beir.resolve("queries.jsonl"), "{\"_id\": \"q1\", \"text\": \"hello\"}\n");
    Files.writeString(beir.resolve("qrels/test.tsv"), "query-id\tcorpus-id\tscore\nq1\td1\t1\n");
    Files.writeString(beir.resolve("qrels/train.tsv"), "query-id\tcorpus-id\tscore\nq1\td1\t1\n");
  }

  private static String fails(String... args) {
    return assertThrows(BakeOffOptions.UsageException.class, () -> BakeOffOptions.parse(args)).getMessage();
  }

  @Test
  void defaultsParse() {
    BakeOffOptions o = BakeOffOptions.parse(new String[0]);
    assertEquals("test", o.split());
    assertEquals(50, o.latency());
    assertTrue(o.bm25() && o.hybrid() && o.truncationProbe());
    assertEquals(Path.of("target/bakeoff"), o.out());
    assertEquals(42, o.seed());
    BakeOffOptions p = BakeOffOptions.parse(new String[] {"--beir", beir.toString(), "--split=train", "--latency", "0",
        "--max-docs", "10", "--seed", "7", "--no-hybrid"});
    assertEquals("train", p.split());
    assertEquals(0, p.latency());
    assertEquals(10, p.maxDocs());
    assertEquals(7, p.seed());
    assertTrue(p.bm25());
    assertFalse(p.hybrid());
  }

  @Test
  void missingBeirFolderListsWhatTheParentHolds() {
    String m = fails("--beir", tmp.resolve("toyy").toString());
    assertTrue(m.startsWith("--beir " + tmp.resolve("toyy") + ": no such folder; expected a BEIR folder with "
        + "corpus.jsonl[.gz], queries.jsonl and qrels/test.tsv; found in " + tmp + ": toy/"), m);
  }

  @Test
  void missingQrelsFolderListsTheFolder() throws IOException {
    Files.delete(beir.resolve("qrels/test.tsv"));
    Files.delete(beir.resolve("qrels/train.tsv"));
    Files.delete(beir.resolve("qrels"));
    String m = fails("--beir", beir.toString());
    assertEquals("--beir " + beir + ": no qrels folder; expected qrels/test.tsv; found: corpus.jsonl, queries.jsonl", m);
  }

  @Test
  void unknownSplitListsTheSplitsFound() {
    String m = fails("--beir", beir.toString(), "--split", "dev");
    assertEquals("--split dev: " + beir.resolve("qrels/dev.tsv") + " does not exist; expected one of the splits "
        + "found in " + beir.resolve("qrels") + ": test, train", m);
  }

  @Test
  void beirGivenAFileAndSquadGivenAFolder() throws IOException {
    Path json = Files.writeString(tmp.resolve("korquad.json"), "{}");
    String m = fails("--beir", json.toString());
    assertEquals("--beir " + json + " is a file; expected a BEIR folder with corpus.jsonl[.gz], queries.jsonl and "
        + "qrels/test.tsv (a SQuAD JSON file goes to --squad)", m);
    String s = fails("--squad", beir.toString());
    assertEquals("--squad " + beir + " is a folder; expected a SQuAD-format JSON file; found in it: corpus.jsonl, "
        + "qrels/, queries.jsonl (a BEIR folder goes to --beir)", s);
  }

  @Test
  void numbersSayWhatTheyExpected() {
    assertEquals("--latency abc: expected a whole number >= 0; found \"abc\"", fails("--latency", "abc"));
    assertEquals("--max-queries 0: expected a whole number >= 1; found 0", fails("--max-queries", "0"));
    assertEquals("--seed x: expected a whole number; found \"x\"", fails("--seed", "x"));
    assertEquals("--latency needs a value; expected --latency N", fails("--latency"));
  }

  @Test
  void unknownOptionsSuggestTheClosestAndListTheKnownOnes() {
    String m = fails("--latnecy", "5");
    assertTrue(m.startsWith("unknown option --latnecy (did you mean --latency?); known options: --beir --split"), m);
    assertTrue(fails("scifact").startsWith("unexpected argument \"scifact\""));
    assertTrue(fails("--bm25-analyzer", "french").startsWith("--bm25-analyzer french: expected auto, english"));
  }

  @Test
  void modelDirMustHoldAModelAndATokenizer() throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("m"));
    Files.writeString(dir.resolve("model.onnx"), "x");
    String m = fails("--model-dir", "mine=" + dir);
    assertTrue(m.startsWith("--model-dir mine=" + dir + ": ") && m.endsWith("expected a folder with model.onnx "
        + "(or onnx/model.onnx) and tokenizer.json; found: model.onnx"), m);
    Files.writeString(dir.resolve("tokenizer.json"), "{}");
    BakeOffOptions o = BakeOffOptions.parse(new String[] {"--model-dir", "mine=" + dir, "--pooling", "mine=cls",
        "--query-prefix", "mine=query: "});
    assertEquals(dir, o.modelDirs().get("mine"));
    assertEquals("CLS", o.pooling().get("mine"));
    assertEquals("query: ", o.queryPrefix().get("mine"));
    assertTrue(fails("--model-dir", "nameonly").startsWith("--model-dir nameonly: expected name="));
    assertTrue(fails("--pooling", "other=cls").contains("expected the name of a --model-dir candidate; have none"));
  }

  @Test
  void runReturnsTwoWithTheUsageLineAndHelpListsEveryOption() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = BakeOffMain.run(new String[] {"--beir", beir.toString(), "--split", "dev"},
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    assertEquals(2, code);
    String e = err.toString(StandardCharsets.UTF_8);
    assertTrue(e.startsWith("bake-off: --split dev: "), e);
    assertTrue(e.contains(BakeOffOptions.USAGE), e);
    assertEquals("", out.toString(StandardCharsets.UTF_8));

    ByteArrayOutputStream help = new ByteArrayOutputStream();
    assertEquals(0, BakeOffMain.run(new String[] {"--help"}, new PrintStream(help, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8)));
    String h = help.toString(StandardCharsets.UTF_8);
    for (String opt : List.of("--beir", "--split", "--squad", "--max-queries", "--max-docs", "--seed", "--sts",
        "--models", "--model-dir", "--pooling", "--query-prefix", "--doc-prefix", "--no-bm25", "--bm25-analyzer",
        "--no-hybrid", "--no-truncation-probe", "--out", "--cache", "--latency", "--threads", "--quiet", "--help")) {
      assertTrue(java.util.regex.Pattern.compile("(?m)^\\s+(-\\w, )?" + opt + "[ =]").matcher(h).find(), opt + " in help:\n" + h);
    }
  }

  @Test
  void unreadableDataAndUnknownModelsAreUsageErrorsToo() throws IOException {
    Files.writeString(beir.resolve("corpus.jsonl"), "not json\n");
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
    assertEquals(2, BakeOffMain.run(new String[] {"--beir", beir.toString(), "--quiet", "--out", tmp.toString()},
        System.out, e));
    assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("bake-off: --beir " + beir + " (split test): "
        + "expected a readable BEIR folder; "), err.toString(StandardCharsets.UTF_8));
    err.reset();
    assertEquals(2, BakeOffMain.run(new String[] {"--models", "gpt-9", "--quiet", "--out", tmp.toString()}, System.out, e));
    assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("bake-off: --models gpt-9: unknown model \"gpt-9\"; "
        + "known: [all-minilm-l6-v2"), err.toString(StandardCharsets.UTF_8));
    err.reset();
    assertEquals(2, BakeOffMain.run(new String[] {"--models", "nosuch:thing", "--quiet"}, System.out, e));
    String line = err.toString(StandardCharsets.UTF_8).lines().findFirst().orElse("");
    // the sources' order is the class path's: check the listing, not its order
    assertTrue(line.startsWith("bake-off: --models nosuch:thing: no model source for 'nosuch:thing': scheme 'nosuch' "
        + "is unknown; expected one of [<plain name>, "), line);
    for (String scheme : List.of("onnx:", "hf:", "openai:", "cohere:")) {
      assertTrue(line.contains(scheme), "lists every source on the class path, " + scheme + ": " + line);
    }
  }

  @Test
  void measuresByTrecEvalNamesFirstIsPrimaryUnlessSaidOtherwise() {
    BakeOffOptions o = BakeOffOptions.parse(new String[] {"--measures", "ndcg_cut.10,map_cut.10,P.1,recall.100"});
    assertEquals(List.of("nDCG@10", "MAP@10", "P@1", "Recall@100"),
        o.measures().stream().map(dev.embedlab.eval.metrics.Measure::label).toList());
    assertEquals(null, o.primary());
    o = BakeOffOptions.parse(new String[] {"--measures", "map,recip_rank,mrr_cut.10,success.5,Rprec,ndcg",
        "--primary", "recip_rank"});
    assertEquals(List.of("MAP", "MRR", "MRR@10", "Hit@5", "R-Prec", "nDCG"),
        o.measures().stream().map(dev.embedlab.eval.metrics.Measure::label).toList());
    assertEquals(dev.embedlab.eval.metrics.Measure.mrr(), o.primary());
    assertTrue(BakeOffOptions.parse(new String[0]).measures().isEmpty(), "default stays the built-in set");

    String m = fails("--measures", "ndcg_cut.10,bpref");
    assertTrue(m.contains("--measures ndcg_cut.10,bpref: unknown measure \"bpref\"") && m.contains("ndcg_cut.k")
        && m.contains("recip_rank") && m.contains("P.k"), m);
    assertTrue(fails("--primary", "P.0").contains("unknown measure \"P.0\""));
    assertTrue(fails("--measures", ",").contains("expected at least one measure"));
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    assertEquals(2, BakeOffMain.run(new String[] {"--measures", "ndcg@ten"}, new PrintStream(new ByteArrayOutputStream()),
        new PrintStream(err, true, StandardCharsets.UTF_8)));
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("valid names"), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void pairOptionsNameFileColumnsAndDelimiter() throws IOException {
    Path f = tmp.resolve("pairs.csv");
    Files.writeString(f, "left;right;gold\r\na;b;1\r\n");
    BakeOffOptions o = BakeOffOptions.parse(new String[] {"--pairs", f.toString(), "--columns", "left,right,gold",
        "--delimiter", ";", "--threshold", "0.5"});
    assertEquals(List.of("left", "right", "gold"), o.pairColumns());
    assertEquals(';', o.delimiter());
    assertEquals(0.5, o.threshold());
    assertEquals('\t', BakeOffOptions.parse(new String[] {"--pairs", f.toString(), "--columns", "a,b,c"}).delimiter());
    assertTrue(fails("--pairs", f.toString()).contains("expected --columns a,b,score"));
    assertTrue(fails("--pairs", f.toString(), "--columns", "a,b").contains("expected three column names"));
    assertTrue(fails("--pairs", f.toString(), "--columns", "a,b,c", "--delimiter", "|").contains("expected TAB"));
    assertTrue(fails("--pairs", f.toString(), "--columns", "a,b,c", "--threshold", "high").contains("expected a number"));
    assertTrue(fails("--columns", "a,b,c").contains("applies to --pairs FILE"));
    assertTrue(fails("--pairs", tmp.resolve("nope.tsv").toString(), "--columns", "a,b,c").contains("no such file"));
    assertTrue(fails("--pairs", f.toString(), "--columns", "a,b,c", "--sts", f.toString()).contains("not both"));
  }

  @Test
  void pairFileErrorsNameTheFileAndTheColumn() throws IOException {
    Path f = tmp.resolve("pairs.tsv");
    Files.writeString(f, "s1\ts2\tgold\nx\ty\t3\n");
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = BakeOffMain.run(new String[] {"--pairs", f.toString(), "--columns", "s1,s2,score", "--models", "none",
        "--quiet", "--out", tmp.resolve("out").toString()}, new PrintStream(new ByteArrayOutputStream()),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    String e = err.toString(StandardCharsets.UTF_8);
    assertEquals(2, code, e);
    assertTrue(e.contains("--pairs " + f) && e.contains("score"), e);
  }

  @Test
  void indexSpecsAndHybridWith() {
    BakeOffOptions o = BakeOffOptions.parse(new String[] {"--index", "int8+rescore4", "--index",
        "all-minilm-l6-v2:exact", "--hybrid-with", "all-minilm-l6-v2 exact"});
    assertEquals(List.of("int8+rescore4", "all-minilm-l6-v2:exact"), o.indexes());
    assertEquals("all-minilm-l6-v2 exact", o.hybridWith());
    assertTrue(fails("--hybrid-with", "x", "--no-hybrid").contains("no hybrid"));

    java.util.Map<String, List<BakeOffMain.Index>> idx = BakeOffMain.indexes(List.of("int8+rescore4", "m2:pq8",
        "exact"), List.of("m1", "m2"));
    assertEquals(List.of("int8+rescore4", "exact"), idx.get("m1").stream().map(BakeOffMain.Index::label).toList());
    assertEquals(List.of("int8+rescore4", "pq8", "exact"), idx.get("m2").stream().map(BakeOffMain.Index::label).toList());
    // hnsw and ivf come from embedlab-ann's IndexSpecProvider (on the examples class path); a kind no
    // provider handles is refused with the known specs, the providers' examples included.
    // a model name with a colon of its own (a source scheme) still takes a model prefix
    java.util.Map<String, List<BakeOffMain.Index>> hf = BakeOffMain.indexes(List.of("hf:org/m:int8", "pq8"),
        List.of("hf:org/m", "m1"));
    assertEquals(List.of("int8", "pq8"), hf.get("hf:org/m").stream().map(BakeOffMain.Index::label).toList());
    assertEquals(List.of("pq8"), hf.get("m1").stream().map(BakeOffMain.Index::label).toList());
    // the label keeps the case given, so --hybrid-with 'm1 hnsw:M=16,ef=100' names the candidate
    assertEquals(List.of("hnsw:M=16,ef=100"), BakeOffMain.indexes(List.of("m1:hnsw:M=16,ef=100"), List.of("m1"))
        .get("m1").stream().map(BakeOffMain.Index::label).toList());
    assertEquals("m1 hnsw:M=16,ef=100", BakeOffMain.withIndexes(dev.embedlab.bakeoff.Candidate.builder("m1",
        () -> null), BakeOffMain.indexes(List.of("hnsw:M=16,ef=100"), List.of("m1")).get("m1")).get(0).name());
    String unknown = assertThrows(BakeOffOptions.UsageException.class,
        () -> BakeOffMain.indexes(List.of("nosuchmodel:exact"), List.of("m1", "m2"))).getMessage();
    assertEquals("--index nosuchmodel:exact: model nosuchmodel is not a model of this run; expected one of [m1, m2]",
        unknown);
    String badM = assertThrows(BakeOffOptions.UsageException.class,
        () -> BakeOffMain.indexes(List.of("hnsw:M=abc"), List.of("m1"))).getMessage();
    assertTrue(badM.contains("the value of M must be a whole number; M=abc") && !badM.contains("prefix"), badM);
    String m = assertThrows(BakeOffOptions.UsageException.class,
        () -> BakeOffMain.indexes(List.of("annoy:trees=10"), List.of("m1"))).getMessage();
    assertTrue(m.startsWith("--index annoy:trees=10: unknown index spec") && m.contains("int8+rescore4")
        && m.contains("binary+rescore10") && m.contains("hnsw:M=16,ef=100"), m); // the provider's own examples
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    assertEquals(2, BakeOffMain.run(new String[] {"--index", "annoy:trees=10", "--quiet", "--out",
        tmp.resolve("out").toString()}, new PrintStream(new ByteArrayOutputStream()),
        new PrintStream(err, true, StandardCharsets.UTF_8)));
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("unknown index spec"), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void runFileNamesAreFileSafeAndDistinct() {
    java.util.Set<String> used = new java.util.HashSet<>();
    assertEquals("all-minilm-l6-v2_int8_rescore4.trec", BakeOffMain.runFileName("all-minilm-l6-v2 int8+rescore4", used));
    assertEquals("all-minilm-l6-v2_int8_rescore4-2.trec", BakeOffMain.runFileName("all-minilm-l6-v2 int8/rescore4", used));
    assertEquals("etc_passwd.trec", BakeOffMain.runFileName("../etc/passwd", used));
  }
}
