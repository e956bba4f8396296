package dev.embedlab.bakeoff;

import dev.embedlab.core.Embedder;
import dev.embedlab.core.Embedder.Role;
import dev.embedlab.core.UsageReporting;
import dev.embedlab.core.VectorUtil;
import dev.embedlab.core.retrieval.Ranking;
import dev.embedlab.data.PairDataset;
import dev.embedlab.eval.metrics.PairMetrics;
import dev.embedlab.eval.search.ExactSearch;
import java.util.ArrayList;
import java.util.List;

/**
 * The embedding side of a bake-off: texts embedded in chunks with progress, checked (count and
 * dimension) and L2-normalised; the pair set scored; the truncation probe re-run at another length.
 */
final class EmbeddingPass {
  private final BakeOff cfg;

  EmbeddingPass(BakeOff cfg) {
    this.cfg = cfg;
  }

  /** Every text's vector, normalised when the bake-off normalises, in chunks with progress. */
  float[][] embedAll(String name, Embedder e, List<String> texts, Role role, String what, String unit) {
    int n = texts.size();
    float[][] out = new float[n][];
    cfg.progress.start(name + " " + what, n, unit);
    for (int i = 0; i < n; i += cfg.chunkSize) {
      List<String> part = texts.subList(i, Math.min(n, i + cfg.chunkSize));
      float[][] v = e.embed(part, role);
      check(name, e, v, part.size());
      for (int j = 0; j < v.length; j++) {
        out[i + j] = cfg.normalize ? VectorUtil.normalized(v[j]) : v[j];
      }
      cfg.progress.advance(part.size());
    }
    cfg.progress.finish();
    return out;
  }

  private static void check(String name, Embedder e, float[][] v, int expected) {
    if (v == null || v.length != expected) {
      throw new IllegalStateException("candidate " + name + " (" + e.id() + ") returned "
          + (v == null ? "null" : v.length + " vectors") + " for " + expected + " texts");
    }
    for (int j = 0; j < v.length; j++) {
      if (v[j] == null || v[j].length != e.dimension()) {
        throw new IllegalStateException("candidate " + name + " (" + e.id() + ") vector " + j
            + " has dimension " + (v[j] == null ? "null" : v[j].length) + "; expected " + e.dimension());
      }
    }
  }

  /** A pair set's metrics with the cosine of every pair, in pair order. */
  record Scored(PairResult result, double[] cosines) {}

  /** Spearman/Pearson of cosine vs. gold score and ROC-AUC vs. binary label over the pair set. */
  Scored evaluatePairs(Candidate c, Embedder e) {
    PairDataset pairs = cfg.pairDataset;
    float[][] a = embedAll(c.name(), e, pairs.textsA(), cfg.pairRole, "pairs A", "texts");
    float[][] b = embedAll(c.name(), e, pairs.textsB(), cfg.pairRole, "pairs B", "texts");
    double[] cos = new double[a.length];
    for (int i = 0; i < cos.length; i++) {
      cos[i] = VectorUtil.cosine(a[i], b[i]);
    }
    double spearman = Double.NaN;
    double pearson = Double.NaN;
    double auc = Double.NaN;
    if (cos.length > 1 && pairs.hasScores()) {
      double[] gold = pairs.scores();
      spearman = PairMetrics.spearman(cos, gold);
      pearson = PairMetrics.pearson(cos, gold);
    }
    if (cos.length > 0 && pairs.hasLabels()) {
      int[] labels = pairs.labels();
      int pos = 0;
      for (int l : labels) {
        pos += l;
      }
      if (pos > 0 && pos < labels.length) {
        auc = PairMetrics.rocAuc(cos, labels);
      }
    }
    return new Scored(new PairResult(pairs.id(), cos.length, spearman, pearson, auc), cos);
  }

  /**
   * Re-runs the candidate at a longer maximum length (twice the length, at most 512) when some of
   * its documents were cut, else nothing; falls back to half the length when the longer one cannot
   * be built.
   */
  TruncationProbe probe(CandidateRuns.Outcome o, CandidateRuns.Texts texts) {
    Candidate c = o.candidate();
    Footprint fp = o.result().footprint();
    if (c.atMaxLength() == null || fp.truncatedDocuments() <= 0 || fp.maxLength() < 2) {
      return null;
    }
    int base = fp.maxLength();
    List<Integer> lengths = new ArrayList<>();
    if (Math.min(2 * base, 512) > base) {
      lengths.add(Math.min(2 * base, 512));
    }
    lengths.add(Math.max(2, base / 2));
    for (int len : lengths) {
      Embedder e;
      try {
        e = c.atMaxLength().apply(len);
      } catch (IllegalArgumentException | IllegalStateException ex) {
        continue;
      }
      if (e == null) {
        continue;
      }
      try (e) {
        UsageReporting.resetUsageOf(e);
        String label = c.name() + "@" + len;
        float[][] docs = embedAll(label, e, texts.docs(), Role.DOCUMENT, "corpus", "docs");
        long cut = UsageReporting.usageOf(e).map(UsageReporting.Usage::truncatedTexts).orElse(-1L);
        float[][] queries = embedAll(label, e, texts.queries(), Role.QUERY, "queries", "queries");
        List<Ranking> hits = ExactSearch.builder().k(cfg.measuring.k())
            .excludeIdenticalIds(cfg.measuring.excludeIdenticalIds()).threads(cfg.searchThreads).build()
            .search(queries, texts.queryIds(), docs, texts.docIds());
        double q = cfg.measuring.evaluate(cfg.dataset.qrels(), hits).mean(cfg.measuring.primary());
        return new TruncationProbe(c.name(), base, fp.truncatedDocuments(),
            o.result().quality().mean(cfg.measuring.primary().label()), len, cut, q);
      }
    }
    return null;
  }
}
