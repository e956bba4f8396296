package dev.embedlab.examples.readme;

import dev.embedlab.core.Embedder;
import dev.embedlab.core.Embedder.Role;
import dev.embedlab.core.retrieval.Ranking;
import dev.embedlab.data.BeirDatasets;
import dev.embedlab.data.Document;
import dev.embedlab.data.Query;
import dev.embedlab.data.RetrievalDataset;
import dev.embedlab.eval.metrics.EvaluationResult;
import dev.embedlab.eval.metrics.Measure;
import dev.embedlab.eval.metrics.RankingEvaluator;
import dev.embedlab.eval.search.ExactSearch;
import dev.embedlab.eval.stats.PairedComparison;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** The README's evaluation snippet (region {@code evaluate}), compiled and run by ReadmeSnippetsTest. */
public final class Evaluate {
  private Evaluate() {}

  // tag::evaluate[]
  static EvaluationResult evaluate(Embedder model, RetrievalDataset ds) {
    String[] queryIds = ds.queries().stream().map(Query::id).toArray(String[]::new);
    String[] docIds = ds.corpus().stream().map(Document::id).toArray(String[]::new);
    float[][] queryVecs = model.embed(ds.queries().stream().map(Query::text).toList(), Role.QUERY);
    float[][] docVecs = model.embed(ds.corpus().stream().map(Document::titleAndText).toList(), Role.DOCUMENT);
    List<Ranking> rankings = ExactSearch.builder().k(100).build().search(queryVecs, queryIds, docVecs, docIds);
    return RankingEvaluator.of(Measure.ndcg(10), Measure.recall(10), Measure.map(100))
        .evaluate(ds.qrels(), rankings);                  // trec_eval -c conventions, ties by docid
  }

  static PairedComparison.Summary compare(Path beirFolder, Embedder a, Embedder b) throws IOException {
    RetrievalDataset ds = BeirDatasets.load(beirFolder, "test");  // e.g. Path.of("../shared/data/scifact")
    EvaluationResult rA = evaluate(a, ds);
    EvaluationResult rB = evaluate(b, ds);
    return PairedComparison.of(rA, rB, Measure.ndcg(10)).summarize(0.95, 10_000, 42);  // CI and p-value
  }
  // end::evaluate[]

  /** {@link #compare} for callers outside this package (the tests). */
  public static PairedComparison.Summary compareOn(Path beirFolder, Embedder a, Embedder b) throws IOException {
    return compare(beirFolder, a, b);
  }

  /** {@link #evaluate} for callers outside this package (the tests). */
  public static EvaluationResult evaluateOn(Embedder model, RetrievalDataset ds) {
    return evaluate(model, ds);
  }
}
