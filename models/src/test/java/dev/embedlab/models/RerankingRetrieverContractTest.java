package dev.embedlab.models;

import dev.embedlab.core.retrieval.Reranker;
import dev.embedlab.core.retrieval.RerankingRetriever;
import dev.embedlab.core.retrieval.Retriever;
import dev.embedlab.testing.BaseRetrieverTestCase;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@link Retriever} contract for {@link RerankingRetriever} over an exact dot-product first
 * stage, with a pure-Java reranker (query-word overlap, so scores tie often and the tie order is
 * exercised). Depth 30 reranks more than most k; k = 50 and k beyond the corpus widen the pool.
 */
class RerankingRetrieverContractTest extends BaseRetrieverTestCase {

  /** Number of document words that occur in the query, plus a tenth per distinct word matched. */
  static final class WordOverlapReranker implements Reranker {
    @Override
    public double[] score(String query, List<String> documents) {
      Set<String> q = new java.util.HashSet<>(java.util.Arrays.asList(query.split(" ")));
      double[] s = new double[documents.size()];
      for (int i = 0; i < s.length; i++) {
        String[] words = documents.get(i).split(" ");
        long distinct = java.util.Arrays.stream(words).filter(q::contains).distinct().count();
        long all = java.util.Arrays.stream(words).filter(q::contains).count();
        s[i] = all + 0.1 * distinct;
      }
      return s;
    }
  }

  static Map<String, String> texts(Corpus c) {
    Map<String, String> m = new HashMap<>();
    for (int i = 0; i < c.ids().length; i++) {
      m.put(c.ids()[i], c.texts().get(i));
    }
    return m;
  }

  @Override
  protected Retriever newRetriever(Corpus corpus) {
    return RerankingRetriever.of(new ExactDotRetriever(corpus.ids(), corpus.vectors()), new WordOverlapReranker(),
        texts(corpus), 30);
  }

  @Override
  protected boolean readsTexts() {
    return true;
  }
}
