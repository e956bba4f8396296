package dev.embedlab.store;

import dev.embedlab.core.Checks;
import dev.embedlab.core.Embedder;
import dev.embedlab.core.Fingerprinted;
import dev.embedlab.core.retrieval.ExactScan;
import dev.embedlab.core.retrieval.Provenance;
import dev.embedlab.core.retrieval.ProvenanceSource;
import dev.embedlab.core.retrieval.Queries;
import dev.embedlab.core.retrieval.Ranking;
import dev.embedlab.core.retrieval.Retriever;
import dev.embedlab.core.retrieval.Similarity;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Exact top-k search over a {@link MappedVectors} file without loading it on the heap, by the
 * library's one exact kernel ({@link ExactScan}): rows are decoded a block at a time
 * ({@value #DEFAULT_BLOCK_ROWS} rows, a few hundred KB) into scratch rows per call, every query
 * is scored against the block by dot product, and each query keeps its best hits in the one
 * {@code TopK} (trec_eval tie order). Heap per call: {@code blockRows × dim} floats plus {@code k}
 * hits per query.
 *
 * <p>Scores are the dot product (cosine for unit vectors, which sentence-transformer models
 * normalised at embedding time return), equal bit for bit to {@link dev.embedlab.core.VectorUtil#dot}
 * and to {@code ExactSearch}'s Java kernel; a float16 file is decoded to float first.
 *
 * <p>When built with a query embedder, queries given as texts are embedded with
 * {@link Embedder.Role#QUERY}; the embedder's fingerprint must equal the file's (else the vectors
 * would come from two different models). Thread-safe: calls share nothing mutable.
 */
public final class MappedVectorRetriever implements Retriever, ProvenanceSource {
  /** Rows decoded per block. */
  public static final int DEFAULT_BLOCK_ROWS = 512;

  private final MappedVectors vectors;
  private final Embedder queryEmbedder;
  private final int blockRows;

  private MappedVectorRetriever(MappedVectors vectors, Embedder queryEmbedder, int blockRows) {
    this.vectors = vectors;
    this.queryEmbedder = queryEmbedder;
    this.blockRows = blockRows;
  }

  /** A retriever over {@code vectors} for queries given as vectors. */
  public static MappedVectorRetriever of(MappedVectors vectors) {
    return of(vectors, null, DEFAULT_BLOCK_ROWS);
  }

  /**
   * A retriever that embeds query texts with {@code queryEmbedder} (may be null: vectors only).
   *
   * @throws IllegalArgumentException if the embedder's fingerprint or dimension differs from the
   *     file's, or {@code blockRows < 1}
   */
  public static MappedVectorRetriever of(MappedVectors vectors, Embedder queryEmbedder, int blockRows) {
    Checks.notNull("vectors", vectors);
    Checks.atLeast("blockRows", blockRows, 1);
    if (queryEmbedder != null) {
      String fp = Fingerprinted.fingerprintOf(queryEmbedder);
      if (!fp.equals(vectors.fingerprint())) {
        throw new IllegalArgumentException("query embedder fingerprint differs from the file's: expected '"
            + vectors.fingerprint() + "' (" + vectors.file() + "), found '" + fp + "'");
      }
      if (queryEmbedder.dimension() != vectors.dimension()) {
        throw new IllegalArgumentException("vector dimensions differ: " + queryEmbedder.dimension() + "!="
            + vectors.dimension());
      }
    }
    return new MappedVectorRetriever(vectors, queryEmbedder, blockRows);
  }

  @Override
  public List<Ranking> search(Queries queries, int k) {
    Retriever.checkK(k);
    float[][] q;
    if (queries.hasVectors()) {
      q = queries.vectors("mapped exact search");
    } else if (queryEmbedder != null) {
      q = queryEmbedder.embed(queries.texts("mapped exact search"), Embedder.Role.QUERY);
      dev.embedlab.core.VectorUtil.checkFiniteRows(q, vectors.dimension(), "query embeddings");
    } else {
      throw new IllegalStateException("mapped exact search needs query vectors (or a query embedder); "
          + "these queries have texts only");
    }
    int dim = vectors.dimension();
    for (int i = 0; i < q.length; i++) {
      if (q[i].length != dim) {
        throw new IllegalArgumentException("vector dimensions differ: query " + queries.id(i) + " has "
            + q[i].length + ", the file " + dim);
      }
    }
    return ExactScan.search(q, queries.ids(), ExactScan.RowSource.decoding(dim, vectors::readRows), vectors.idsArray(),
        dim, k, Similarity.DOT_PRODUCT, blockRows, null);
  }

  @Override
  public Description describe() {
    return new Description("mapped-exact(" + vectors.header().elementType().name().toLowerCase(java.util.Locale.ROOT)
        + ")", Similarity.DOT_PRODUCT, vectors.count(), vectors.mappedBytes(), vectors.header().rowBytes(), -1, provenance());
  }

  @Override
  public Provenance provenance() {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("file", vectors.file().getFileName());
    p.put("elementType", vectors.header().elementType());
    p.put("dim", vectors.dimension());
    p.put("count", vectors.count());
    p.put("fingerprint", vectors.fingerprint());
    p.put("rowsCrc32c", String.format("%08x", vectors.header().rowsCrc()));
    return queryEmbedder == null ? Provenance.of("mapped-exact", p)
        : Provenance.of("mapped-exact", p, ProvenanceSource.provenanceOf(queryEmbedder));
  }

  /** Closes the mapped file (not the query embedder, which the caller owns). */
  @Override
  public void close() {
    vectors.close();
  }
}
