package dev.embedlab.compress;

import dev.embedlab.core.Checks;
import dev.embedlab.core.retrieval.ExactScan;
import dev.embedlab.core.retrieval.Similarity;

import dev.embedlab.core.VectorUtil;
import dev.embedlab.core.retrieval.Provenance;
import dev.embedlab.core.retrieval.Queries;
import dev.embedlab.core.retrieval.Ranking;
import dev.embedlab.core.retrieval.Retriever;
import dev.embedlab.core.retrieval.TopK;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A flat (brute-force) index over compressed codes: every stored code is scored against the query by
 * the codec's {@link QueryScorer} (ADC for PQ, Hamming for binary, dequantised dot product for int8 and
 * float16, projected dot product for PCA). Optionally the full-precision vectors are kept so that an
 * oversampled candidate list ({@code k × oversampling} best by code) is rescored exactly and cut to
 * {@code k} — the standard way to recover most of the quality binary and PQ codes lose.
 *
 * <p>Ranking order is trec_eval's (the library's one {@link TopK}): score descending, ties broken by
 * document id descending by code point. NaN or infinite vectors are refused at build time and
 * queries at search time, with the row and component named ({@link VectorUtil#checkFiniteRows}).
 * Batch search ({@link #search(float[][], String[], int, Rescoring, int)}) is the primary path;
 * as a {@link Retriever} the index searches with the {@link Rescoring} and thread count it was
 * built with. Immutable and thread-safe once built.
 */
public final class CompressedIndex implements Retriever {

  /**
   * Whether and how much to rescore: {@link #none()} ranks by codec score alone;
   * {@link #oversample(int) oversample(f)} takes the {@code k·f} best by codec score, rescores them
   * with the full vectors and keeps {@code k} (f = 1 only reorders the top k).
   *
   * @param oversampling the factor f >= 1, or 0 for {@link #none()} (use the factories)
   */
  public record Rescoring(int oversampling) {
    public Rescoring {
      if (oversampling < 0) {
        throw new IllegalArgumentException("oversampling must be >= 1 (or Rescoring.none()); oversampling="
            + oversampling);
      }
    }

    /** No rescoring: codec scores only. */
    public static Rescoring none() {
      return new Rescoring(0);
    }

    /** Rescore the {@code k·factor} best by codec score with the full vectors. */
    public static Rescoring oversample(int factor) {
      if (factor < 1) {
        throw new IllegalArgumentException("oversampling factor must be >= 1; factor=" + factor);
      }
      return new Rescoring(factor);
    }

    /** Whether rescoring happens. */
    public boolean enabled() {
      return oversampling > 0;
    }

    @Override
    public String toString() {
      return enabled() ? "rescore x" + oversampling : "no rescoring";
    }
  }
  private final VectorCompressor compressor;
  private final Similarity similarity;
  private final String[] ids;
  private final byte[] codes;
  private final float[][] full;
  private final int bpv;
  private final Rescoring rescoring;
  private final int threads;
  private final double buildMillis;

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
      try {
        compressor.encode(b.vectors[i], codes, i * bpv);
      } catch (IllegalArgumentException e) {
        // e.g. float16 and a component of 70000: refused here, not by every later search
        throw new IllegalArgumentException("vectors[" + i + "] (document '" + ids[i] + "') cannot be encoded by "
            + compressor.id() + ": " + e.getMessage(), e);
      }
    }
    this.full = b.keepFullVectors || b.rescoring.enabled() ? b.vectors.clone() : null;
    this.rescoring = b.rescoring;
    this.threads = b.threads;
    this.buildMillis = (System.nanoTime() - b.startNanos) / 1e6;
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
    private Rescoring rescoring = Rescoring.none();
    private int threads = 1;
    private long startNanos;

    private Builder(VectorCompressor compressor) {
      this.compressor = Checks.notNull("compressor", compressor);
    }

    /** Document vectors and their ids (same length, ids unique). */
    public Builder vectors(List<String> ids, float[][] vectors) {
      CompressorFormat.checkMatrix(vectors, compressor.dimension(), "vectors");
      VectorUtil.checkFiniteRows(vectors, compressor.dimension(), "vectors");
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
      this.similarity = ExactScan.requireVectorSimilarity(s);
      return this;
    }

    /** Keep the float32 vectors (by reference) so that rescoring is possible; default false. */
    public Builder keepFullVectors(boolean keep) {
      this.keepFullVectors = keep;
      return this;
    }

    /**
     * The rescoring this index applies when searched as a {@link Retriever} (default
     * {@link Rescoring#none()}); any rescoring keeps the full vectors.
     */
    public Builder rescoring(Rescoring r) {
      if (r == null) {
        throw new IllegalArgumentException("rescoring must not be null; use Rescoring.none()");
      }
      this.rescoring = r;
      return this;
    }

    /** Worker threads when searched as a {@link Retriever}; default 1. */
    public Builder threads(int n) {
      this.threads = Checks.atLeast("threads", n, 1);
      return this;
    }

    /** Encodes every vector and returns the index. */
    public CompressedIndex build() {
      if (vectors == null) {
        throw new IllegalStateException("vectors(ids, vectors) must be set before build()");
      }
      startNanos = System.nanoTime();
      return new CompressedIndex(this);
    }
  }

  /** Number of indexed vectors. */
  public int size() {
    return ids.length;
  }

  /** The codec. */
  public VectorCompressor compressor() {
    return compressor;
  }

  /** Bytes held by the codes (excluding ids and any full vectors kept for rescoring). */
  public long codeBytes() {
    return codes.length;
  }

  /** Whether rescoring is possible (full vectors kept). */
  public boolean canRescore() {
    return full != null;
  }

  /** The rescoring applied when searched as a {@link Retriever}. */
  public Rescoring rescoring() {
    return rescoring;
  }

  /** One query's {@code k} best documents (a batch of one; query id {@code "q"}). */
  public Ranking search(float[] query, int k, Rescoring r) {
    return search(new float[][] {query}, new String[] {"q"}, k, r, 1).get(0);
  }

  @Override
  public List<Ranking> search(Queries queries, int k) {
    return search(queries.vectors("compressed index " + compressor.id()), queries.ids(), k, rescoring, threads);
  }

  /**
   * Searches many queries, split over {@code threads} worker threads (a pool created and shut down
   * by this call). Results are in query order and independent of the thread count. Codecs
   * implementing {@link BatchQueryScoring} (PQ) score groups of queries in one pass over the codes.
   *
   * @throws IllegalStateException if rescoring is asked of an index built without full vectors
   * @throws IllegalArgumentException on k &lt; 1, threads &lt; 1, mismatched ids, or a query row
   *     that is null, of the wrong dimension or not finite
   */
  public List<Ranking> search(float[][] queries, String[] queryIds, int k, Rescoring r, int threads) {
    if (queries == null || queryIds == null || queries.length != queryIds.length) {
      throw new IllegalArgumentException("queries and queryIds must be non-null and of one length; "
          + (queries == null ? "null" : queries.length) + ", " + (queryIds == null ? "null" : queryIds.length));
    }
    Checks.atLeast("threads", threads, 1);
    if (r == null) {
      throw new IllegalArgumentException("rescoring must not be null; use Rescoring.none()");
    }
    Retriever.checkK(k);
    VectorUtil.checkFiniteRows(queries, compressor.dimension(), "queries");
    if (r.enabled() && full == null) {
      throw new IllegalStateException("rescoring needs the full vectors: build with keepFullVectors(true)"
          + " or rescoring(Rescoring.oversample(f))");
    }
    Ranking[] out = new Ranking[queries.length];
    int kk = Math.min(k, ids.length);
    int cand = (int) Math.min((long) kk * Math.max(1, r.oversampling()), ids.length);
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
      TopK top = new TopK(cand, ids);
      for (int j = 0; j < size; j++) {
        top.clear();
        top.offerScores(scores[j], 0, ids.length, 0, -1);
        if (!r.enabled()) {
          out[g + j] = top.toRanking(queryIds[g + j]);
        } else {
          int[] c = top.indices();
          TopK best = new TopK(kk, ids);
          for (int d : c) {
            best.offer(d, exactScore(queries[g + j], full[d], similarity));
          }
          out[g + j] = best.toRanking(queryIds[g + j]);
        }
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
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw new IllegalStateException("search failed: " + e.getCause(), e.getCause());
    } finally {
      pool.shutdownNow();
    }
    return List.of(out);
  }

  @Override
  public Description describe() {
    long fullBytes = full == null ? 0 : 4L * compressor.dimension() * full.length;
    return new Description(compressor.id() + (rescoring.enabled() ? "+" + rescoring : ""),
        similarity,
        ids.length, codes.length + fullBytes, bpv, buildMillis,
        Provenance.of("compressed-index", Map.of("codec", compressor.id(), "bytesPerVector", bpv,
            "rescoring", rescoring.toString(), "similarity", similarity, "fullVectorBytes", fullBytes)));
  }

  /** Full-precision score of {@code q} against {@code x}: the library's one exact kernel ({@link ExactScan#score}). */
  static float exactScore(float[] q, float[] x, Similarity sim) {
    return ExactScan.score(sim, q, x);
  }

  /**
   * Exact top-{@code k} over float32 vectors by the library's one exact kernel ({@link ExactScan}),
   * the scores rescoring computes: the baseline compressed search is measured against.
   *
   * @throws IllegalArgumentException on mismatched lengths, a query of another dimension, a
   *     non-finite query, or a similarity other than DOT_PRODUCT or NEGATIVE_SQUARED_L2
   */
  public static Ranking exactSearch(List<String> ids, float[][] vectors, float[] query, int k,
      Similarity sim) {
    Retriever.checkK(k);
    if (ids.size() != vectors.length) {
      throw new IllegalArgumentException("ids must have one entry per vector; ids.size=" + ids.size()
          + ", vectors.length=" + vectors.length);
    }
    VectorUtil.checkFinite(query, "query");
    VectorUtil.checkRows(vectors, query.length);
    return ExactScan.search(new float[][] {query}, new String[] {"q"}, ExactScan.RowSource.of(vectors),
        ids.toArray(new String[0]), query.length, k, sim, ExactScan.DEFAULT_BLOCK_ROWS, null).get(0);
  }
}
