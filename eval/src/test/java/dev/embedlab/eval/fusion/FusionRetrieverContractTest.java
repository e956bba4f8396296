package dev.embedlab.eval.fusion;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.embedlab.core.retrieval.Queries;
import dev.embedlab.core.retrieval.Ranking;
import dev.embedlab.core.retrieval.Retriever;
import dev.embedlab.data.Run;
import dev.embedlab.eval.lexical.Bm25Index;
import dev.embedlab.eval.lexical.LexicalAnalyzer;
import dev.embedlab.testing.BaseRetrieverTestCase;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link FusionRetriever} holds the {@link Retriever} contract and equals fusing the runs by hand. */
class FusionRetrieverContractTest extends BaseRetrieverTestCase {

  static Retriever bm25(Corpus c, LexicalAnalyzer a) {
    java.util.List<dev.embedlab.data.Document> docs = new java.util.ArrayList<>();
    for (int i = 0; i < c.ids().length; i++) {
      docs.add(new dev.embedlab.data.Document(c.ids()[i], "", c.texts().get(i)));
    }
    return Bm25Index.builder().analyzer(a).build(docs);
  }

  @Override
  protected Retriever newRetriever(Corpus corpus) {
    return new FusionRetriever(RankFusion.rrf().build(), 50, true,
        List.of(bm25(corpus, LexicalAnalyzer.ENGLISH), bm25(corpus, LexicalAnalyzer.STANDARD)));
  }

  @Override
  protected boolean readsVectors() {
    return false;
  }

  @Override
  protected boolean readsTexts() {
    return true;
  }

  @Test
  void equalsFusingTheInputRunsByHand() throws Exception {
    Corpus c = corpus();
    Queries qs = queries(c, 11);
    RankFusion rrf = RankFusion.rrf().build();
    try (Retriever a = bm25(c, LexicalAnalyzer.ENGLISH); Retriever b = bm25(c, LexicalAnalyzer.STANDARD);
        Retriever f = new FusionRetriever(rrf, 30, false, List.of(a, b))) {
      List<Ranking> byHand = rrf.fuse(Run.of(a.search(qs, 30)), Run.of(b.search(qs, 30))).rankings(qs.ids());
      List<Ranking> got = f.search(qs, 10);
      for (int q = 0; q < qs.size(); q++) {
        assertEquals(byHand.get(q).top(10), got.get(q), "query " + q);
      }
    }
  }
}
