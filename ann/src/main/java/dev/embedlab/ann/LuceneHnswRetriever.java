package dev.embedlab.ann;

import dev.embedlab.core.Checks;
import dev.embedlab.core.VectorUtil;
import dev.embedlab.core.io.CorruptFileException;
import dev.embedlab.core.retrieval.Queries;
import dev.embedlab.core.retrieval.Ranking;
import dev.embedlab.core.retrieval.Retriever;
import dev.embedlab.core.retrieval.Similarity;
import dev.embedlab.core.retrieval.TopK;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.lucene.codecs.CodecUtil;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene912.Lucene912Codec;
import org.apache.lucene.codecs.lucene99.Lucene99HnswScalarQuantizedVectorsFormat;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat;
import org.apache.lucene.codecs.lucene99.Lucene99ScalarQuantizedVectorsFormat;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LogDocMergePolicy;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.quantization.ScalarQuantizer;

/**
 * HNSW through Lucene's own vector search (Malkov and Yashunin, "Efficient and robust approximate
 * nearest neighbor search using Hierarchical Navigable Small World graphs", TPAMI 2018): no graph
 * code here. Vectors are indexed as {@link KnnFloatVectorField}s with a per-field codec,
 * {@link Lucene99HnswVectorsFormat}{@code (maxConn, beamWidth)} for float32 vectors or
 * {@link Lucene99HnswScalarQuantizedVectorsFormat} for graph search over 7-bit (or 4-bit)
 * scalar-quantised copies, into a {@link ByteBuffersDirectory} (in memory) or an
 * {@link FSDirectory} (on disk), then <b>force-merged to one segment</b> so that one graph is
 * searched (several segments would each be searched and merged). The RAM buffer is sized so that
 * the whole corpus is flushed as one segment: the graph is built once, not rebuilt by merges.
 * {@link #buildMillis()} covers adding, flushing, merging and committing.
 *
 * <p><b>Search.</b> Each query runs {@code KnnFloatVectorQuery(field, q, candidates)}, Lucene's
 * {@code efSearch} analogue (the candidate list of the graph search, raised to {@code k} when
 * smaller); the hits are then cut to {@code k} with core's {@link TopK}, in trec_eval order (score
 * descending, ties by id descending). Lucene's {@code DOT_PRODUCT} and {@code COSINE} scores are
 * {@code (1 + s) / 2}. With {@code rescore} (the default) each candidate is rescored with the
 * exact float32 similarity of the stored vector (read back from Lucene's flat vector file; for the
 * scalar-quantised format Lucene keeps the float vectors beside the codes), so scores equal exact
 * search's bit for bit and ties are real ties; without it the score is {@code 2·s - 1}.
 *
 * <p><b>Ids.</b> Each Lucene document carries its corpus position as a numeric doc value
 * {@code ord}, read once into an array on open, so merge order never matters.
 *
 * <p><b>Files.</b> {@link #save(Path)} writes the Lucene index into a directory plus a metadata
 * file {@value #META_FILE} (parameters, ids; core's checksummed framing, magic {@code "ELAH"}).
 * {@link #open(Path, int)} verifies the metadata checksum and every Lucene file's own checksum footer
 * ({@link CodecUtil#checksumEntireFile}, one sequential read of the index) before searching, so
 * a flipped bit or a cut-off file fails with an {@link IOException} naming the file.
 *
 * <p><b>Footprint.</b> {@link #searchBytes()} is what a search reads, the memory a memory-mapped
 * index needs to stay fast: the graph ({@code .vex}) and the scored vectors ({@code .vec} float32,
 * or {@code .veq} for the quantised format, plus {@code .vec} when the quantised format rescores
 * with the float vectors). {@link #indexBytes()} is every file (the quantised format always keeps
 * the float vectors too), which is what an in-memory ({@code ByteBuffersDirectory}) index holds.
 * {@link Retriever.Description#memoryBytes()} is {@code searchBytes() + 4·n} (the id map).
 *
 * <p>Thread-safe: batches may be searched concurrently; {@code threads} parallelises one batch.
 */
public final class LuceneHnswRetriever extends GraphRetriever {
  /** The metadata file inside a saved index directory. */
  public static final String META_FILE = "embedlab-hnsw.meta";
  static final int META_VERSION = HnswFiles.META_VERSION;
  private static final String FIELD = "vector";
  private static final String ORD = "ord";

  private final Params params;
  private final String[] ids;
  private final int dim;
  private final Directory directory;
  private final Path onDisk;
  private final DirectoryReader reader;
  private final IndexSearcher searcher;
  private final LeafReader leaf;
  private final int[] docToOrd;
  private final double buildMillis;
  private final long indexBytes;
  private final long searchBytes;

  /** Build and search parameters. */
  record Params(Similarity similarity, int maxConn, int beamWidth, int candidates, int scalarBits,
      float confidenceInterval, boolean rescore, int threads) {}

  private LuceneHnswRetriever(Params params, String[] ids, int dim, Directory directory, Path onDisk,
      double buildMillis) throws IOException {
    super("LuceneHnswRetriever", "embedlab-hnsw-search", ids.length, dim, params.candidates(), params.threads());
    this.params = params;
    this.ids = ids;
    this.dim = dim;
    this.directory = directory;
    this.onDisk = onDisk;
    this.buildMillis = buildMillis;
    DirectoryReader r = DirectoryReader.open(directory);
    try {
      if (r.leaves().size() != 1 || r.maxDoc() != ids.length || r.numDocs() != ids.length) {
        throw new CorruptFileException(onDisk == null ? Path.of("(memory)") : onDisk, "expected one segment of "
            + ids.length + " documents, found " + r.leaves().size() + " segments of " + r.maxDoc() + " documents");
      }
      this.leaf = r.leaves().get(0).reader();
      this.docToOrd = new int[ids.length];
      Arrays.fill(docToOrd, -1);
      NumericDocValues ords = leaf.getNumericDocValues(ORD);
      if (ords == null) {
        throw new CorruptFileException(onDisk == null ? Path.of("(memory)") : onDisk, "expected doc values '" + ORD + "'");
      }
      for (int d = ords.nextDoc(); d != DocIdSetIterator.NO_MORE_DOCS; d = ords.nextDoc()) {
        long o = ords.longValue();
        if (o < 0 || o >= ids.length) {
          throw new CorruptFileException(onDisk == null ? Path.of("(memory)") : onDisk,
              "expected ord in [0, " + ids.length + "), found " + o + " for Lucene document " + d);
        }
        docToOrd[d] = (int) o;
      }
      FloatVectorValues fv = leaf.getFloatVectorValues(FIELD);
      if (fv == null || fv.dimension() != dim || fv.size() != ids.length) {
        throw new CorruptFileException(onDisk == null ? Path.of("(memory)") : onDisk, "expected " + ids.length
            + " vectors of dimension " + dim + " in field '" + FIELD + "', found "
            + (fv == null ? "none" : fv.size() + " of dimension " + fv.dimension()));
      }
    } catch (IOException | RuntimeException e) {
      r.close();
      throw e;
    }
    this.reader = r;
    this.searcher = new IndexSearcher(r);
    long all = 0;
    long search = 0;
    for (String f : directory.listAll()) {
      if (!HnswFiles.isIndexFile(f)) {
        continue;
      }
      long len = directory.fileLength(f);
      all += len;
      boolean hot = f.endsWith(".vex") || f.endsWith(params.scalarBits > 0 ? ".veq" : ".vec")
          || (params.scalarBits > 0 && params.rescore && f.endsWith(".vec"));
      if (hot) {
        search += len;
      }
    }
    this.indexBytes = all;
    this.searchBytes = search;
  }

  /** A builder with Lucene's defaults: M=16, beamWidth=100, candidates=100, float32, dot product, rescoring. */
  public static Builder builder() {
    return new Builder();
  }

  /** Configures and builds a {@link LuceneHnswRetriever}. */
  public static final class Builder extends GraphIndexOptions<Builder> {
    private int scalarBits;
    private boolean rescore = true;
    private Path directory;

    private Builder() {
      super(Lucene99HnswVectorsFormat.MAXIMUM_MAX_CONN);
    }

    /** Scalar-quantised graph search with 7-bit codes (Lucene's default) when true; default false. */
    public Builder scalarQuantized(boolean q) {
      this.scalarBits = q ? 7 : 0;
      return this;
    }

    /** Scalar quantisation with {@code bits} (4 or 7) per component, or 0 for float32. */
    public Builder scalarBits(int bits) {
      if (bits != 0 && bits != 4 && bits != 7) {
        throw new IllegalArgumentException("scalarBits must be 0 (float32), 4 or 7; scalarBits=" + bits);
      }
      this.scalarBits = bits;
      return this;
    }

    /** Rescore candidates with the exact float32 similarity; default true. */
    public Builder rescore(boolean r) {
      this.rescore = r;
      return this;
    }

    /** Builds on disk in {@code dir} (created; must be empty) instead of in memory; null for memory. */
    public Builder directory(Path dir) {
      this.directory = dir;
      return this;
    }

    /**
     * Indexes {@code vectors} (row {@code i} is document {@code ids[i]}); the arrays are not kept.
     *
     * @throws IllegalArgumentException on mismatched lengths, duplicate ids, non-finite vectors,
     *     more than 1024 dimensions or, for dot product, vectors that are not unit length
     * @throws IOException when the directory cannot be written
     */
    public LuceneHnswRetriever build(String[] ids, float[][] vectors) throws IOException {
      int dim = AnnFiles.checkCorpus(ids, vectors);
      int maxDims = new Lucene99HnswVectorsFormat().getMaxDimensions(FIELD);
      if (dim > maxDims) {
        throw new IllegalArgumentException("Lucene HNSW indexes at most " + maxDims + " dimensions; dimension=" + dim);
      }
      checkUnitForDotProduct("Lucene", ids, vectors);
      float ci = scalarBits > 0 ? Lucene99ScalarQuantizedVectorsFormat.calculateDefaultConfidenceInterval(dim) : 0f;
      Params p = new Params(similarity(), maxConn(), beamWidth(), candidates(), scalarBits, ci, rescore, threads());
      Directory dir;
      if (directory == null) {
        dir = new ByteBuffersDirectory();
      } else {
        HnswFiles.requireEmpty(directory, "build an index in");
        dir = FSDirectory.open(directory);
      }
      try {
        long t0 = System.nanoTime();
        KnnVectorsFormat format = scalarBits > 0
            ? new Lucene99HnswScalarQuantizedVectorsFormat(maxConn(), beamWidth(), 1, scalarBits, false, ci, null)
            : new Lucene99HnswVectorsFormat(maxConn(), beamWidth());
        IndexWriterConfig cfg = new IndexWriterConfig()
            .setCodec(new Lucene912Codec() {
              @Override
              public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
                return format;
              }
            })
            .setOpenMode(IndexWriterConfig.OpenMode.CREATE)
            .setUseCompoundFile(false)
            // one flush for the whole corpus: the graph is built once, not rebuilt by merges
            .setRAMBufferSizeMB(Math.max(64, 3.0 * vectors.length * (4.0 * dim + 8 * maxConn() + 64) / (1 << 20)));
        LogDocMergePolicy mp = new LogDocMergePolicy();
        mp.setNoCFSRatio(0.0);
        cfg.setMergePolicy(mp);
        VectorSimilarityFunction fn = similarity() == Similarity.COSINE
            ? VectorSimilarityFunction.COSINE : VectorSimilarityFunction.DOT_PRODUCT;
        try (IndexWriter w = new IndexWriter(dir, cfg)) {
          for (int i = 0; i < vectors.length; i++) {
            Document d = new Document();
            d.add(new KnnFloatVectorField(FIELD, vectors[i], fn));
            d.add(new NumericDocValuesField(ORD, i));
            w.addDocument(d);
          }
          w.forceMerge(1);
          w.commit();
        }
        double ms = (System.nanoTime() - t0) / 1e6;
        LuceneHnswRetriever r = new LuceneHnswRetriever(p, ids.clone(), dim, dir, directory, ms);
        if (directory != null) {
          r.writeMeta(directory.resolve(META_FILE));
        }
        return r;
      } catch (IOException | RuntimeException e) {
        dir.close();
        throw e;
      }
    }
  }

  /**
   * Opens an index written by {@link #save(Path)} or built on disk, memory-mapped.
   *
   * @param threads threads one batch is searched with
   * @throws IOException naming the file when the metadata or a Lucene file is missing, of another
   *     version, cut off or changed ({@link CorruptFileException} for checksum and format errors)
   */
  public static LuceneHnswRetriever open(Path dir, int threads) throws IOException {
    Checks.atLeast("threads", threads, 1);
    HnswFiles.Meta m = HnswFiles.readMeta(dir, threads);
    Directory d = FSDirectory.open(dir);
    try {
      HnswFiles.verifyChecksums(d, dir);
      return new LuceneHnswRetriever(m.params(), m.ids(), m.dim(), d, dir, m.buildMillis());
    } catch (IOException | RuntimeException e) {
      d.close();
      if (e instanceof IOException io && !(e instanceof CorruptFileException)) {
        throw new IOException(dir + ": cannot open the Lucene HNSW index: " + e.getMessage(), e);
      }
      throw e;
    }
  }

  private void writeMeta(Path file) throws IOException {
    HnswFiles.writeMeta(file, new HnswFiles.Meta(params, ids, dim, buildMillis));
  }

  /**
   * Saves into directory {@code dir}: the Lucene files (copied, unless this index was built or
   * opened there) and {@value #META_FILE}. {@code dir} must otherwise be empty or absent.
   */
  @Override
  public void save(Path dir) throws IOException {
    checkOpen();
    if (onDisk != null && Files.isSameFile(Files.createDirectories(dir), onDisk)) {
      writeMeta(dir.resolve(META_FILE));
      return;
    }
    HnswFiles.copyIndex(directory, dir);
    writeMeta(dir.resolve(META_FILE));
  }

  @Override
  void searchRange(Queries queries, float[][] qv, int k, int cand, int from, int to, Ranking[] out,
      long[] nanos) {
    TopK top = new TopK(k, ids);
    for (int q = from; q < to; q++) {
      long t0 = System.nanoTime();
      try {
        TopDocs td = searcher.search(new KnnFloatVectorQuery(FIELD, qv[q], cand), cand);
        top.clear();
        ScoreDoc[] hits = td.scoreDocs;
        if (params.rescore) {
          ScoreDoc[] byDoc = hits.clone();
          Arrays.sort(byDoc, (a, b) -> Integer.compare(a.doc, b.doc));
          FloatVectorValues fv = leaf.getFloatVectorValues(FIELD);
          double qn = params.similarity == Similarity.COSINE ? VectorUtil.norm(qv[q]) : 1;
          for (ScoreDoc h : byDoc) {
            if (fv.advance(h.doc) != h.doc) {
              throw new IllegalStateException("Lucene document " + h.doc + " has no vector");
            }
            float[] v = fv.vectorValue();
            double s = params.similarity == Similarity.COSINE
                ? cosine(qv[q], qn, v) : VectorUtil.dotUnchecked(qv[q], v);
            top.offer(docToOrd[h.doc], s);
          }
        } else {
          for (ScoreDoc h : hits) {
            top.offer(docToOrd[h.doc], 2.0 * h.score - 1.0);
          }
        }
        out[q] = top.toRanking(queries.id(q));
      } catch (IOException e) {
        throw new UncheckedIOException("searching " + (onDisk == null ? "the in-memory index" : onDisk), e);
      }
      nanos[q] = System.nanoTime() - t0;
    }
  }

  private static double cosine(float[] q, double qn, float[] v) {
    double vn = VectorUtil.norm(v);
    double dot = VectorUtil.dotUnchecked(q, v);
    return qn == 0 || vn == 0 ? 0 : dot / (qn * vn);
  }

  /**
   * For the scalar-quantised format, the corpus vectors as Lucene's quantiser reconstructs them:
   * the quantiles are estimated exactly as Lucene's writer does
   * ({@link ScalarQuantizer#fromVectors} with the same confidence interval over the same vectors,
   * normalised first for cosine), each component clamped, rounded to {@code bits} and mapped back
   * ({@code alpha·code + lower}). An approximation of Lucene's quantised scoring (which adds a
   * per-vector correction term); {@code null} for float32.
   */
  @Override
  public float[][] reconstructedVectors() throws IOException {
    checkOpen();
    if (params.scalarBits == 0) {
      return null;
    }
    return quantized().reconstructed();
  }

  /** The stored float vectors in corpus order (normalised for cosine, as the quantiser sees them). */
  private float[][] rawVectors() throws IOException {
    float[][] raw = new float[ids.length][];
    FloatVectorValues fv = leaf.getFloatVectorValues(FIELD);
    for (int d = fv.nextDoc(); d != DocIdSetIterator.NO_MORE_DOCS; d = fv.nextDoc()) {
      float[] v = fv.vectorValue().clone();
      if (params.similarity == Similarity.COSINE) {
        VectorUtil.normalizeInPlace(v);
      }
      raw[docToOrd[d]] = v;
    }
    return raw;
  }

  /** The quantiser Lucene's writer derives from the stored vectors (same confidence interval and bits). */
  private HnswQuantized quantized() throws IOException {
    return new HnswQuantized(ids, dim, params, rawVectors());
  }

  /**
   * For the scalar-quantised format, exhaustive search with Lucene's quantised dot product: every
   * document and the query quantised by the quantiser Lucene's writer derives (see
   * {@link #reconstructedVectors()}), scored {@code alpha²·Σ q_j d_j + offset_q + offset_d} (the
   * score of {@code Lucene99ScalarQuantizedVectorScorer} before its monotone map to [0, 1]); hits cut
   * with {@link TopK}. {@code null} for float32.
   */
  @Override
  public List<Ranking> exactOnCompressed(Queries queries, int k) throws IOException {
    Retriever.checkK(k);
    checkOpen();
    if (params.scalarBits == 0) {
      return null;
    }
    float[][] qv = queries.vectors("LuceneHnswRetriever");
    AnnFiles.checkQueryDim(qv, dim);
    return quantized().search(queries, qv, k);
  }

  /** Milliseconds spent building (add, flush, force-merge, commit); as saved for an opened index. */
  public double buildMillis() {
    return buildMillis;
  }

  /** Bytes of every Lucene file of the index. */
  public long indexBytes() {
    return indexBytes;
  }

  /** Bytes a search reads: the graph and the scored vectors (float32, or quantised codes plus float32 when rescoring). */
  public long searchBytes() {
    return searchBytes;
  }

  /** Where the index lives on disk, or null when in memory. */
  public Path path() {
    return onDisk;
  }

  @Override
  public Description describe() {
    String name = graphName("hnsw" + (params.scalarBits > 0 ? "-sq" + params.scalarBits : ""), params.maxConn,
        params.beamWidth);
    Map<String, Object> own = Map.of("scalarBits", params.scalarBits, "rescore", params.rescore, "segments", 1,
        "storage", onDisk == null ? "memory" : "disk", "lucene", org.apache.lucene.util.Version.LATEST);
    return new Description(name, params.similarity, ids.length, searchBytes + 4L * ids.length,
        (double) searchBytes / ids.length, buildMillis,
        graphProvenance("lucene-hnsw", params.similarity, params.maxConn, params.beamWidth, own));
  }

  @Override
  void release() {
    try {
      reader.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      try {
        directory.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
