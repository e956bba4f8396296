package dev.embedlab.staticemb;

import dev.embedlab.core.Embedder;
import dev.embedlab.core.retrieval.Ranking;
import dev.embedlab.data.Document;
import dev.embedlab.data.PairDataset;
import dev.embedlab.data.Query;
import dev.embedlab.data.RetrievalDataset;
import dev.embedlab.data.Run;
import dev.embedlab.eval.metrics.Measure;
import dev.embedlab.eval.metrics.PairMetrics;
import dev.embedlab.eval.metrics.RankingEvaluator;
import dev.embedlab.eval.search.ExactSearch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/** Quality measurements on real data through the eval module (tests only). */
final class Quality {
  private Quality() {}

  /** {@code shared/<relative>}, skipping the test with a one-line reason when absent. */
  static Path shared(String relative) {
    String p = System.getProperty("embedlab.shared");
    Path root = p != null ? Path.of(p) : Path.of("../../shared");
    Path f = root.resolve(relative);
    Assumptions.assumeTrue(Files.exists(f), f + " absent (set -Dembedlab.shared); skipping");
    return f;
  }

  /** Spearman correlation between gold scores and cosine similarities (vectors normalised by the model). */
  static double spearman(Embedder e, PairDataset d) {
    float[][] a = e.embed(d.textsA());
    float[][] b = e.embed(d.textsB());
    double[] cos = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      cos[i] = cosine(a[i], b[i]);
    }
    return PairMetrics.spearman(d.scores(), cos);
  }

  static double cosine(float[] a, float[] b) {
    double s = 0;
    double na = 0;
    double nb = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
      na += a[i] * a[i];
      nb += b[i] * b[i];
    }
    return na == 0 || nb == 0 ? 0 : s / Math.sqrt(na * nb);
  }

  /** Mean nDCG@10 of exact dot-product search over the corpus (title + text). */
  static double ndcg10(Embedder e, RetrievalDataset d) {
    List<String> docTexts = d.corpus().stream().map(Document::titleAndText).toList();
    String[] docIds = d.corpus().stream().map(Document::id).toArray(String[]::new);
    List<String> qTexts = d.queries().stream().map(Query::text).toList();
    String[] qIds = d.queries().stream().map(Query::id).toArray(String[]::new);
    float[][] docs = e.embed(docTexts, Embedder.Role.DOCUMENT);
    float[][] qs = e.embed(qTexts, Embedder.Role.QUERY);
    List<Ranking> hits = ExactSearch.builder().k(100).build().search(qs, qIds, docs, docIds);
    return RankingEvaluator.of(Measure.ndcg(10)).evaluate(d.qrels(), Run.of(hits)).mean(Measure.ndcg(10));
  }
}
