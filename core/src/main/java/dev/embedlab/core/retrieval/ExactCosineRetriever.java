package dev.embedlab.core.retrieval;

import dev.embedlab.core.VectorUtil;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Exact cosine search over vectors held in memory: each query is scored against every document
 * with {@link VectorUtil#cosine} (accumulated in double; 0 against a zero vector) and the best
 * {@code k} kept by {@link TopK}. The {@link Retriever} view of the framework vector stores
 * (LangChain4j {@code EmbeddingStore}, Spring AI {@code VectorStore}), so what an application
 * searches can be measured and metered like any other retriever. For large corpora use
 * {@code ExactSearch} (blocked matrix products) or an ANN index.
 */
public final class ExactCosineRetriever implements Retriever {
  private final String name;
  private final String[] ids;
  private final float[][] vectors;
  private final int dim;
  private final Provenance provenance;

  private ExactCosineRetriever(String name, String[] ids, float[][] vectors, int dim, Provenance provenance) {
    this.name = name;
    this.ids = ids;
    this.vectors = vectors;
    this.dim = dim;
    this.provenance = provenance;
  }

  /**
   * A retriever over {@code vectors} (row {@code i} is document {@code ids[i]}). The ids are
   * copied; the rows are not (callers hand over vectors they never change again).
   *
   * @param name display name for reports
   * @param provenance what the vectors are
   * @throws IllegalArgumentException on no documents, mismatched lengths, null or repeated ids,
   *     rows of different dimensions or non-finite rows (naming the first)
   */
  public static ExactCosineRetriever of(String name, String[] ids, float[][] vectors, Provenance provenance) {
    if (ids == null || vectors == null || provenance == null) {
      throw new IllegalArgumentException("ids, vectors and provenance must not be null");
    }
    if (ids.length != vectors.length || ids.length == 0) {
      throw new IllegalArgumentException("need one id per vector and at least one document; ids=" + ids.length
          + ", vectors=" + vectors.length);
    }
    Set<String> seen = new HashSet<>(ids.length * 2);
    for (int i = 0; i < ids.length; i++) {
      if (ids[i] == null || !seen.add(ids[i])) {
        throw new IllegalArgumentException("ids must be non-null and unique; ids[" + i + "]=" + ids[i]);
      }
    }
    int dim = vectors[0] == null ? 0 : vectors[0].length;
    VectorUtil.checkFiniteRows(vectors, dim, "vectors");
    return new ExactCosineRetriever(name, ids.clone(), vectors, dim, provenance);
  }

  /**
   * A retriever over a snapshot of a store's entries, in the map's iteration order: for in-memory
   * stores (the LangChain4j and Spring AI adapters) that hand their contents to the bake-off or a
   * quality probe. Entries added to the map later are not seen.
   *
   * @param vector the vector of an entry (not copied)
   * @param emptyHint what to do about an empty store, ending the error message
   * @throws IllegalStateException if {@code entries} is empty ("the store is empty; " + emptyHint)
   * @throws IllegalArgumentException as {@link #of(String, String[], float[][], Provenance)}
   */
  public static <E> ExactCosineRetriever snapshot(String name, java.util.Map<String, E> entries,
      java.util.function.Function<? super E, float[]> vector, Provenance provenance, String emptyHint) {
    if (entries.isEmpty()) {
      throw new IllegalStateException("the store is empty; " + emptyHint);
    }
    String[] ids = new String[entries.size()];
    float[][] vectors = new float[ids.length][];
    int i = 0;
    for (java.util.Map.Entry<String, E> e : entries.entrySet()) {
      ids[i] = e.getKey();
      vectors[i++] = vector.apply(e.getValue());
    }
    return of(name, ids, vectors, provenance);
  }

  @Override
  public List<Ranking> search(Queries queries, int k) {
    Retriever.checkK(k);
    float[][] qv = queries.vectors(name);
    List<Ranking> out = new ArrayList<>(qv.length);
    TopK top = new TopK(k, ids);
    for (int q = 0; q < qv.length; q++) {
      if (qv[q].length != dim) {
        throw new IllegalArgumentException("vector dimensions differ: queries[" + q + "] has " + qv[q].length
            + "; the documents have " + dim);
      }
      top.clear();
      for (int d = 0; d < vectors.length; d++) {
        top.offer(d, VectorUtil.cosine(qv[q], vectors[d]));
      }
      out.add(top.toRanking(queries.id(q)));
    }
    return out;
  }

  @Override
  public Description describe() {
    return new Description(name, Similarity.COSINE, ids.length, 4L * dim * ids.length, 4.0 * dim, -1, provenance);
  }
}
