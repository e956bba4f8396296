package dev.embedlab.examples;

import dev.embedlab.core.Embedder;
import dev.embedlab.core.Embedder.Role;
import dev.embedlab.data.BeirDatasets;
import dev.embedlab.data.Document;
import dev.embedlab.bakeoff.BakeOff;
import dev.embedlab.bakeoff.BakeOffResult;
import dev.embedlab.bakeoff.Candidate;
import dev.embedlab.bakeoff.report.ConsoleReport;
import dev.embedlab.data.Query;
import dev.embedlab.data.RetrievalDataset;
import dev.embedlab.data.Run;
import dev.embedlab.core.retrieval.Ranking;
import dev.embedlab.eval.lexical.Bm25Index;
import dev.embedlab.eval.search.ExactSearch;
import dev.embedlab.models.KnownModel;
import dev.embedlab.tune.adapter.AdapterEmbedder;
import dev.embedlab.tune.adapter.AdapterSides;
import dev.embedlab.tune.adapter.AdapterTrainer;
import dev.embedlab.tune.adapter.LinearAdapter;
import dev.embedlab.tune.adapter.TrainingExample;
import dev.embedlab.tune.adapter.TrainingExamples;
import dev.embedlab.tune.adapter.TrainingResult;
import dev.embedlab.tune.negatives.CandidateSource;
import dev.embedlab.tune.negatives.HardNegativeJsonl;
import dev.embedlab.tune.negatives.HardNegativeMiner;
import dev.embedlab.tune.negatives.MiningResult;
import dev.embedlab.tune.negatives.RunCandidates;
import dev.embedlab.tune.negatives.VectorPositiveScorer;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Trains a linear query adapter for all-MiniLM-L6-v2 on SciFact's train qrels (with hard negatives
 * mined from dense search and BM25 over the corpus) and measures nDCG@10 and Recall@10 on SciFact
 * test before and after, with a paired bootstrap confidence interval and a permutation p-value.
 *
 * <p>Test queries never reach training: train and test query ids are disjoint (checked), and a
 * train query whose text equals a test query's text (after lower-casing and folding whitespace) is
 * removed from training and counted. The corpus is shared, as in BEIR, so about half of the test
 * queries have a relevant abstract that is also a train positive; the report splits the test set
 * into those ("seen") and the rest ("unseen"). {@code docDisjoint=true} is a stricter ablation: it
 * also removes every train pair whose positive is relevant to a test query and never uses such an
 * abstract as a negative, so the adapter cannot have seen any test-relevant document.
 *
 * <p>Run (from the repository root; embeddings come from the shared cache after the first run):
 * <pre>
 *   java -cp ... dev.embedlab.examples.AdapterFineTune \
 *       [shared=../shared] [cache=~/.cache/embedlab/embeddings] [model=ALL_MINILM_L6_V2_Q] [out=target/adapter-finetune]
 *       [sides=QUERY] [epochs=40] [batch=64] [lr=1e-3] [l2=0] [scale=20] [negatives=4] [seed=42] [source=both|dense|bm25|none]
 *       [docDisjoint=false]
 * </pre>
 */
public final class AdapterFineTune {
  private AdapterFineTune() {}

  public static void main(String[] args) throws IOException {
    ExampleArgs opt = ExampleArgs.sciFactOrNull(args);
    if (opt == null) {
      return;
    }
    KnownModel model = opt.model(KnownModel.ALL_MINILM_L6_V2_Q);
    Path out = opt.outDir("target/adapter-finetune");
    int negatives = opt.integer("negatives", 4);
    boolean docDisjoint = opt.flag("docDisjoint", false);
    String source = opt.text("source", "both");

    // 1. data, with the leak guard
    RetrievalDataset train = BeirDatasets.load(opt.sciFact(), "train");
    RetrievalDataset test = BeirDatasets.load(opt.sciFact(), "test");
    Set<String> testIds = new HashSet<>(test.qrels().queryIds());
    Set<String> testTexts = new HashSet<>();
    for (Query q : test.queries()) {
      testTexts.add(normalise(q.text()));
    }
    List<Query> trainQueries = new ArrayList<>();
    int sameId = 0;
    List<String> sameText = new ArrayList<>();
    for (Query q : train.queries()) {
      if (testIds.contains(q.id())) {
        sameId++;
      } else if (testTexts.contains(normalise(q.text()))) {
        sameText.add(q.id());
      } else {
        trainQueries.add(q);
      }
    }
    if (sameId > 0) {
      throw new IllegalStateException(sameId + " query ids are in both train and test qrels");
    }
    Set<String> testRelevantDocs = new HashSet<>();
    for (String qid : test.qrels().queryIds()) {
      test.qrels().judged(qid).forEach((doc, r) -> {
        if (r >= 1) {
          testRelevantDocs.add(doc);
        }
      });
    }
    Map<String, List<String>> relevant = new LinkedHashMap<>();
    int removedPairs = 0;
    for (Query q : trainQueries) {
      List<String> rel = new ArrayList<>();
      train.qrels().judged(q.id()).forEach((doc, r) -> {
        if (r >= 1) {
          rel.add(doc);
        }
      });
      if (docDisjoint) {
        int before = rel.size();
        rel.removeIf(testRelevantDocs::contains);
        removedPairs += before - rel.size();
      }
      if (!rel.isEmpty()) {
        relevant.put(q.id(), rel);
      }
    }
    System.out.printf(Locale.ROOT, "SciFact: corpus %d docs; train %d queries (%d judgments); test %d queries (%d judgments)%n",
        train.corpus().size(), train.queries().size(), train.qrels().size(), test.queries().size(), test.qrels().size());
    System.out.printf(Locale.ROOT, "leak guard: 0 shared query ids; %d train queries with a test query's text removed %s;"
        + " training on %d queries, %d (query, positive) pairs%n", sameText.size(), sameText, relevant.size(),
        relevant.values().stream().mapToInt(List::size).sum());
    if (docDisjoint) {
      System.out.printf(Locale.ROOT, "docDisjoint: removed %d train pairs whose positive is relevant to a test query;"
          + " those %d abstracts are never negatives either%n", removedPairs, testRelevantDocs.size());
    }
    Set<String> excludedNegatives = docDisjoint ? testRelevantDocs : Set.of();

    try (Embedder base = opt.cachedEmbedder(model)) {
      // 2. frozen embeddings (shared cache: the corpus is embedded once for the team)
      long t0 = System.nanoTime();
      List<Document> corpus = train.corpus();
      String[] docIds = corpus.stream().map(Document::id).toArray(String[]::new);
      float[][] docVecs = base.embed(corpus.stream().map(Document::titleAndText).toList(), Role.DOCUMENT);
      String[] trainIds = relevant.keySet().toArray(String[]::new);
      Map<String, String> trainText = new HashMap<>();
      trainQueries.forEach(q -> trainText.put(q.id(), q.text()));
      float[][] trainVecs = base.embed(relevant.keySet().stream().map(trainText::get).toList(), Role.QUERY);
      String[] testQids = test.queries().stream().map(Query::id).toArray(String[]::new);
      float[][] testVecs = base.embed(test.queries().stream().map(Query::text).toList(), Role.QUERY);
      System.out.printf(Locale.ROOT, "embeddings (%s, from cache where present): %.1f s%n", base.id(),
          (System.nanoTime() - t0) / 1e9);
      Map<String, float[]> docById = new HashMap<>();
      for (int i = 0; i < docIds.length; i++) {
        docById.put(docIds[i], docVecs[i]);
      }
      Map<String, float[]> trainById = new HashMap<>();
      for (int i = 0; i < trainIds.length; i++) {
        trainById.put(trainIds[i], trainVecs[i]);
      }

      // 3. hard negatives for the train queries: dense and BM25 candidates, positives excluded,
      //    top 3 skipped (likely unjudged positives), margin 5% below the positive's score
      ExactSearch search = ExactSearch.builder().k(100).build();
      MiningResult mined = null;
      if (source.equals("none")) {
        // ablation: in-batch negatives only
        mined = HardNegativeMiner.builder().build().mine(relevant, q -> List.of());
      } else if (negatives < (source.equals("both") ? 2 : 1)) {
        throw new IllegalArgumentException("negatives must be >= 2 with source=both, else >= 1; negatives=" + negatives);
      }
      // with both sources, half the negatives come from dense search and half from BM25
      int perSource = source.equals("both") ? (negatives + 1) / 2 : source.equals("dense") ? negatives : 0;
      if (source.equals("both") || source.equals("dense")) {
        List<Ranking> dense = search.search(trainVecs, trainIds, docVecs, docIds);
        mined = HardNegativeMiner.builder().rankWindow(3, 50).maxPerPair(perSource).relativeMargin(0.05)
            .positiveScorer(new VectorPositiveScorer(trainById, docById)).build()
            .mine(relevant, without(RunCandidates.of(dense), excludedNegatives));
        System.out.println("dense mining: " + mined.stats().summary());
      }
      if (source.equals("both") || source.equals("bm25")) {
        List<Query> bm25Queries = relevant.keySet().stream().map(id -> new Query(id, trainText.get(id))).toList();
        try (Bm25Index bm25 = Bm25Index.builder().build(corpus)) {
          MiningResult lexical = HardNegativeMiner.builder().rankWindow(3, 50).maxPerPair(negatives - perSource)
              .relativeMargin(0.05).build()
              .mine(relevant, without(RunCandidates.of(bm25.search(bm25Queries, 100)), excludedNegatives));
          System.out.println("BM25 mining: " + lexical.stats().summary());
          mined = mined == null ? lexical : MiningResult.union(mined, lexical, negatives);
        }
      }
      if (mined == null) {
        throw new IllegalArgumentException("source must be one of both, dense, bm25, none; source=" + source);
      }
      Map<String, String> docText = new HashMap<>();
      corpus.forEach(d -> docText.put(d.id(), d.titleAndText()));
      Path jsonl = out.resolve("scifact-train-hard-negatives.jsonl");
      try (Writer w = Files.newBufferedWriter(jsonl, StandardCharsets.UTF_8)) {
        long lines = HardNegativeJsonl.writeTriplets(w, mined.pairs(), trainText::get, docText::get);
        System.out.println("wrote " + lines + " triplets to " + jsonl);
      }

      // 4. train the adapter (CPU, plain Java)
      List<TrainingExample> examples = TrainingExamples.fromMined(mined.pairs(), relevant, trainById, docById);
      AdapterTrainer trainer = AdapterTrainer.builder().scale(opt.real("scale", 20)).epochs(opt.integer("epochs", 40))
          .batchSize(opt.integer("batch", 64)).learningRate(opt.real("lr", 1e-3)).l2ToIdentity(opt.real("l2", 0))
          .sides(opt.constant("sides", AdapterSides.class, AdapterSides.QUERY)).seed(opt.seed())
          .validationFraction(0.1).patience(5).build();
      System.out.println(trainer);
      TrainingResult trained = trainer.train(examples);
      System.out.printf(Locale.ROOT, "training: %d examples (+%d validation), %d epochs (best %d), %d steps, %.2f s%n",
          trained.report().trainExamples(), trained.report().validationExamples(), trained.report().epochsRun(),
          trained.report().bestEpoch(), trained.report().steps(), trained.report().millis() / 1000.0);
      Path artefact = out.resolve("scifact-minilm.adapter");
      trained.adapter().save(artefact);
      LinearAdapter adapter = LinearAdapter.load(artefact);
      System.out.println("saved " + artefact + " (" + Files.size(artefact) + " bytes): " + adapter);

      // 5. evaluate on test as a bake-off: the base embedder with and without the adapter, sliced by
      //    whether a test query's relevant abstract was a train positive (the adapter's gain lives there)
      Set<String> trainPositives = new HashSet<>();
      relevant.values().forEach(trainPositives::addAll);
      Map<String, Map<String, String>> tags = new HashMap<>();
      for (String qid : testQids) {
        boolean seen = test.qrels().judged(qid).keySet().stream().anyMatch(trainPositives::contains);
        tags.put(qid, Map.of("relevant doc was a train positive", seen ? "seen" : "unseen"));
      }
      BakeOffResult r = BakeOff.builder().dataset(test).queryTags(tags).truncationProbe(false)
          .significance(0.95, Stats.RESAMPLES, opt.seed(), 0.05)
          .candidate(Candidate.builder(model.id(), () -> opt.cachedEmbedder(model))
              .cachedEmbeddings(true).build())
          .candidate(Candidate.builder(model.id() + " + adapter", () -> AdapterEmbedder.wrap(
              opt.cachedEmbedder(model), adapter)).cachedEmbeddings(true).build())
          .build().run();
      ConsoleReport.print(r, System.out);
    }
  }

  private static CandidateSource without(CandidateSource source, Set<String> excluded) {
    return excluded.isEmpty() ? source
        : q -> source.candidates(q).stream().filter(c -> !excluded.contains(c.docId())).toList();
  }

  private static String normalise(String s) {
    return s.toLowerCase(Locale.ROOT).replaceAll("\\s+", " ").strip();
  }

  /** Resampling settings of the significance tests. */
  static final class Stats {
    static final int RESAMPLES = 10_000;
  }
}
