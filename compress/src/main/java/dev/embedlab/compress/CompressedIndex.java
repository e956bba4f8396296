package dev.embedlab.compress;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A flat (brute-force) index over compressed codes: every stored code is scored against the query by
 * the codec's {@link QueryScorer} (ADC for PQ, Hamming for binary, dequantised dot product for int8 and
 * float16, projected dot product for PCA). Optionally the full-precision vectors are kept so that an
 * oversampled candidate list ({@code k × oversampling} best by code) is rescored exactly and cut to
 * {@code k} — the standard way to recover most of the quality binary and PQ codes lose.
 *
 * <p>Ranking order is trec_eval's: score descending, ties broken by document id descending as strings.
 * Immutable and thread-safe once built.
 */
public final class CompressedIndex {
  private final VectorCompressor compressor;
  private final Similarity similarity;
  private final String[] ids;
  private final byte[] codes;
  private final float[][] full;
  private final int bpv;

  private CompressedIndex(Builder b) {
    this.compressor = b.compressor;
    this.similarity = b.similarity;
    int n = b.vectors.length;
    this.ids = b.ids.toArray(new String[0]);
    this.bpv = compressor.bytesPerVector();
    long total = (long) n * bpv;
    if (total > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("codes must fit one array (< 2 GiB); n*bytesPerVector=" + total);
    }
    this.codes = new byte[(int) total];
    for (int i = 0; i < n; i++) {
      compressor.encode(b.vectors[i], codes, i * bpv);
    }
    this.full = b.keepFullVectors ? b.vectors.clone() : null;
  }

  /** A builder over {@code compressor} (which must already be trained, if it needs training). */
  public static Builder builder(VectorCompressor compressor) {
    return new Builder(compressor);
  }

  /** Builder: ids and vectors are required; similarity defaults to dot product. */
  public static final class Builder {
    private final VectorCompressor compressor;
    private List<String> ids;
    private float[][] vectors;
    private Similarity similarity = Similarity.DOT_PRODUCT;
    private boolean keepFullVectors;

    private Builder(VectorCompressor compressor) {
      if (compressor == null) {
        throw new IllegalArgumentException("compressor must not be null");
      }
      this.compressor = compressor;
    }

    /** Document vectors and their ids (same length, ids unique). */
    public Builder vectors(List<String> ids, float[][] vectors) {
      CompressorFormat.checkMatrix(vectors, compressor.dimension(), "vectors");
      if (ids == null || ids.size() != vectors.length) {
        throw new IllegalArgumentException("ids must have one entry per vector; ids.size="
            + (ids == null ? "null" : ids.size()) + ", vectors.length=" + vectors.length);
      }
      Set<String> seen = new HashSet<>();
      for (String id : ids) {
        if (id == null || !seen.add(id)) {
          throw new IllegalArgumentException("ids must be non-null and unique; duplicate or null: " + id);
        }
      }
      this.ids = List.copyOf(ids);
      this.vectors = vectors;
      return this;
    }

    /** Similarity for code scoring and rescoring; default {@link Similarity#DOT_PRODUCT}. */
    public Builder similarity(Similarity s) {
      if (s == null) {
        throw new IllegalArgumentException("similarity must not be null");
      }
      this.similarity = s;
      return this;
    }

    /** Keep the float32 vectors (by reference) so that rescoring is possible; default false. */
    public Builder keepFullVectors(boolean keep) {
      this.keepFullVectors = keep;
      return this;
    }

    /** Encodes every vector and returns the index. */
    public CompressedIndex build() {
      if (vectors == null) {
        throw new IllegalStateException("vectors(ids, vectors) must be set before build()");
      }
      return new CompressedIndex(this);
    }
  }

  /** Number of indexed vectors. */
  public int size() { return ids.length; }

  /** The codec. */
  public VectorCompressor compressor() { return compressor; }

  /** Bytes held by the codes (excluding ids and any full vectors kept for rescoring). */
  public long codeBytes() { return codes.length; }

  /** Whether {@link #search(float[], int, int)} can rescore. */
  public boolean canRescore() { return full != null; }

  /** The {@code k} best documents by codec score (no rescoring). */
  public List<Hit> search(float[] query, int k) {
    checkK(k);
    return candidates(query, Math.min(k, ids.length));
  }

  /**
   * The {@code k} best documents after rescoring the {@code k·oversampling} best by codec score with
   * the full vectors. {@code oversampling = 1} rescores without widening (only reorders the top k).
   *
   * @throws IllegalStateException if the index was built without {@code keepFullVectors(true)}
   */
  public List<Hit> search(float[] query, int k, int oversampling) {
    checkK(k);
    if (oversampling < 1) {
      throw new IllegalArgumentException("oversampling must be >= 1; oversampling=" + oversampling);
    }
    if (full == null) {
      throw new IllegalStateException("rescoring needs the full vectors: build with keepFullVectors(true)");
    }
    int c = (int) Math.min((long) k * oversampling, ids.length);
    return rescore(query, candidates(query, c), k);
  }

  private List<Hit> rescore(float[] query, List<Hit> cand, int k) {
    TopK top = new TopK(Math.min(k, ids.length), ids);
    for (Hit h : cand) {
      top.offer(h.index(), exactScore(query, full[h.index()], similarity));
    }
    return top.result();
  }

  /**
   * Searches many queries, split over {@code threads} worker threads (a pool created and shut down by
   * this call); {@code oversampling = 0} means no rescoring. Results are in query order and equal to
   * one {@link #search} call per query. Codecs implementing {@link BatchQueryScoring} (PQ) score
   * groups of queries in one pass over the codes.
   */
  public List<List<Hit>> searchBatch(float[][] queries, int k, int oversampling, int threads) {
    if (queries == null) {
      throw new IllegalArgumentException("queries must not be null");
    }
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1; threads=" + threads);
    }
    if (oversampling < 0) {
      throw new IllegalArgumentException("oversampling must be >= 0; oversampling=" + oversampling);
    }
    checkK(k);
    if (oversampling > 0 && full == null) {
      throw new IllegalStateException("rescoring needs the full vectors: build with keepFullVectors(true)");
    }
    @SuppressWarnings("unchecked")
    List<Hit>[] out = new List[queries.length];
    int cand = (int) Math.min((long) k * Math.max(1, oversampling), ids.length);
    int group = compressor instanceof BatchQueryScoring ? BatchQueryScoring.GROUP : 1;
    java.util.function.IntConsumer one = g -> { // g = first query of a group
      int size = Math.min(group, queries.length - g);
      float[][] scores = new float[size][ids.length];
      if (size > 1) {
        ((BatchQueryScoring) compressor).scoreBatch(java.util.Arrays.copyOfRange(queries, g, g + size),
            similarity, codes, ids.length, scores);
      } else {
        compressor.scorer(queries[g], similarity).scoreAll(codes, bpv, ids.length, scores[0]);
      }
      for (int j = 0; j < size; j++) {
        List<Hit> top = topOf(scores[j], cand);
        out[g + j] = oversampling == 0 ? top : rescore(queries[g + j], top, k);
      }
    };
    if (threads == 1 || queries.length <= group) {
      for (int q = 0; q < queries.length; q += group) {
        one.accept(q);
      }
      return List.of(out);
    }
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
    try {
      List<java.util.concurrent.Future<?>> fs = new ArrayList<>();
      int groups = (queries.length + group - 1) / group;
      int chunk = (groups + threads - 1) / threads * group; // whole groups per thread
      for (int start = 0; start < queries.length; start += chunk) {
        int from = start;
        int to = Math.min(queries.length, start + chunk);
        fs.add(pool.submit(() -> {
          for (int q = from; q < to; q += group) {
            one.accept(q);
          }
        }));
      }
      for (java.util.concurrent.Future<?> f : fs) {
        f.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("search interrupted", e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException("search failed: " + e.getCause(), e.getCause());
    } finally {
      pool.shutdownNow();
    }
    return List.of(out);
  }

  private List<Hit> candidates(float[] query, int k) {
    QueryScorer scorer = compressor.scorer(query, similarity);
    float[] scores = new float[ids.length];
    scorer.scoreAll(codes, bpv, ids.length, scores);
    return topOf(scores, k);
  }

  private List<Hit> topOf(float[] scores, int k) {
    TopK top = new TopK(k, ids);
    for (int i = 0; i < scores.length; i++) {
      top.offer(i, scores[i]);
    }
    return top.result();
  }

  private static void checkK(int k) {
    if (k < 1) {
      throw new IllegalArgumentException("k must be >= 1; k=" + k);
    }
  }

  /** Full-precision score of {@code q} against {@code x} under {@code sim} (double accumulation). */
  static float exactScore(float[] q, float[] x, Similarity sim) {
    double s = 0;
    if (sim == Similarity.DOT_PRODUCT) {
      for (int i = 0; i < q.length; i++) {
        s += (double) q[i] * x[i];
      }
      return (float) s;
    }
    for (int i = 0; i < q.length; i++) {
      double d = (double) q[i] - x[i];
      s += d * d;
    }
    return (float) -s;
  }

  /** Exact top-{@code k} over float32 vectors in the same order and score convention (the baseline). */
  public static List<Hit> exactSearch(List<String> ids, float[][] vectors, float[] query, int k,
      Similarity sim) {
    checkK(k);
    if (ids.size() != vectors.length) {
      throw new IllegalArgumentException("ids must have one entry per vector; ids.size=" + ids.size()
          + ", vectors.length=" + vectors.length);
    }
    String[] idArr = ids.toArray(new String[0]);
    TopK top = new TopK(Math.min(k, vectors.length), idArr);
    for (int i = 0; i < vectors.length; i++) {
      top.offer(i, exactScore(query, vectors[i], sim));
    }
    return top.result();
  }

  /** Ids of {@code hits}, in order. */
  public static List<String> idsOf(List<Hit> hits) {
    List<String> out = new ArrayList<>(hits.size());
    for (Hit h : hits) {
      out.add(h.id());
    }
    return out;
  }
}
