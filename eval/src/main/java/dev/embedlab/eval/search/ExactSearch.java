package dev.embedlab.eval.search;

import dev.embedlab.compress.internal.Nd4jSupport;
import dev.embedlab.core.Checks;
import dev.embedlab.core.VectorUtil;
import dev.embedlab.core.retrieval.ExactScan;
import dev.embedlab.core.retrieval.Provenance;
import dev.embedlab.core.retrieval.Queries;
import dev.embedlab.core.retrieval.Ranking;
import dev.embedlab.core.retrieval.Retriever;
import dev.embedlab.core.retrieval.Similarity;
import dev.embedlab.core.retrieval.TopK;
import dev.embedlab.data.ScoredDoc;
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
 * {@code sgemm} (through ND4J/OpenBLAS) or one pass of the library's one Java kernel
 * ({@link ExactScan#scoreBlock}, see Backends), and each score
 * row is streamed into the library's one bounded top-k ({@link TopK}), one per query. Working memory is {@code O(queryBlock·docBlock + |Q|·k)} floats, not
 * {@code O(|Q|·|D|)}. This is the scheme of FAISS's {@code IndexFlatIP} ({@code exhaustive_inner_product_blas}).
 *
 * <p><b>Order.</b> Hits are ranked exactly as trec_eval ranks a run: score descending, ties broken
 * by document id <em>descending</em> in {@code strcmp} (UTF-8 byte) order
 * ({@link Ranking#compare}, also {@link ScoredDoc#TREC_ORDER}).
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
    this.k = b.k();
    this.queryBlockSize = b.queryBlockSize();
    this.docBlockSize = b.docBlockSize();
    this.excludeIdenticalIds = b.excludeIdenticalIds();
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
  public List<Ranking> search(float[][] queries, String[] queryIds, float[][] docs, String[] docIds) {
    return search(queries, queryIds, docs, docIds, k);
  }

  /** As the public {@link #search}, with {@code k} hits per query instead of this search's own. */
  private List<Ranking> search(float[][] queries, String[] queryIds, float[][] docs, String[] docIds, int k) {
    int dim = validate(queries, queryIds, docs, docIds);
    return searchValidated(queries, queryIds, docs, docIds, dim, k, null);
  }

  /**
   * Searches validated inputs; {@code held} gives the corpus's native blocks when BLAS runs (a
   * retriever's), or is null to copy each document block in for this search only.
   */
  private List<Ranking> searchValidated(float[][] queries, String[] queryIds, float[][] docs, String[] docIds,
      int dim, int k, java.util.function.Supplier<NativeDocs> held) {
    int nq = queries.length;
    int nd = docs.length;
    int kk = Math.min(k, nd);
    int[] skip = skipIndex(queryIds, docIds);
    TopK[] heaps = new TopK[nq];
    for (int q = 0; q < nq; q++) {
      heaps[q] = new TopK(kk, docIds);
    }
    if (nq > 0 && nd > 0 && kk > 0) {
      forEachBlock(queries, docs, dim, held, (rows, qStart, qRows, dStart, dRows, pool) ->
          scan(heaps, rows, qStart, qRows, dStart, dRows, skip, pool));
    }
    List<Ranking> out = new ArrayList<>(nq);
    for (int q = 0; q < nq; q++) {
      out.add(heaps[q].toRanking(queryIds[q]));
    }
    return out;
  }

  /**
   * The full score matrix {@code S[q][d] = queries[q]·docs[d]}, computed block by block with the
   * same backends as {@link #search} (BLAS sgemm where ND4J's native backend loads, else the Java
   * kernel), for callers that need every score rather than a top-k (weight search over ensembles).
   * Memory: {@code |Q|·|D|} floats.
   *
   * @throws IllegalArgumentException on mismatched dimensions or non-finite vectors
   */
  public float[][] scores(float[][] queries, float[][] docs) {
    String[] qi = new String[queries.length];
    String[] di = new String[docs.length];
    for (int i = 0; i < qi.length; i++) {
      qi[i] = Integer.toString(i);
    }
    for (int i = 0; i < di.length; i++) {
      di[i] = Integer.toString(i);
    }
    int dim = validate(queries, qi, docs, di);
    int nq = queries.length;
    int nd = docs.length;
    float[][] out = new float[nq][nd];
    if (nq == 0 || nd == 0) {
      return out;
    }
    forEachBlock(queries, docs, dim, null, (rows, qStart, qRows, dStart, dRows, pool) -> {
      for (int r = 0; r < qRows; r++) {
        rows.copyRow(r, out[qStart + r], dStart);
      }
    });
    return out;
  }

  /**
   * This search as a {@link Retriever} over one corpus: the documents are validated once here, and
   * {@link Retriever#search} validates only the queries' vectors; this builder's {@code k} is ignored
   * there in favour of the {@code k} asked for. Where searches run on BLAS, the first one copies the
   * corpus into native memory ({@code 4·|D|·dim} bytes, as FAISS's {@code IndexFlat} holds its own
   * copy) and later ones reuse it; {@link Retriever#close()} frees it, waiting for searches under
   * way. The caller's arrays are not copied on the heap and must not change while the retriever is open.
   *
   * @throws IllegalArgumentException on mismatched lengths, duplicate ids or non-finite vectors
   */
  public Retriever retriever(String[] docIds, float[][] docs) {
    requireNonNull(docIds, "docIds");
    requireNonNull(docs, "docs");
    int dim = validate(new float[0][], new String[0], docs, docIds);
    return new ExactRetriever(this, docIds.clone(), docs, dim);
  }

  /** Exact inner-product search as a {@link Retriever}; owns the corpus's native copy. */
  private static final class ExactRetriever implements Retriever {
    private final ExactSearch settings;
    private final String[] docIds;
    private final float[][] docs;
    private final int dim;
    /** Searches hold the read lock; close takes the write lock, so native blocks are never freed mid-search. */
    private final java.util.concurrent.locks.ReentrantReadWriteLock lock =
        new java.util.concurrent.locks.ReentrantReadWriteLock();
    private final Object copying = new Object();
    private NativeDocs nativeDocs;
    private boolean closed;

    ExactRetriever(ExactSearch settings, String[] docIds, float[][] docs, int dim) {
      this.settings = settings;
      this.docIds = docIds;
      this.docs = docs;
      this.dim = dim;
    }

    @Override
    public List<Ranking> search(Queries queries, int k) {
      Retriever.checkK(k);
      float[][] qv = queries.vectors("exact search");
      String[] qIds = queries.ids();
      int d = docs.length > 0 ? dim : qv.length > 0 && qv[0] != null ? qv[0].length : 0;
      validateQueries(qv, qIds, d);
      lock.readLock().lock();
      try {
        if (closed) {
          throw new IllegalStateException("exact search retriever is closed");
        }
        return settings.searchValidated(qv, qIds, docs, docIds, d, k, this::nativeDocs);
      } finally {
        lock.readLock().unlock();
      }
    }

    /** The corpus in native blocks, copied on the first BLAS search (under the read lock). */
    private NativeDocs nativeDocs() {
      synchronized (copying) {
        if (nativeDocs == null) {
          nativeDocs = new NativeDocs(docs, dim, Math.min(settings.docBlockSize, docs.length));
        }
        return nativeDocs;
      }
    }

    @Override
    public void close() {
      lock.writeLock().lock();
      try {
        closed = true; // the write lock excludes every search, so no copy is being made or read
        if (nativeDocs != null) {
          nativeDocs.close();
          nativeDocs = null;
        }
      } finally {
        lock.writeLock().unlock();
      }
    }

    @Override
    public Description describe() {
      long bytes = 4L * dim * docs.length;
      return new Description("exact-float32", Similarity.DOT_PRODUCT, docs.length, bytes, 4.0 * dim, 0,
          Provenance.of("exact-search", java.util.Map.of("precision", "float32", "dim", dim,
              "backend", settings.backend, "excludeIdenticalIds", settings.excludeIdenticalIds)));
    }
  }

  // ---------------------------------------------------------------- scoring and scanning

  /** One block of scores, read a query row at a time. */
  @FunctionalInterface
  private interface ScoreRows {
    /** Copies the {@code dRows} scores of block row {@code r} into {@code dst} from {@code off}. */
    void copyRow(int r, float[] dst, int off);
  }

  /** Receives one block of scores: row {@code r}, column {@code j} is query {@code qStart+r} × doc {@code dStart+j}. */
  @FunctionalInterface
  private interface BlockSink {
    void accept(ScoreRows rows, int qStart, int qRows, int dStart, int dRows, ExecutorService pool);
  }

  /**
   * Computes the score matrix block by block (documents outer, so BLAS loads each document block
   * once) and hands every block to {@code sink}: one BLAS sgemm per block where ND4J's native
   * backend loads and the problem is large enough (see {@link ScoreBackend}), else the Java kernel.
   */
  private void forEachBlock(float[][] queries, float[][] docs, int dim,
      java.util.function.Supplier<NativeDocs> held, BlockSink sink) {
    int nq = queries.length;
    int nd = docs.length;
    boolean wantBlas = switch (backend) {
      case BLAS -> true;
      case JAVA -> false;
      case AUTO -> (long) nq * nd * dim >= blasThreshold;
    };
    // ND4J is probed only when BLAS is wanted; without its native backend the Java kernel runs
    boolean blas = wantBlas && Nd4jSupport.isAvailable();
    int qb = Math.min(queryBlockSize, nq);
    int db = Math.min(docBlockSize, nd);
    float[] buf = blas ? null : new float[qb * db];
    ExecutorService pool = threads > 1 && nq > 1 ? Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "embedlab-exact-search");
      t.setDaemon(true);
      return t;
    }) : null;
    try (BlasScorer scorer = blas ? new BlasScorer(dim, held == null ? null : held.get()) : null) {
      for (int dStart = 0; dStart < nd; dStart += db) {
        int dRows = Math.min(db, nd - dStart);
        if (scorer != null) {
          scorer.loadDocs(docs, dStart, dRows);
        }
        for (int qStart = 0; qStart < nq; qStart += qb) {
          int qRows = Math.min(qb, nq - qStart);
          if (scorer != null) {
            scorer.score(queries, qStart, qRows);
            sink.accept(scorer::copyRow, qStart, qRows, dStart, dRows, pool);
          } else {
            javaScores(queries, qStart, qRows, docs, dStart, dRows, buf, pool);
            int rowLength = dRows;
            sink.accept((r, dst, off) -> System.arraycopy(buf, r * rowLength, dst, off, rowLength),
                qStart, qRows, dStart, dRows, pool);
          }
        }
      }
    } finally {
      if (pool != null) {
        pool.shutdownNow();
      }
    }
  }

  /** The library's one exact kernel ({@link ExactScan}) over one block of document rows. */
  private void javaScores(float[][] queries, int qStart, int qRows, float[][] docs, int dStart, int dRows,
      float[] out, ExecutorService pool) {
    forRows(qRows, pool, (from, to) ->
        ExactScan.scoreBlock(Similarity.DOT_PRODUCT, queries, qStart, from, to, docs, dStart, dRows, out));
  }

  /** Offers each query row to its heap, copying it first into a row buffer (in cache while it is scanned). */
  private void scan(TopK[] heaps, ScoreRows rows, int qStart, int qRows, int dStart, int dRows,
      int[] skip, ExecutorService pool) {
    forRows(qRows, pool, (from, to) -> {
      float[] row = new float[dRows];
      for (int r = from; r < to; r++) {
        int q = qStart + r;
        int s = skip[q] - dStart; // position of the identical-id document in this block, if any
        rows.copyRow(r, row, 0);
        heaps[q].offerScores(row, 0, dRows, dStart, s >= 0 && s < dRows ? s : -1);
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

  // ---------------------------------------------------------------- validation and id tables

  private static int validate(float[][] queries, String[] queryIds, float[][] docs, String[] docIds) {
    requireNonNull(queries, "queries");
    requireNonNull(queryIds, "queryIds");
    requireNonNull(docs, "docs");
    requireNonNull(docIds, "docIds");
    if (docs.length != docIds.length) {
      throw new IllegalArgumentException("docs and docIds must have the same length; "
          + docs.length + "!=" + docIds.length);
    }
    int dim = docs.length > 0 && docs[0] != null ? docs[0].length
        : queries.length > 0 && queries[0] != null ? queries[0].length : 0;
    checkRows(docs, dim, "docs");
    checkIds(docIds, "docIds");
    validateQueries(queries, queryIds, dim);
    return dim;
  }

  /** The query half of {@link #validate}: finite rows of the documents' dimension, distinct ids. */
  private static void validateQueries(float[][] queries, String[] queryIds, int dim) {
    requireNonNull(queries, "queries");
    requireNonNull(queryIds, "queryIds");
    if (queries.length != queryIds.length) {
      throw new IllegalArgumentException("queries and queryIds must have the same length; "
          + queries.length + "!=" + queryIds.length);
    }
    checkRows(queries, dim, "queries");
    checkIds(queryIds, "queryIds");
  }

  private static void checkRows(float[][] rows, int dim, String name) {
    // The library's non-finite policy: finite components and norms that keep every score finite.
    VectorUtil.checkFiniteRows(rows, dim, name);
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
  public static final class Builder extends BlockedScanBuilder<Builder> {
    private int threads = 1;
    private ScoreBackend backend = ScoreBackend.AUTO;
    private long blasThreshold = DEFAULT_BLAS_THRESHOLD;

    private Builder() {}

    /**
     * Java threads for the top-k scan (and the Java kernel); default 1. BLAS threads are OpenBLAS's
     * own (its default is the core count; set {@code OMP_NUM_THREADS} to change it).
     */
    public Builder threads(int threads) {
      this.threads = Checks.atLeast("threads", threads, 1);
      return this;
    }

    /** Which kernel computes the scores; default {@link ScoreBackend#AUTO}. */
    public Builder backend(ScoreBackend backend) {
      this.backend = Checks.notNull("backend", backend);
      return this;
    }

    /** Multiply-adds ({@code |Q|·|D|·dim}) from which AUTO uses BLAS; default 2^24. */
    public Builder blasThreshold(long multiplyAdds) {
      this.blasThreshold = Checks.atLeast("blasThreshold", multiplyAdds, 0);
      return this;
    }

    /** Builds the immutable search. */
    public ExactSearch build() {
      if ((long) queryBlockSize() * docBlockSize() > Integer.MAX_VALUE - 8) {
        throw new IllegalArgumentException("queryBlockSize*docBlockSize must fit a Java array; "
            + queryBlockSize() + "*" + docBlockSize());
      }
      return new ExactSearch(this);
    }
  }
}
