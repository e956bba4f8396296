package dev.embedlab.examples;

import dev.embedlab.core.text.PreprocessingEmbedder;
import dev.embedlab.core.text.TextPreprocessor;
import dev.embedlab.bakeoff.BakeOff;
import dev.embedlab.bakeoff.BakeOffResult;
import dev.embedlab.bakeoff.Candidate;
import dev.embedlab.bakeoff.CandidateResult;
import dev.embedlab.bakeoff.Comparison;
import dev.embedlab.data.BeirDatasets;
import dev.embedlab.data.Document;
import dev.embedlab.data.PairDataset;
import dev.embedlab.data.PairDatasets;
import dev.embedlab.data.Qrels;
import dev.embedlab.data.Query;
import dev.embedlab.data.RetrievalDataset;
import dev.embedlab.data.SquadDatasets;
import dev.embedlab.eval.lexical.Bm25Index;
import dev.embedlab.eval.lexical.LexicalAnalyzer;
import dev.embedlab.eval.metrics.EvaluationResult;
import dev.embedlab.eval.metrics.Measure;
import dev.embedlab.eval.metrics.RankingEvaluator;
import dev.embedlab.models.KnownModel;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Text preprocessing as a measured lever: the same model with and without a rule chain, side by side
 * in a {@link BakeOff} (and BM25 with and without it).
 *
 * <ul>
 *   <li>{@code dataset=demo} (default): a 12-product Korean shopping toy set written for this demo
 *       (queries say {@code 갤럭시 S23 케이스 1.5만원}, the catalogue says {@code Galaxy S23 case
 *       15000원}); rules {@code ko-commerce.rules}. It shows what the rules are for, not a benchmark.</li>
 *   <li>{@code dataset=korquad}: KorQuAD 1.0 dev as retrieval plus KorSTS test pairs; rules
 *       {@code generic-ko.rules} (NFKC, whitespace, won units).</li>
 *   <li>{@code dataset=scifact}: SciFact test; rules {@code generic-ko.rules} (only NFKC and whitespace
 *       can fire on English).</li>
 * </ul>
 * <pre>
 *   java -cp ... dev.embedlab.examples.PreprocessingDemo \
 *       [dataset=demo|korquad|scifact] [rules=my.rules] [model=ALL_MINILM_L6_V2_Q] [shared=../shared]
 *       [cache=~/.cache/embedlab/embeddings] [pairs=true|false (KorSTS with korquad)] [cacheOnly=false]
 * </pre>
 */
public final class PreprocessingDemo {
  private PreprocessingDemo() {}

  /**
   * Product-search queries with the unit forms named in DESIGN.md's text rules ({@code 10k원},
   * {@code 3만원}), their neighbours and full-width/spacing noise, shown before and after the chain.
   */
  static final List<String> DEMO_EXAMPLES = List.of("갤럭시 S23 케이스 10k원", "3만원 이하 갤럭시 S23",
      "5천원", "1.5만원", "2,000원", "3만 5천원", "ＡＢＣ　１２３  갤럭시   S23 울트라 256 GB");

  public static void main(String[] args) throws IOException {
    Map<String, String> opt = LeverSupport.options(args);
    String dataset = opt.getOrDefault("dataset", "demo");
    String defaultRules = dataset.equals("demo") ? "ko-commerce.rules" : "generic-ko.rules";
    TextPreprocessor chain = opt.containsKey("rules")
        ? TextPreprocessor.load(Path.of(opt.get("rules")))
        : resourceRules(defaultRules);
    System.out.println("machine: " + LeverSupport.machine());
    System.out.println("rule chain " + chain.id() + ": " + chain.description());
    for (String s : DEMO_EXAMPLES) {
      System.out.println("  " + s + "  ->  " + chain.apply(s));
    }

    RetrievalDataset ds;
    PairDataset pairs = null;
    LexicalAnalyzer analyzer = LexicalAnalyzer.KOREAN;
    switch (dataset) {
      case "demo" -> ds = demoSet();
      case "korquad" -> {
        Path file = LeverSupport.data(opt).resolve("korquad1").resolve("KorQuAD_v1.0_dev.json");
        Path sts = LeverSupport.data(opt).resolve("korsts").resolve("sts-test.tsv");
        if (!Files.isRegularFile(file) || !Files.isRegularFile(sts)) {
          System.out.println("KorQuAD/KorSTS not found under " + LeverSupport.data(opt).toAbsolutePath());
          return;
        }
        ds = SquadDatasets.load(file, "korquad1-dev", "CC BY-ND 2.0 KR");
        if (Boolean.parseBoolean(opt.getOrDefault("pairs", "true"))) {
          pairs = PairDatasets.korSts(sts);
        }
      }
      case "scifact" -> {
        Path folder = LeverSupport.data(opt).resolve("scifact");
        if (!Files.isDirectory(folder)) {
          System.out.println("SciFact not found at " + folder.toAbsolutePath());
          return;
        }
        ds = BeirDatasets.load(folder, "test");
        analyzer = LexicalAnalyzer.ENGLISH;
      }
      default -> throw new IllegalArgumentException("dataset must be demo, korquad or scifact; dataset=" + dataset);
    }
    System.out.println("data: " + ds + (pairs == null ? "" : " + " + pairs.id() + " (" + pairs.size() + " pairs)"));
    long docsChanged = ds.corpus().stream().filter(d -> !chain.apply(d.titleAndText()).equals(d.titleAndText())).count();
    long queriesChanged = ds.queries().stream().filter(q -> !chain.apply(q.text()).equals(q.text())).count();
    System.out.printf("the chain changes %d of %d documents and %d of %d queries%n",
        docsChanged, ds.corpus().size(), queriesChanged, ds.queries().size());

    KnownModel model = KnownModel.valueOf(opt.getOrDefault("model", "ALL_MINILM_L6_V2_Q"));
    String raw = model.id();
    String pre = model.id() + " + rules";
    BakeOff.Builder bb = BakeOff.builder().dataset(ds).latencyQueries(0).warmupQueries(0)
        .candidate(Candidate.builder(raw, () -> LeverSupport.cached(model, opt)).cachedEmbeddings(true)
            .property("preprocessing", "none").build())
        .candidate(Candidate.builder(pre,
                () -> PreprocessingEmbedder.owning(LeverSupport.cached(model, opt), chain))
            .cachedEmbeddings(true).property("preprocessing", chain.id() + " " + chain.description()).build());
    if (pairs != null) {
      bb.pairDataset(pairs);
    }
    BakeOffResult r = bb.build().run();
    System.out.printf("%nbake-off on %s (%d queries):%n", ds.id(), ds.queries().size());
    System.out.printf("%-40s %8s %8s %9s%n", "candidate", "nDCG@10", "R@10", pairs == null ? "" : "Spearman");
    for (CandidateResult c : r.candidates()) {
      System.out.printf("%-40s %8s %8s %9s%n", c.name(), LeverSupport.f4(c.quality().mean("nDCG@10")),
          LeverSupport.f4(c.quality().mean("Recall@10")),
          c.pairs() == null ? "" : LeverSupport.f4(c.pairs().spearman()));
    }
    for (Comparison c : r.comparisons()) {
      System.out.printf(Locale.ROOT, "%s - %s (best) on nDCG@10: %+.4f, 95%% CI [%+.4f, %+.4f], p=%.4f, W/L/T %d/%d/%d%n",
          c.candidate(), c.reference(), c.meanDifference(), c.ci().lower(), c.ci().upper(), c.pValue(),
          c.winLoss().wins(), c.winLoss().losses(), c.winLoss().ties());
    }

    // BM25 with and without the same chain (documents and queries rewritten before analysis)
    RankingEvaluator ev = RankingEvaluator.of(Measure.ndcg(10), Measure.recall(10));
    List<Document> ppDocs = ds.corpus().stream()
        .map(d -> new Document(d.id(), chain.apply(d.title()), chain.apply(d.text()))).toList();
    List<Query> ppQueries = ds.queries().stream().map(q -> new Query(q.id(), chain.apply(q.text()))).toList();
    EvaluationResult bmRaw;
    EvaluationResult bmPre;
    Qrels qrels = ds.qrels();
    try (Bm25Index a = Bm25Index.builder().analyzer(analyzer).k1(0.9f).b(0.4f).build(ds.corpus());
        Bm25Index b = Bm25Index.builder().analyzer(analyzer).k1(0.9f).b(0.4f).build(ppDocs)) {
      bmRaw = ev.evaluate(qrels, a.search(ds.queries(), 100));
      bmPre = ev.evaluate(qrels, b.search(ppQueries, 100));
      System.out.printf("%n%s: nDCG@10 %s, R@10 %s | with rules: nDCG@10 %s, R@10 %s%n", a.id(),
          LeverSupport.f4(bmRaw.mean(Measure.ndcg(10))), LeverSupport.f4(bmRaw.mean(Measure.recall(10))),
          LeverSupport.f4(bmPre.mean(Measure.ndcg(10))), LeverSupport.f4(bmPre.mean(Measure.recall(10))));
    }
    LeverStats.compareAgainst("bm25+rules", bmPre, List.of("bm25"), List.of(bmRaw), Measure.ndcg(10));
  }

  static TextPreprocessor resourceRules(String name) throws IOException {
    String path = "/embedlab/rules/" + name;
    try (InputStream in = PreprocessingDemo.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IOException("rule resource not found on the classpath: " + path);
      }
      return TextPreprocessor.parse(path, new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  /**
   * A 12-product Korean shopping toy set, written for this demo: each query has exactly one relevant
   * product; queries use Korean brand names and won amounts written the way people type them, the
   * catalogue uses Latin brand names and plain digits.
   */
  static RetrievalDataset demoSet() {
    String[][] products = {
        {"d01", "Galaxy S23 Ultra 256GB 자급제 1200000원"},
        {"d02", "Galaxy S23 case 투명 젤리 15000원"},
        {"d03", "iPhone 15 case 실리콘 20000원"},
        {"d04", "AirPods Pro 2 300000원"},
        {"d05", "Galaxy Buds2 Pro 200000원"},
        {"d06", "MacBook Air 13 M2 1400000원"},
        {"d07", "USB-C 고속 charger 25W 30000원"},
        {"d08", "iPhone 15 Pro 128GB 1500000원"},
        {"d09", "Galaxy Tab S9 case 35000원"},
        {"d10", "Samsung laptop Galaxy Book3 900000원"},
        {"d11", "Apple Watch 밴드 50000원"},
        {"d12", "유선 earphones 10000원"},
    };
    String[][] queries = {
        {"q01", "갤럭시 S23 울트라 256 GB", "d01"},
        {"q02", "갤럭시 S23 케이스 1.5만원", "d02"},
        {"q03", "아이폰 15 케이스 2만원", "d03"},
        {"q04", "에어팟 프로 30만원", "d04"},
        {"q05", "갤럭시 버즈 프로 20만원", "d05"},
        {"q06", "맥북 에어 140만원", "d06"},
        {"q07", "고속 충전기 3만원", "d07"},
        {"q08", "아이폰 15 프로 128 GB", "d08"},
        {"q09", "갤럭시 탭 케이스 3만 5천원", "d09"},
        {"q10", "삼성 노트북 90만원", "d10"},
        {"q11", "애플 워치 밴드 5만원", "d11"},
        {"q12", "유선 이어폰 10k원", "d12"},
    };
    List<Document> docs = new ArrayList<>();
    for (String[] p : products) {
      docs.add(new Document(p[0], "", p[1]));
    }
    List<Query> qs = new ArrayList<>();
    Qrels.Builder qrels = Qrels.builder();
    for (String[] q : queries) {
      qs.add(new Query(q[0], q[1]));
      qrels.add(q[0], q[2], 1);
    }
    return new RetrievalDataset("ko-commerce-demo", "Apache-2.0 (written for embedlab)", "PreprocessingDemo",
        docs, qs, qrels.build());
  }
}
