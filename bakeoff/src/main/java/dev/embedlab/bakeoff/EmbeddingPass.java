package dev.embedlab.bakeoff;

import dev.embedlab.core.Embedder;
import dev.embedlab.core.Embedder.Role;
import dev.embedlab.core.UsageReporting;
import dev.embedlab.core.VectorUtil;
import dev.embedlab.core.retrieval.Ranking;
import dev.embedlab.data.PairDataset;
import dev.embedlab.eval.metrics.PairMetrics;
import dev.embedlab.eval.search.ExactSearch;
import dev.embedlab.data.Query;
import dev.embedlab.data.RetrievalDataset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

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

  /** Documents the truncation probe embeds at each of its two lengths (a seeded sample). */
  static final int PROBE_DOCUMENTS = 200;
  /** Seed of the truncation probe's sample. */
  static final long PROBE_SEED = 42;

  /**
   * The probe's sample: queries in a seeded order while their judged documents fill at most half
   * of {@code maxDocs}, then those judged documents plus seeded random others up to {@code maxDocs}
   * ({@link DatasetSubsets#sampleCorpus}); the whole set when its corpus is no larger.
   */
  static RetrievalDataset probeSample(RetrievalDataset ds, int maxDocs, long seed) {
    if (ds.corpus().size() <= maxDocs) {
      return ds;
    }
    Set<String> inCorpus = new HashSet<>();
    ds.corpus().forEach(d -> inCorpus.add(d.id()));
    List<Query> order = new ArrayList<>(ds.queries());
    Collections.shuffle(order, new Random(seed));
    Set<String> judged = new HashSet<>();
    Set<String> keep = new HashSet<>();
    for (Query q : order) {
      Set<String> docs = new HashSet<>();
      ds.qrels().judged(q.id()).keySet().stream().filter(inCorpus::contains).forEach(docs::add);
      boolean none = docs.isEmpty(); // nothing of it can be retrieved: not evaluated
      docs.removeAll(judged);
      if (none || judged.size() + docs.size() > maxDocs / 2) {
        continue;
      }
      judged.addAll(docs);
      keep.add(q.id());
    }
    List<Query> qs = ds.queries().stream().filter(q -> keep.contains(q.id())).toList();
    RetrievalDataset restricted = new RetrievalDataset(ds.id(), ds.licence(), ds.source(), ds.corpus(), qs,
        ds.qrels().restrictTo(keep), ds.warnings());
    return DatasetSubsets.sampleCorpus(restricted, maxDocs, seed).dataset();
  }

  /**
   * Re-runs the candidate on a seeded sample of {@value #PROBE_DOCUMENTS} documents (and the
   * queries judged on them) at its own maximum length and at a longer one (twice the length, at
   * most 512) when some of its documents were cut, else nothing; falls back to half the length
   * when the longer one cannot be built. Both figures are over the same sample, so they compare.
   */
  TruncationProbe probe(CandidateRuns.Outcome o, CandidateRuns.Texts texts) {
    Candidate c = o.candidate();
    Footprint fp = o.result().footprint();
    if (c.atMaxLength() == null || fp.truncatedDocuments() <= 0 || fp.maxLength() < 2) {
      return null;
    }
    int base = fp.maxLength();
    RetrievalDataset sample = probeSample(cfg.dataset, PROBE_DOCUMENTS, PROBE_SEED);
    CandidateRuns.Texts st = sample == cfg.dataset ? texts : BakeOff.texts(sample);
    double[] atBase = sample == cfg.dataset
        ? new double[] {o.result().quality().mean(cfg.measuring.primary().label()), fp.truncatedDocuments()}
        : primaryAt(c, base, st, sample);
    if (atBase == null) {
      return null;
    }
    List<Integer> lengths = new ArrayList<>();
    if (Math.min(2 * base, 512) > base) {
      lengths.add(Math.min(2 * base, 512));
    }
    lengths.add(Math.max(2, base / 2));
    for (int len : lengths) {
      double[] at = primaryAt(c, len, st, sample);
      if (at != null) {
        return new TruncationProbe(c.name(), base, (long) atBase[1], atBase[0], len, (long) at[1], at[0],
            sample.corpus().size(), sample.queries().size());
      }
    }
    return null;
  }

  /** {primary measure, documents cut} of the candidate at {@code len} tokens on {@code ds}, or null when it cannot be built. */
  private double[] primaryAt(Candidate c, int len, CandidateRuns.Texts texts, RetrievalDataset ds) {
    Embedder e;
    try {
      e = c.atMaxLength().apply(len);
    } catch (IllegalArgumentException | IllegalStateException ex) {
      return null;
    }
    if (e == null) {
      return null;
    }
    try (e) {
      UsageReporting.resetUsageOf(e);
      String label = c.name() + "@" + len;
      float[][] docs = embedAll(label, e, texts.docs(), Role.DOCUMENT, "probe sample", "docs");
      long cut = UsageReporting.usageOf(e).map(UsageReporting.Usage::truncatedTexts).orElse(-1L);
      float[][] queries = embedAll(label, e, texts.queries(), Role.QUERY, "probe queries", "queries");
      List<Ranking> hits = ExactSearch.builder().k(cfg.measuring.k())
          .excludeIdenticalIds(cfg.measuring.excludeIdenticalIds()).threads(cfg.searchThreads).build()
          .search(queries, texts.queryIds(), docs, texts.docIds());
      return new double[] {cfg.measuring.evaluate(ds.qrels(), hits).mean(cfg.measuring.primary()), cut};
    }
  }
}
