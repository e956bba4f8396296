package dev.embedlab.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.embedlab.core.VectorUtil;
import dev.embedlab.core.retrieval.Queries;
import dev.embedlab.core.retrieval.Ranking;
import dev.embedlab.core.retrieval.Retriever;
import dev.embedlab.core.retrieval.TopK;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The {@link Retriever} contract, checked for every implementation (after Lucene's
 * {@code BaseKnnVectorsFormatTestCase}): a subclass says how to build its retriever over a corpus
 * and whether it is exact; every test here then runs against it.
 *
 * <p>The corpus is synthetic and seeded ({@link #SEED}, printed in failure messages): unit
 * vectors in {@link #DIM} dimensions with clusters, exact duplicates (ties), ids with astral code
 * points (the tie order), and one text per document built from a small vocabulary so that lexical
 * retrievers have something to match.
 */
public abstract class BaseRetrieverTestCase {

  /** Seed of the synthetic corpus. */
  protected static final long SEED = 20261129L;
  /** Vector dimension of the corpus. */
  protected static final int DIM = 16;
  /** Corpus size: a prime, so block boundaries are hit off by one. */
  protected static final int DOCS = 211;

  private static final String[] WORDS = {"alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta",
      "theta", "iota", "kappa", "lambda", "mu", "nu", "xi", "omicron", "pi"};

  /** A corpus: ids, unit vectors and texts. */
  public record Corpus(String[] ids, float[][] vectors, List<String> texts) {}

  /**
   * Builds the retriever under test over {@code corpus} (vectors and texts are both given; use
   * what the retriever needs). Called once per test; the test closes it.
   */
  protected abstract Retriever newRetriever(Corpus corpus) throws Exception;

  /** Whether the retriever returns exactly the top-k by dot product (exact vector search). */
  protected boolean exactDotProduct() {
    return false;
  }

  /** Whether it reads query vectors (else texts only). */
  protected boolean readsVectors() {
    return true;
  }

  /** Whether it reads query texts. */
  protected boolean readsTexts() {
    return false;
  }

  /** The synthetic corpus (same for every test). */
  protected static Corpus corpus() {
    Random rnd = new Random(SEED);
    String[] ids = new String[DOCS];
    float[][] v = new float[DOCS][];
    List<String> texts = new ArrayList<>();
    float[][] centres = new float[8][];
    for (int c = 0; c < centres.length; c++) {
      centres[c] = gaussian(rnd);
    }
    for (int i = 0; i < DOCS; i++) {
      ids[i] = (i % 5 == 0 ? "\uD83D\uDCC4doc" : "doc") + String.format("%04d", (i * 37) % 1000);
      if (i % 17 == 3 && i > 0) {
        v[i] = v[i - 1].clone(); // an exact duplicate: a tie only the id order can break
      } else {
        float[] g = gaussian(rnd);
        float[] c = centres[i % centres.length];
        for (int j = 0; j < DIM; j++) {
          g[j] = c[j] + 0.35f * g[j];
        }
        v[i] = VectorUtil.normalized(g);
      }
      StringBuilder t = new StringBuilder();
      for (int w = 0; w < 6; w++) {
        t.append(w > 0 ? " " : "").append(WORDS[(i * 7 + w * (i % 5 + 1)) % WORDS.length]);
      }
      texts.add(t.toString());
    }
    return new Corpus(ids, v, texts);
  }

  private static float[] gaussian(Random rnd) {
    float[] g = new float[DIM];
    for (int j = 0; j < DIM; j++) {
      g[j] = (float) rnd.nextGaussian();
    }
    return g;
  }

  /** {@code n} queries: documents' own vectors and texts, slightly perturbed. */
  protected static Queries queries(Corpus c, int n) {
    Random rnd = new Random(SEED + 1);
    String[] ids = new String[n];
    float[][] v = new float[n][];
    List<String> texts = new ArrayList<>();
    for (int q = 0; q < n; q++) {
      int d = (q * 13) % DOCS;
      ids[q] = "q" + q;
      float[] g = c.vectors()[d].clone();
      for (int j = 0; j < DIM; j++) {
        g[j] += 0.05f * (float) rnd.nextGaussian();
      }
      v[q] = VectorUtil.normalized(g);
      String[] words = c.texts().get(d).split(" ");
      texts.add(words[0] + " " + words[2] + " " + words[4]);
    }
    return Queries.of(ids, texts, v);
  }

  /** The exact top-k by dot product in trec_eval order, for {@link #exactDotProduct()} retrievers. */
  protected static List<Ranking> bruteForce(Corpus c, Queries qs, int k) {
    List<Ranking> out = new ArrayList<>();
    float[][] qv = qs.vectors("brute force");
    for (int q = 0; q < qs.size(); q++) {
      TopK top = new TopK(k, c.ids());
      for (int d = 0; d < c.ids().length; d++) {
        top.offer(d, VectorUtil.dotUnchecked(qv[q], c.vectors()[d]));
      }
      out.add(top.toRanking(qs.id(q)));
    }
    return out;
  }

  @Test
  public void oneValidRankingPerQueryInOrder() throws Exception {
    Corpus c = corpus();
    Queries qs = queries(c, 23);
    try (Retriever r = newRetriever(c)) {
      for (int k : new int[] {1, 10, 50}) {
        List<Ranking> got = r.search(qs, k);
        assertEquals(qs.size(), got.size(), "one ranking per query, k=" + k + ", seed " + SEED);
        Set<String> corpusIds = Set.of(c.ids());
        for (int q = 0; q < qs.size(); q++) {
          Ranking rk = got.get(q);
          assertEquals(qs.id(q), rk.queryId(), "rankings in query order");
          assertTrue(rk.size() <= k, "at most k hits");
          assertTrue(corpusIds.containsAll(rk.docIds()), "hits are corpus documents");
          // Re-validate through the public constructor: trec_eval order, no duplicates, finite.
          new Ranking(rk.queryId(), rk.docIds().toArray(String[]::new), rk.scores());
        }
      }
    }
  }

  @Test
  public void sameQueriesGiveSameRankingsWhateverTheBatch() throws Exception {
    Corpus c = corpus();
    Queries qs = queries(c, 19);
    try (Retriever r = newRetriever(c)) {
      List<Ranking> all = r.search(qs, 10);
      assertEquals(all, r.search(qs, 10), "deterministic");
      for (int q : new int[] {0, 7, 18}) {
        Queries one = Queries.of(new String[] {qs.id(q)}, List.of(qs.texts("test").get(q)),
            new float[][] {qs.vectors("test")[q]});
        assertEquals(all.get(q), r.search(one, 10).get(0), "query " + q + " alone equals it in a batch");
      }
    }
  }

  @Test
  public void kBeyondTheCorpusAndBadKAreHandled() throws Exception {
    Corpus c = corpus();
    Queries qs = queries(c, 3);
    try (Retriever r = newRetriever(c)) {
      for (Ranking rk : r.search(qs, DOCS + 50)) {
        assertTrue(rk.size() <= DOCS, "never more hits than documents");
        assertEquals(rk.size(), new HashSet<>(rk.docIds()).size());
      }
      assertThrows(IllegalArgumentException.class, () -> r.search(qs, 0));
    }
  }

  @Test
  public void nonFiniteQueryVectorsAreRefused() throws Exception {
    if (!readsVectors()) {
      return;
    }
    Corpus c = corpus();
    try (Retriever r = newRetriever(c)) {
      float[] bad = c.vectors()[0].clone();
      bad[3] = Float.NaN;
      assertThrows(IllegalArgumentException.class,
          () -> r.search(Queries.of(new String[] {"q"}, List.of("alpha"), new float[][] {bad}), 5));
    }
  }

  @Test
  public void missingInputsAreNamed() throws Exception {
    Corpus c = corpus();
    Queries qs = queries(c, 2);
    try (Retriever r = newRetriever(c)) {
      if (readsVectors() && !readsTexts()) {
        assertThrows(IllegalStateException.class, () -> r.search(Queries.ofTexts(qs.ids(), qs.texts("t")), 5));
      }
      if (readsTexts() && !readsVectors()) {
        assertThrows(IllegalStateException.class, () -> r.search(Queries.ofVectors(qs.ids(), qs.vectors("t")), 5));
      }
    }
  }

  @Test
  public void describesItselfWithoutSearching() throws Exception {
    Corpus c = corpus();
    try (Retriever r = newRetriever(c)) {
      Retriever.Description d = r.describe();
      assertEquals(DOCS, d.documents());
      assertTrue(d.provenance().canonical().length() > 0);
      assertTrue(d.memoryBytes() == -1 || d.memoryBytes() > 0, "memory unknown (-1) or positive");
    }
  }

  @Test
  public void exactRetrieversEqualBruteForceTiesIncluded() throws Exception {
    if (!exactDotProduct()) {
      return;
    }
    Corpus c = corpus();
    Queries qs = queries(c, 31);
    try (Retriever r = newRetriever(c)) {
      List<Ranking> want = bruteForce(c, qs, 20);
      List<Ranking> got = r.search(qs, 20);
      for (int q = 0; q < qs.size(); q++) {
        assertEquals(want.get(q).docIds(), got.get(q).docIds(), "query " + q + ", seed " + SEED);
      }
    }
  }
}
