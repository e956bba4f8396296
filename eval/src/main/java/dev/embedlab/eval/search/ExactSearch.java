package dev.embedlab.eval.search;

import dev.embedlab.compress.internal.Nd4jSupport;
import dev.embedlab.eval.data.ScoredDoc;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Exact (brute-force) top-k inner-product search for many queries at once.
 *
 * <p><b>Method.</b> The score of query {@code q} and document {@code d} is the inner product
 * {@code s(q,d) = Σᵢ q[i]·d[i]} (the cosine when both are unit vectors, as sentence embedders
 * return them). The full {@code |Q| × |D|} score matrix is never held: documents are taken in blocks
 * of {@link Builder#docBlockSize(int)} rows and queries in blocks of
 * {@link Builder#queryBlockSize(int)} rows; each block product {@code S = Q_b·D_bᵀ} is one BLAS
 * {@code sgemm} (through ND4J/OpenBLAS) or one pass of the Java kernel (see Backends), and each score row is streamed into a bounded min-heap of
 * size {@code k} per query. Working memory is {@code O(queryBlock·docBlock + |Q|·k)} floats, not
 * {@code O(|Q|·|D|)}. This is the scheme of FAISS's {@code IndexFlatIP} ({@code exhaustive_inner_product_blas}).
 *
 * <p><b>Order.</b> Hits are ranked exactly as trec_eval ranks a run: score descending, ties broken
 * by document id <em>descending</em> in {@code strcmp} (UTF-8 byte) order
 * ({@link ScoredDoc#TREC_ORDER}).
 * The k-th place is decided by the same rule, so a tie straddling the cut keeps the larger ids,
 * and the result is deterministic whatever the block sizes or thread count.
 *
 * <p><b>Identical ids.</b> With {@link Builder#excludeIdenticalIds(boolean)} a document whose id
 * equals the query's id is never returned (BEIR's {@code ignore_identical_ids}, used for sets
 * such as Quora/ArguAna where queries are also documents). Unlike BEIR, which retrieves
 * {@code k+1} and then drops the match, the document is skipped during the scan, so a query still
 * gets {@code k} hits.
 *
 * <p><b>Backends.</b> BLAS {@code sgemm} runs through ND4J only where its native backend is usable
 * (the platform jars {@code org.nd4j:nd4j-native:1.0.0-M2.1:<classifier>} and
 * {@code org.bytedeco:openblas:0.3.19-1.5.7:<classifier>} are on the class path, see
 * {@link #blasAvailable()}); everywhere else, and for small problems (see {@link ScoreBackend#AUTO}),
 * a pure-Java kernel computes the same products, so search works on any platform.
 *
 * <p><b>Precision.</b> Scores are float32. BLAS and the Java kernel sum in different orders, so the
 * same pair may differ in the last bits between backends (never within one search); ids, their order
 * and the tie rule are the same, and differ between backends only where two scores are within that
 * last-bit difference of each other.
 *
 * <p>Instances are immutable and thread-safe; each {@link #search} call owns its buffers.
 */
public final class ExactSearch {

  /** Default number of hits per query (what the bake-off evaluates: MAP@100). */
  public static final int DEFAULT_K = 100;
  /** Default query rows per block. */
  public static final int DEFAULT_QUERY_BLOCK = 1024;
  /** Default document rows per block ({@code 1024×4096} scores = 16 MiB). */
  public static final int DEFAULT_DOC_BLOCK = 4096;
  /** Default multiply-add count below which {@link ScoreBackend#AUTO} uses Java. */
  public static final long DEFAULT_BLAS_THRESHOLD = 1L << 24;

  private final int k;
  private final int queryBlockSize;
  private final int docBlockSize;
  private final boolean excludeIdenticalIds;
  private final int threads;
  private final ScoreBackend backend;
  private final long blasThreshold;

  private ExactSearch(Builder b) {
    this.k = b.k;
    this.queryBlockSize = b.queryBlockSize;
    this.docBlockSize = b.docBlockSize;
    this.excludeIdenticalIds = b.excludeIdenticalIds;
    this.threads = b.threads;
    this.backend = b.backend;
    this.blasThreshold = b.blasThreshold;
  }

  /** A builder with the defaults: k=100, blocks 1024×4096, one scan thread, AUTO backend. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Whether {@link ScoreBackend#BLAS} (and AUTO above its threshold) will really use BLAS: ND4J's
   * native backend loaded in this JVM. Probes ND4J on the first call (seconds).
   */
  public static boolean blasAvailable() {
    return Nd4jSupport.isAvailable();
  }

  /** Hits per query. */
  public int k() {
    return k;
  }

  /** Whether a document whose id equals the query id is skipped. */
  public boolean excludeIdenticalIds() {
    return excludeIdenticalIds;
  }

  /**
   * Searches every query against every document.
   *
   * @param queries query vectors, one row per query, all of the documents' dimension
   * @param queryIds one distinct id per query
   * @param docs document vectors
   * @param docIds one distinct id per document
   * @return for each query (input order) its {@code min(k, |D|)} best documents (one fewer when
   *     its own id is excluded)
   * @throws IllegalArgumentException on null, mismatched lengths or dimensions, duplicate ids, or
   *     non-finite vector components
   */
  public SearchResults search(float[][] queries, String[] queryIds, float[][] docs, String[] docIds) {
    int dim = validate(queries, queryIds, docs, docIds);
    int nq = queries.length;
    int nd = docs.length;
    int kk = Math.min(k, nd);
    int[] skip = skipIndex(queryIds, docIds);
    Heaps heaps = new Heaps(nq, kk, docIds);
    if (nq > 0 && nd > 0 && kk > 0) {
      boolean wantBlas = switch (backend) {
        case BLAS -> true;
        case JAVA -> false;
        case AUTO -> (long) nq * nd * dim >= blasThreshold;
      };
      // ND4J is probed only when BLAS is wanted; without its native backend the Java kernel runs
      boolean blas = wantBlas && Nd4jSupport.isAvailable();
      int qb = Math.min(queryBlockSize, nq);
      int db = Math.min(docBlockSize, nd);
      float[] buf = new float[qb * db];
      ExecutorService pool = threads > 1 && nq > 1 ? Executors.newFixedThreadPool(threads, r -> {
        Thread t = new Thread(r, "embedlab-exact-search");
        t.setDaemon(true);
        return t;
      }) : null;
      try (BlasScorer scorer = blas ? new BlasScorer(dim) : null) {
        for (int dStart = 0; dStart < nd; dStart += db) {
          int dRows = Math.min(db, nd - dStart);
          if (scorer != null) {
            scorer.loadDocs(docs, dStart, dRows);
          }
          for (int qStart = 0; qStart < nq; qStart += qb) {
            int qRows = Math.min(qb, nq - qStart);
            if (scorer != null) {
              scorer.score(queries, qStart, qRows, buf);
            } else {
              javaScores(queries, qStart, qRows, docs, dStart, dRows, buf, pool);
            }
            scan(heaps, buf, qStart, qRows, dStart, dRows, skip, pool);
          }
        }
      } finally {
        if (pool != null) {
          pool.shutdownNow();
        }
      }
    }
    int[][] idx = new int[nq][];
    float[][] sc = new float[nq][];
    for (int q = 0; q < nq; q++) {
      heaps.drainSorted(q, idx, sc);
    }
    return new SearchResults(queryIds.clone(), docIds.clone(), idx, sc);
  }

  // ---------------------------------------------------------------- scoring and scanning

  private void javaScores(float[][] queries, int qStart, int qRows, float[][] docs, int dStart,
      int dRows, float[] out, ExecutorService pool) {
    forRows(qRows, pool, (from, to) -> JavaScorer.score(queries, qStart, from, to, docs, dStart, dRows, out));
  }

  private void scan(Heaps heaps, float[] buf, int qStart, int qRows, int dStart, int dRows,
      int[] skip, ExecutorService pool) {
    forRows(qRows, pool, (from, to) -> {
      for (int r = from; r < to; r++) {
        int q = qStart + r;
        int s = skip[q] - dStart; // position of the identical-id document in this block, if any
        heaps.offerRow(q, buf, r * dRows, dRows, dStart, s >= 0 && s < dRows ? s : -1);
      }
    });
  }

  @FunctionalInterface
  private interface RowRange {
    void run(int from, int to);
  }

  /** Splits {@code [0, rows)} into {@code threads} contiguous ranges (disjoint heaps: no locks). */
  private void forRows(int rows, ExecutorService pool, RowRange body) {
    if (pool == null || rows < 2) {
      body.run(0, rows);
      return;
    }
    int parts = Math.min(threads, rows);
    List<Future<?>> fs = new ArrayList<>(parts);
    for (int p = 0; p < parts; p++) {
      int from = (int) ((long) rows * p / parts);
      int to = (int) ((long) rows * (p + 1) / parts);
      fs.add(pool.submit(() -> body.run(from, to)));
    }
    for (Future<?> f : fs) {
      try {
        f.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("exact search interrupted", e);
      } catch (ExecutionException e) {
        Throwable c = e.getCause();
        if (c instanceof RuntimeException re) {
          throw re;
        }
        throw new IllegalStateException("exact search worker failed", c);
      }
    }
  }

  /**
   * One bounded min-heap per query, stored flat: entries {@code [q·k, q·k + size[q])}; the root is
   * the current worst hit (lowest score, then smallest id). Ids are compared only on an exact score
   * tie, which float scores make rare, so no id table is built up front.
   */
  static final class Heaps {
    private final int k;
    private final String[] ids;
    private final float[] score;
    private final int[] doc;
    private final int[] size;

    Heaps(int nq, int k, String[] ids) {
      this.k = k;
      this.ids = ids;
      this.score = new float[Math.multiplyExact(nq, Math.max(k, 1))];
      this.doc = new int[score.length];
      this.size = new int[nq];
    }

    /** Offers scores {@code buf[off .. off+n)} of documents {@code dStart..} to query {@code q}. */
    void offerRow(int q, float[] buf, int off, int n, int dStart, int skipLocal) {
      int base = q * k;
      int j = 0;
      // Fill phase: the heap is not yet full, every document enters.
      for (; j < n && size[q] < k; j++) {
        if (j != skipLocal) {
          push(q, base, buf[off + j], dStart + j);
        }
      }
      if (j >= n) {
        return;
      }
      // Steady state: compare with the root; ties decided by id (larger id wins).
      float thr = score[base];
      for (; j < n; j++) {
        float s = buf[off + j];
        if (s < thr) {
          continue;
        }
        int d = dStart + j;
        if (s == thr && ScoredDoc.compareCodePoints(ids[d], ids[doc[base]]) <= 0) {
          continue;
        }
        if (j == skipLocal) {
          continue;
        }
        score[base] = s;
        doc[base] = d;
        siftDown(base, 0, k);
        thr = score[base];
      }
    }

    private void push(int q, int base, float s, int d) {
      int i = size[q]++;
      score[base + i] = s;
      doc[base + i] = d;
      while (i > 0) {
        int parent = (i - 1) >>> 1;
        if (!worse(base + i, base + parent)) {
          break;
        }
        swap(base + i, base + parent);
        i = parent;
      }
    }

    private void siftDown(int base, int i, int n) {
      while (true) {
        int l = 2 * i + 1;
        if (l >= n) {
          return;
        }
        int m = l;
        int r = l + 1;
        if (r < n && worse(base + r, base + l)) {
          m = r;
        }
        if (!worse(base + m, base + i)) {
          return;
        }
        swap(base + i, base + m);
        i = m;
      }
    }

    /** Entry a ranks below entry b: lower score, or equal score and smaller id. */
    private boolean worse(int a, int b) {
      float sa = score[a];
      float sb = score[b];
      return sa < sb
          || (sa == sb && ScoredDoc.compareCodePoints(ids[doc[a]], ids[doc[b]]) < 0);
    }

    private void swap(int a, int b) {
      float ts = score[a];
      score[a] = score[b];
      score[b] = ts;
      int td = doc[a];
      doc[a] = doc[b];
      doc[b] = td;
    }

    /** Empties query {@code q}'s heap into best-first arrays. */
    void drainSorted(int q, int[][] idxOut, float[][] scoreOut) {
      int base = q * k;
      int n = size[q];
      int[] idx = new int[n];
      float[] sc = new float[n];
      // Repeatedly move the root (worst) to the end of the shrinking heap: heap sort, worst last.
      for (int m = n; m > 0; m--) {
        idx[m - 1] = doc[base];
        sc[m - 1] = score[base];
        swap(base, base + m - 1);
        siftDown(base, 0, m - 1);
      }
      idxOut[q] = idx;
      scoreOut[q] = sc;
    }
  }

  // ---------------------------------------------------------------- validation and id tables

  private static int validate(float[][] queries, String[] queryIds, float[][] docs, String[] docIds) {
    requireNonNull(queries, "queries");
    requireNonNull(queryIds, "queryIds");
    requireNonNull(docs, "docs");
    requireNonNull(docIds, "docIds");
    if (queries.length != queryIds.length) {
      throw new IllegalArgumentException("queries and queryIds must have the same length; "
          + queries.length + "!=" + queryIds.length);
    }
    if (docs.length != docIds.length) {
      throw new IllegalArgumentException("docs and docIds must have the same length; "
          + docs.length + "!=" + docIds.length);
    }
    int dim = docs.length > 0 && docs[0] != null ? docs[0].length
        : queries.length > 0 && queries[0] != null ? queries[0].length : 0;
    checkRows(docs, dim, "docs");
    checkRows(queries, dim, "queries");
    checkIds(docIds, "docIds");
    checkIds(queryIds, "queryIds");
    return dim;
  }

  private static void checkRows(float[][] rows, int dim, String name) {
    for (int i = 0; i < rows.length; i++) {
      float[] r = rows[i];
      if (r == null) {
        throw new IllegalArgumentException(name + "[" + i + "] is null");
      }
      if (r.length != dim) {
        throw new IllegalArgumentException(
            "vector dimensions differ: " + name + "[" + i + "] has " + r.length + "; expected " + dim);
      }
      for (int j = 0; j < r.length; j++) {
        if (!Float.isFinite(r[j])) {
          throw new IllegalArgumentException(
              name + "[" + i + "][" + j + "] must be finite; value=" + r[j]);
        }
      }
    }
  }

  private static void checkIds(String[] ids, String name) {
    Set<String> seen = new HashSet<>(ids.length * 2);
    for (int i = 0; i < ids.length; i++) {
      if (ids[i] == null) {
        throw new IllegalArgumentException(name + "[" + i + "] is null");
      }
      if (!seen.add(ids[i])) {
        throw new IllegalArgumentException(
            name + " must be distinct; duplicate id \"" + ids[i] + "\" at index " + i);
      }
    }
  }

  private static void requireNonNull(Object o, String name) {
    if (o == null) {
      throw new IllegalArgumentException(name + " must not be null");
    }
  }

  private int[] skipIndex(String[] queryIds, String[] docIds) {
    int[] skip = new int[queryIds.length];
    Arrays.fill(skip, -1);
    if (!excludeIdenticalIds) {
      return skip;
    }
    Map<String, Integer> pos = new HashMap<>(docIds.length * 2);
    for (int d = 0; d < docIds.length; d++) {
      pos.put(docIds[d], d);
    }
    for (int q = 0; q < queryIds.length; q++) {
      Integer d = pos.get(queryIds[q]);
      if (d != null) {
        skip[q] = d;
      }
    }
    return skip;
  }

  /** Configures an {@link ExactSearch}. */
  public static final class Builder {
    private int k = DEFAULT_K;
    private int queryBlockSize = DEFAULT_QUERY_BLOCK;
    private int docBlockSize = DEFAULT_DOC_BLOCK;
    private boolean excludeIdenticalIds;
    private int threads = 1;
    private ScoreBackend backend = ScoreBackend.AUTO;
    private long blasThreshold = DEFAULT_BLAS_THRESHOLD;

    private Builder() {}

    /** Hits per query; default 100. */
    public Builder k(int k) {
      if (k < 1) {
        throw new IllegalArgumentException("k must be >= 1; k=" + k);
      }
      this.k = k;
      return this;
    }

    /** Query rows per block; default 1024. */
    public Builder queryBlockSize(int rows) {
      if (rows < 1) {
        throw new IllegalArgumentException("queryBlockSize must be >= 1; queryBlockSize=" + rows);
      }
      this.queryBlockSize = rows;
      return this;
    }

    /** Document rows per block; default 4096. */
    public Builder docBlockSize(int rows) {
      if (rows < 1) {
        throw new IllegalArgumentException("docBlockSize must be >= 1; docBlockSize=" + rows);
      }
      this.docBlockSize = rows;
      return this;
    }

    /** Skip a document whose id equals the query id (BEIR {@code ignore_identical_ids}); default off. */
    public Builder excludeIdenticalIds(boolean exclude) {
      this.excludeIdenticalIds = exclude;
      return this;
    }

    /**
     * Java threads for the top-k scan (and the Java kernel); default 1. BLAS threads are OpenBLAS's
     * own (its default is the core count; set {@code OMP_NUM_THREADS} to change it).
     */
    public Builder threads(int threads) {
      if (threads < 1) {
        throw new IllegalArgumentException("threads must be >= 1; threads=" + threads);
      }
      this.threads = threads;
      return this;
    }

    /** Which kernel computes the scores; default {@link ScoreBackend#AUTO}. */
    public Builder backend(ScoreBackend backend) {
      if (backend == null) {
        throw new IllegalArgumentException("backend must not be null");
      }
      this.backend = backend;
      return this;
    }

    /** Multiply-adds ({@code |Q|·|D|·dim}) from which AUTO uses BLAS; default 2^24. */
    public Builder blasThreshold(long multiplyAdds) {
      if (multiplyAdds < 0) {
        throw new IllegalArgumentException("blasThreshold must be >= 0; blasThreshold=" + multiplyAdds);
      }
      this.blasThreshold = multiplyAdds;
      return this;
    }

    /** Builds the immutable search. */
    public ExactSearch build() {
      if ((long) queryBlockSize * docBlockSize > Integer.MAX_VALUE - 8) {
        throw new IllegalArgumentException("queryBlockSize*docBlockSize must fit a Java array; "
            + queryBlockSize + "*" + docBlockSize);
      }
      return new ExactSearch(this);
    }
  }
}
