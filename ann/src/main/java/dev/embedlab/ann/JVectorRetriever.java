package dev.embedlab.ann;

import dev.embedlab.core.Checks;
import dev.embedlab.core.VectorUtil;
import dev.embedlab.core.io.CorruptFileException;
import dev.embedlab.core.retrieval.Queries;
import dev.embedlab.core.retrieval.Ranking;
import dev.embedlab.core.retrieval.Retriever;
import dev.embedlab.core.retrieval.Similarity;
import dev.embedlab.core.retrieval.TopK;
import io.github.jbellis.jvector.disk.ByteBufferReader;
import io.github.jbellis.jvector.graph.GraphIndexBuilder;
import io.github.jbellis.jvector.graph.GraphSearcher;
import io.github.jbellis.jvector.graph.ListRandomAccessVectorValues;
import io.github.jbellis.jvector.graph.OnHeapGraphIndex;
import io.github.jbellis.jvector.graph.RandomAccessVectorValues;
import io.github.jbellis.jvector.graph.SearchResult;
import io.github.jbellis.jvector.graph.similarity.SearchScoreProvider;
import io.github.jbellis.jvector.util.Bits;
import io.github.jbellis.jvector.vector.VectorizationProvider;
import io.github.jbellis.jvector.vector.types.VectorFloat;
import io.github.jbellis.jvector.vector.types.VectorTypeSupport;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ForkJoinPool;

/**
 * A proximity graph built and searched by jvector ({@code io.github.jbellis:jvector}), behind the
 * same {@link Retriever} seam as {@link LuceneHnswRetriever}: one in-memory graph in the style of
 * DiskANN's Vamana (Subramanya et al., NeurIPS 2019) — a single layer whose neighbour lists are
 * pruned for diversity with {@code alpha} — searched by best-first beam search from one entry node.
 *
 * <p><b>Parameters, named as for HNSW.</b> {@code M} is HNSW's: the bottom layer of an HNSW graph
 * (Lucene's and FAISS's) holds up to {@code 2·M} links per node, so jvector's maximum degree is
 * {@code 2·M}, and {@code M=16} here costs the same graph memory as {@code hnsw:M=16}.
 * {@code beamWidth} is {@code efConstruction}; {@code candidates} is {@code efSearch}: the beam of
 * the query-time search, raised to {@code k} when smaller.
 *
 * <p><b>Vectors and scores.</b> The corpus is checked by the library's one vector policy
 * ({@link VectorUtil#checkFiniteRows}: finite, norm at most 2<sup>63</sup>; duplicate ids refused)
 * and, for {@link Similarity#DOT_PRODUCT}, must be unit length (as Lucene's {@code DOT_PRODUCT}
 * demands); with {@link Similarity#COSINE} copies are normalised and searched by dot product.
 * jvector scores {@code (1 + dot) / 2}; the best candidates (the top {@code k} and anything tied
 * with the {@code k}-th within float rounding) are rescored with {@link VectorUtil#dotUnchecked},
 * the kernel exact search uses, and cut with core's {@link TopK} in trec_eval order (score
 * descending, ties by id descending), so the scores equal exact search's bit for bit.
 *
 * <p><b>Speed.</b> jvector computes distances with the Java Vector API when the JVM offers it (Java
 * 20+ started with {@code --add-modules jdk.incubator.vector}), detected at run time by jvector's
 * {@link VectorizationProvider}; otherwise (Java 17, the baseline) with core's scalar
 * {@link VectorUtil#dotUnchecked} ({@link JVectorScoring}).
 * {@link #vectorization()} names the path taken; {@link #describe()} records it.
 *
 * <p><b>Files.</b> {@link #save(Path)} writes one file in core's checksummed framing (magic
 * {@code "ELAJ"}): parameters, ids, vectors and the graph's neighbour lists; {@link #open(Path, int)}
 * verifies the checksum before reading.
 *
 * <p>Thread-safe: batches may be searched concurrently (each thread takes its own
 * {@link GraphSearcher} from a pool); {@code threads} parallelises one batch and the build.
 */
public final class JVectorRetriever extends GraphRetriever {
  static final int VERSION = 1;
  private static final VectorTypeSupport VTS = quietProvider().getVectorTypeSupport();
  /** Relative margin on jvector's float score within which candidates beyond the k-th are rescored too. */
  private static final float TIE_MARGIN = 1e-6f;

  private final Params params;
  private final String[] ids;
  private final float[][] vectors;
  private final int dim;
  private final RandomAccessVectorValues ravv;
  private final OnHeapGraphIndex graph;
  private final double buildMillis;
  private final ConcurrentLinkedQueue<GraphSearcher> searchers = new ConcurrentLinkedQueue<>();

  /** Build and search parameters. */
  record Params(Similarity similarity, int maxConn, int beamWidth, int candidates, float alpha,
      float neighborOverflow, int threads) {}

  private JVectorRetriever(Params params, String[] ids, float[][] vectors, RandomAccessVectorValues ravv,
      OnHeapGraphIndex graph, double buildMillis) {
    super("JVectorRetriever", "embedlab-jvector-search", ids.length, vectors[0].length, params.candidates(),
        params.threads());
    this.params = params;
    this.ids = ids;
    this.vectors = vectors;
    this.dim = vectors[0].length;
    this.ravv = ravv;
    this.graph = graph;
    this.buildMillis = buildMillis;
  }

  /** A builder with M=16 (degree 32), beamWidth=100, candidates=100, alpha=1.2, dot product. */
  public static Builder builder() {
    return new Builder();
  }

  /** Configures and builds a {@link JVectorRetriever}. */
  public static final class Builder extends GraphIndexOptions<Builder> {
    private float alpha = 1.2f;
    private float neighborOverflow = 1.2f;

    private Builder() {
      super(256);
    }

    /**
     * Diversity pruning, in [1, 2] (DiskANN's rule): a candidate neighbour is dropped when a kept
     * neighbour is more similar to it than {@code alpha} times its similarity to the node; 1.0 is
     * HNSW's heuristic, larger keeps more long edges; default 1.2 (jvector's).
     */
    public Builder alpha(float a) {
      if (!(a >= 1f && a <= 2f)) {
        throw new IllegalArgumentException("alpha must be in [1, 2]; alpha=" + a);
      }
      this.alpha = a;
      return this;
    }

    /**
     * How far past its degree a node's neighbour list may grow while the graph is built, in [1, 2]
     * (jvector's {@code neighborOverflow}): back-links are added until {@code degree·overflow}, and the
     * list is pruned back to the degree only then; default 1.2 (jvector's). 1.0 prunes on every
     * overflowing back-link.
     */
    public Builder neighborOverflow(float overflow) {
      if (!(overflow >= 1f && overflow <= 2f)) {
        throw new IllegalArgumentException("neighborOverflow must be in [1, 2]; neighborOverflow=" + overflow);
      }
      this.neighborOverflow = overflow;
      return this;
    }

    /**
     * Indexes {@code vectors} (row {@code i} is document {@code ids[i]}); the rows are copied.
     *
     * @throws IllegalArgumentException on mismatched lengths, duplicate ids, vectors the library's
     *     policy refuses or, for dot product, vectors that are not unit length
     */
    public JVectorRetriever build(String[] ids, float[][] vectors) {
      AnnFiles.checkCorpus(ids, vectors);
      checkUnitForDotProduct("jvector", ids, vectors);
      float[][] rows = prepare(vectors, similarity());
      Params p = new Params(similarity(), maxConn(), beamWidth(), candidates(), alpha, neighborOverflow, threads());
      long t0 = System.nanoTime();
      RandomAccessVectorValues ravv = wrap(rows);
      OnHeapGraphIndex graph;
      ForkJoinPool pool = new ForkJoinPool(threads());
      try (GraphIndexBuilder b = new GraphIndexBuilder(JVectorScoring.build(rows, ravv), rows[0].length,
          2 * maxConn(), beamWidth(), neighborOverflow, alpha, pool, pool)) {
        graph = b.build(ravv);
      } catch (IOException e) {
        throw new UncheckedIOException("closing the jvector graph builder failed", e);
      } finally {
        pool.shutdown();
      }
      double ms = (System.nanoTime() - t0) / 1e6;
      return new JVectorRetriever(p, ids.clone(), rows, ravv, graph, ms);
    }
  }

  /** Copies the rows: unit length checked for dot product, normalised for cosine. */
  private static float[][] prepare(float[][] vectors, Similarity similarity) {
    float[][] rows = new float[vectors.length][];
    for (int i = 0; i < vectors.length; i++) {
      double n = VectorUtil.norm(vectors[i]);
      if (similarity == Similarity.COSINE && n == 0) {
        throw new IllegalArgumentException("COSINE is undefined for a zero vector; vectors[" + i + "] has norm 0");
      }
      rows[i] = similarity == Similarity.COSINE ? VectorUtil.normalized(vectors[i]) : vectors[i].clone();
    }
    return rows;
  }

  private static RandomAccessVectorValues wrap(float[][] rows) {
    List<VectorFloat<?>> list = new ArrayList<>(rows.length);
    for (float[] r : rows) {
      list.add(VTS.createFloatVector(r));
    }
    return new ListRandomAccessVectorValues(list, rows[0].length);
  }

  /**
   * jvector's provider, looked up once. On Java 19 and earlier jvector logs a java.util.logging
   * WARNING that the Vector API is unavailable; that is the documented baseline here (the path taken
   * is in {@link #describe()}), so its logger is raised to SEVERE for the lookup unless the
   * application configured a level for it. On Java 20+ its advice (add
   * {@code --add-modules jdk.incubator.vector}) is left to be seen.
   */
  private static VectorizationProvider quietProvider() {
    java.util.logging.Logger log = java.util.logging.Logger.getLogger(VectorizationProvider.class.getName());
    if (Runtime.version().feature() >= 20 || log.getLevel() != null) {
      return VectorizationProvider.getInstance();
    }
    log.setLevel(java.util.logging.Level.SEVERE);
    try {
      return VectorizationProvider.getInstance();
    } finally {
      log.setLevel(null);
    }
  }

  /** The distance kernel jvector picked for this JVM, e.g. {@code "PanamaVectorizationProvider"}. */
  public static String vectorization() {
    return VectorizationProvider.getInstance().getClass().getSimpleName();
  }

  @Override
  void searchRange(Queries queries, float[][] qv, int k, int cand, int from, int to, Ranking[] out,
      long[] nanos) {
    GraphSearcher searcher = searchers.poll();
    if (searcher == null) {
      searcher = new GraphSearcher(graph);
    }
    try {
      TopK top = new TopK(k, ids);
      for (int q = from; q < to; q++) {
        long t0 = System.nanoTime();
        float[] query = params.similarity == Similarity.COSINE ? VectorUtil.normalized(qv[q]) : qv[q];
        SearchScoreProvider ssp = JVectorScoring.search(query, vectors, ravv);
        SearchResult.NodeScore[] hits = searcher.search(ssp, cand, cand, 0f, 0f, Bits.ALL).getNodes();
        top.clear();
        // hits are best first; rescore the top k and whatever ties the k-th within float rounding
        float floor = hits.length == 0 ? 0 : hits[Math.min(k, hits.length) - 1].score - TIE_MARGIN;
        for (int i = 0; i < hits.length && (i < k || hits[i].score >= floor); i++) {
          int node = hits[i].node;
          top.offer(node, VectorUtil.dotUnchecked(query, vectors[node]));
        }
        out[q] = top.toRanking(queries.id(q));
        nanos[q] = System.nanoTime() - t0;
      }
    } finally {
      searchers.offer(searcher);
    }
  }

  /** {@code null}: the graph scores the original float vectors. */
  @Override
  public float[][] reconstructedVectors() {
    checkOpen();
    return null;
  }

  /** {@code null}: the graph scores the original float vectors. */
  @Override
  public List<Ranking> exactOnCompressed(Queries queries, int k) {
    Retriever.checkK(k);
    checkOpen();
    return null;
  }

  /** Milliseconds spent building the graph (as saved, for an opened index). */
  public double buildMillis() {
    return buildMillis;
  }

  /** Bytes the index holds: the float vectors, the graph's neighbour lists and the id map. */
  public long memoryBytes() {
    return 4L * dim * ids.length + graph.ramBytesUsed() + 4L * ids.length;
  }

  /**
   * Saves the index as one file {@code file} (parent directories created): parameters, ids, the
   * (normalised, for cosine) vectors and the neighbour lists, checksummed.
   */
  @Override
  public void save(Path file) throws IOException {
    checkOpen();
    ByteArrayOutputStream g = new ByteArrayOutputStream();
    try (DataOutputStream gout = new DataOutputStream(g)) {
      graph.save(gout);
    }
    AnnFiles.write(file, AnnFiles.JVECTOR_MAGIC, VERSION, out -> {
      out.writeUTF(params.similarity.name());
      out.writeInt(params.maxConn);
      out.writeInt(params.beamWidth);
      out.writeInt(params.candidates);
      out.writeFloat(params.alpha);
      out.writeFloat(params.neighborOverflow);
      out.writeDouble(buildMillis);
      out.writeInt(dim);
      AnnFiles.writeIds(out, ids);
      for (float[] v : vectors) {
        AnnFiles.writeFloats(out, v);
      }
      out.writeInt(g.size());
      g.writeTo(out);
    });
  }

  /**
   * Opens a file written by {@link #save(Path)}.
   *
   * @param threads threads one batch is searched with
   * @throws IOException naming the file when it is missing, of another version, cut off or changed
   */
  public static JVectorRetriever open(Path file, int threads) throws IOException {
    Checks.atLeast("threads", threads, 1);
    try (DataInputStream in = AnnFiles.open(file, AnnFiles.JVECTOR_MAGIC, VERSION, "jvector index")) {
      Similarity sim;
      String simName = in.readUTF();
      try {
        sim = Similarity.valueOf(simName);
      } catch (IllegalArgumentException e) {
        throw new CorruptFileException(file, "expected a similarity, found '" + simName + "'");
      }
      Params p = new Params(sim, in.readInt(), in.readInt(), in.readInt(), in.readFloat(), in.readFloat(), threads);
      double ms = in.readDouble();
      int dim = AnnFiles.checkLength(in.readInt(), file, "dimension");
      String[] ids = AnnFiles.readIds(in, file);
      if (ids.length == 0) {
        throw new CorruptFileException(file, "expected >= 1 document, found 0");
      }
      float[][] rows = new float[ids.length][];
      for (int i = 0; i < rows.length; i++) {
        rows[i] = AnnFiles.readFloats(in, file, dim, "vector " + i);
      }
      byte[] g = new byte[AnnFiles.checkLength(in.readInt(), file, "graph bytes")];
      in.readFully(g);
      RandomAccessVectorValues ravv = wrap(rows);
      OnHeapGraphIndex graph;
      // loading runs no parallel work, but the builder wants pools: a private one, not jvector's shared ones
      ForkJoinPool pool = new ForkJoinPool(1);
      try (GraphIndexBuilder b = new GraphIndexBuilder(JVectorScoring.build(rows, ravv), dim, 2 * p.maxConn(),
          p.beamWidth(), p.neighborOverflow(), p.alpha(), pool, pool)) {
        b.load(new ByteBufferReader(ByteBuffer.wrap(g)));
        graph = b.getGraph();
      } catch (RuntimeException e) {
        throw new CorruptFileException(file, "the graph does not match the " + ids.length + " vectors: " + e);
      } finally {
        pool.shutdown();
      }
      if (graph.size() != ids.length) {
        throw new CorruptFileException(file, "expected a graph of " + ids.length + " nodes, found " + graph.size());
      }
      return new JVectorRetriever(p, ids, rows, ravv, graph, ms);
    } catch (EOFException e) {
      throw AnnFiles.truncated(file, e, "the jvector index");
    }
  }

  @Override
  public Description describe() {
    Map<String, Object> own = Map.of("maxDegree", 2 * params.maxConn, "alpha", params.alpha,
        "neighborOverflow", params.neighborOverflow, "vectorization", vectorization(), "jvector", jvectorVersion());
    long mem = memoryBytes();
    return new Description(graphName("jvector", params.maxConn, params.beamWidth), params.similarity, ids.length,
        mem, (double) mem / ids.length, buildMillis,
        graphProvenance("jvector", params.similarity, params.maxConn, params.beamWidth, own));
  }

  /** jvector's version from its jar's Maven metadata, or "unknown" when the jar carries none. */
  static String jvectorVersion() {
    try (java.io.InputStream in = GraphIndexBuilder.class.getResourceAsStream(
        "/META-INF/maven/io.github.jbellis/jvector-base/pom.properties")) {
      if (in == null) {
        return "unknown";
      }
      java.util.Properties props = new java.util.Properties();
      props.load(in);
      return props.getProperty("version", "unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }

  @Override
  void release() {
    for (GraphSearcher s = searchers.poll(); s != null; s = searchers.poll()) {
      try {
        s.close();
      } catch (IOException e) {
        throw new UncheckedIOException("closing a jvector searcher failed", e);
      }
    }
  }
}
