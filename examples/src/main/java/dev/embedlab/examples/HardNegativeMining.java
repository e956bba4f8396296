package dev.embedlab.examples;

import dev.embedlab.core.Embedder;
import dev.embedlab.core.Embedder.Role;
import dev.embedlab.core.retrieval.Ranking;
import dev.embedlab.data.BeirDatasets;
import dev.embedlab.data.Document;
import dev.embedlab.data.Query;
import dev.embedlab.data.RetrievalDataset;
import dev.embedlab.data.Run;
import dev.embedlab.eval.lexical.Bm25Index;
import dev.embedlab.eval.search.ExactSearch;
import dev.embedlab.models.KnownModel;
import dev.embedlab.tune.negatives.HardNegativeJsonl;
import dev.embedlab.tune.negatives.HardNegativeMiner;
import dev.embedlab.tune.negatives.MinedPair;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Mines hard negatives for SciFact's train (claim, abstract) pairs from BM25 and from dense search
 * with all-MiniLM-L6-v2, and writes them as JSON lines: triplets {@code {"query","pos","neg"}} and
 * n-tuples {@code {"query","pos","neg_1".."neg_n"}}. Prints what each filter dropped.
 *
 * <pre>
 *   java -cp ... dev.embedlab.examples.HardNegativeMining \
 *       [shared=../shared] [cache=~/.cache/embedlab/embeddings] [out=target/hard-negatives] [n=5] [from=3] [to=50] [margin=0.05]
 * </pre>
 */
public final class HardNegativeMining {
  private HardNegativeMining() {}

  public static void main(String[] args) throws IOException {
    ExampleArgs opt = ExampleArgs.sciFactOrNull(args);
    if (opt == null) {
      return;
    }
    Path out = opt.outDir("target/hard-negatives");
    int n = opt.integer("n", 5);

    RetrievalDataset train = BeirDatasets.load(opt.sciFact(), "train");
    Map<String, List<String>> relevant = new LinkedHashMap<>();
    Map<String, String> queryText = new HashMap<>();
    for (Query q : train.queries()) {
      queryText.put(q.id(), q.text());
      List<String> rel = new ArrayList<>();
      train.qrels().judged(q.id()).forEach((doc, r) -> {
        if (r >= 1) {
          rel.add(doc);
        }
      });
      relevant.put(q.id(), rel);
    }
    Map<String, String> docText = new HashMap<>();
    train.corpus().forEach(d -> docText.put(d.id(), d.titleAndText()));
    HardNegativeMiner.Builder options = HardNegativeMiner.builder()
        .rankWindow(opt.integer("from", 3), opt.integer("to", 50)).maxPerPair(n)
        .relativeMargin(opt.real("margin", 0.05));

    // BM25 candidates: positives outside BM25's top 100 have no score on its scale -> pair dropped (counted)
    MiningResult lexical;
    try (Bm25Index bm25 = Bm25Index.builder().build(train.corpus())) {
      Run run = bm25.search(train.queries(), 100);
      lexical = options.build().mine(relevant, RunCandidates.of(run));
    }
    System.out.println("BM25 : " + lexical.stats().summary());

    // Dense candidates: the positive's cosine is always known from the vectors
    MiningResult dense;
    try (Embedder embedder = opt.cachedEmbedder(KnownModel.ALL_MINILM_L6_V2_Q)) {
      List<Document> corpus = train.corpus();
      String[] docIds = corpus.stream().map(Document::id).toArray(String[]::new);
      float[][] docs = embedder.embed(corpus.stream().map(Document::titleAndText).toList(), Role.DOCUMENT);
      String[] qids = train.queries().stream().map(Query::id).toArray(String[]::new);
      float[][] queries = embedder.embed(train.queries().stream().map(Query::text).toList(), Role.QUERY);
      Map<String, float[]> qById = new HashMap<>();
      Map<String, float[]> dById = new HashMap<>();
      for (int i = 0; i < qids.length; i++) {
        qById.put(qids[i], queries[i]);
      }
      for (int i = 0; i < docIds.length; i++) {
        dById.put(docIds[i], docs[i]);
      }
      List<Ranking> rankings = ExactSearch.builder().k(100).build().search(queries, qids, docs, docIds);
      dense = options.positiveScorer(new VectorPositiveScorer(qById, dById)).build().mine(relevant,
          RunCandidates.of(rankings));
    }
    System.out.println("dense: " + dense.stats().summary());

    MiningResult both = MiningResult.union(dense, lexical, n);
    try (Writer w = Files.newBufferedWriter(out.resolve("triplets.jsonl"), StandardCharsets.UTF_8);
        Writer t = Files.newBufferedWriter(out.resolve("tuples.jsonl"), StandardCharsets.UTF_8)) {
      long lines = HardNegativeJsonl.writeTriplets(w, both.pairs(), queryText::get, docText::get);
      long tuples = HardNegativeJsonl.writeTuples(t, both.pairs(), n, queryText::get, docText::get);
      System.out.printf(Locale.ROOT, "union: %d pairs, %d triplets -> %s, %d %d-tuples -> %s%n", both.pairs().size(),
          lines, out.resolve("triplets.jsonl"), tuples, n, out.resolve("tuples.jsonl"));
    }
    MinedPair first = both.pairs().get(0);
    System.out.println("example: query \"" + queryText.get(first.queryId()) + "\"");
    System.out.println("  pos " + first.positiveId() + ": " + abbreviate(docText.get(first.positiveId())));
    first.negatives().forEach(c -> System.out.printf(Locale.ROOT, "  neg %s (%.3f): %s%n", c.docId(), c.score(),
        abbreviate(docText.get(c.docId()))));
  }

  private static String abbreviate(String s) {
    return s.length() <= 100 ? s : s.substring(0, 97) + "...";
  }
}
