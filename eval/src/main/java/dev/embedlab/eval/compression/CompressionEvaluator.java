package dev.embedlab.eval.compression;

import dev.embedlab.compress.CompressedIndex;
import dev.embedlab.compress.VectorCompressor;
import dev.embedlab.core.Checks;
import dev.embedlab.core.retrieval.Ranking;
import dev.embedlab.data.Qrels;
import dev.embedlab.eval.metrics.Measure;
import dev.embedlab.eval.metrics.RankingEvaluator;
import dev.embedlab.eval.search.ExactSearch;
import java.util.List;

/**
 * Measures how much nDCG@k a codec keeps: float32 exact inner-product search ({@link ExactSearch})
 * is the reference; the codec's {@link CompressedIndex} is searched without rescoring and with
 * rescoring of {@code k·oversampling} candidates. All three runs are ranked in trec_eval order and
 * scored by {@link RankingEvaluator} (nDCG@k exactly as {@code trec_eval -c -m ndcg_cut.k}), so the
 * retained fraction compares like with like. The float32 reference is computed once per
 * evaluator call set (see {@link #reference}).
 */
public final class CompressionEvaluator {
  /** Worker threads for the compressed searches (the machine this was measured on has 2 cores). */
  private static final int THREADS = Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors()));

  private final int k;
  private final int oversampling;

  private CompressionEvaluator(int k, int oversampling) {
    this.k = k;
    this.oversampling = oversampling;
  }

  /**
   * An evaluator of nDCG@{@code k} with rescoring factor {@code oversampling}.
   *
   * @throws IllegalArgumentException if either is below 1
   */
  public static CompressionEvaluator of(int k, int oversampling) {
    Checks.atLeast("k", k, 1);
    Checks.atLeast("oversampling", oversampling, 1);
    return new CompressionEvaluator(k, oversampling);
  }

  /** Documents, queries and judgements, with the float32 reference nDCG computed once. */
  public static final class Reference {
    private final List<String> docIds;
    private final float[][] docs;
    private final List<String> queryIds;
    private final float[][] queries;
    private final Qrels qrels;
    private final double ndcg;
    private final List<Ranking> run;

    private Reference(List<String> docIds, float[][] docs, List<String> queryIds, float[][] queries,
        Qrels qrels, double ndcg, List<Ranking> run) {
      this.docIds = docIds;
      this.docs = docs;
      this.queryIds = queryIds;
      this.queries = queries;
      this.qrels = qrels;
      this.ndcg = ndcg;
      this.run = run;
    }

    /** Mean nDCG@k of float32 exact search. */
    public double ndcg() {
      return ndcg;
    }

    /** The float32 exact search's rankings (top k per query, query order). */
    public List<Ranking> run() {
      return run;
    }
  }

  /** Runs float32 exact search once and scores it. */
  public Reference reference(List<String> docIds, float[][] docs, List<String> queryIds,
      float[][] queries, Qrels qrels) {
    if (docIds == null || docs == null || docIds.size() != docs.length) {
      throw new IllegalArgumentException("docIds must have one entry per document vector");
    }
    if (queryIds == null || queries == null || queryIds.size() != queries.length) {
      throw new IllegalArgumentException("queryIds must have one entry per query vector");
    }
    Checks.notNull("qrels", qrels);
    List<Ranking> run = ExactSearch.builder().k(k).build()
        .search(queries, queryIds.toArray(new String[0]), docs, docIds.toArray(new String[0]));
    double ndcg = ndcg(qrels, run);
    return new Reference(List.copyOf(docIds), docs, List.copyOf(queryIds), queries, qrels, ndcg, run);
  }

  /** Evaluates a trained codec against {@code ref}. */
  public RetrievalRetention evaluate(VectorCompressor codec, Reference ref) {
    CompressedIndex index = CompressedIndex.builder(codec).vectors(ref.docIds, ref.docs)
        .keepFullVectors(true).build();
    String[] qids = ref.queryIds.toArray(new String[0]);
    // The batch path (PQ scores four queries per pass over the codes), two threads.
    double a = ndcg(ref.qrels, index.search(ref.queries, qids, k, CompressedIndex.Rescoring.none(), THREADS));
    double b = ndcg(ref.qrels, index.search(ref.queries, qids, k,
        CompressedIndex.Rescoring.oversample(oversampling), THREADS));
    return new RetrievalRetention(codec.id(), codec.bytesPerVector(), k, ref.ndcg, a, oversampling, b,
        ref.qrels.queryIds().size());
  }

  /** The rankings produced by searching {@code index} (codec scores only), for significance tests. */
  public List<Ranking> run(CompressedIndex index, List<String> queryIds, float[][] queries, boolean rescore) {
    return index.search(queries, queryIds.toArray(new String[0]), k,
        rescore ? CompressedIndex.Rescoring.oversample(oversampling) : CompressedIndex.Rescoring.none(), THREADS);
  }

  private double ndcg(Qrels qrels, List<Ranking> run) {
    return RankingEvaluator.of(Measure.ndcg(k)).evaluate(qrels, run).mean(Measure.ndcg(k));
  }

}
