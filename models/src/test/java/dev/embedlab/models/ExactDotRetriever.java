package dev.embedlab.models;

import dev.embedlab.core.VectorUtil;
import dev.embedlab.core.retrieval.Provenance;
import dev.embedlab.core.retrieval.Queries;
import dev.embedlab.core.retrieval.Ranking;
import dev.embedlab.core.retrieval.Retriever;
import dev.embedlab.core.retrieval.Similarity;
import dev.embedlab.core.retrieval.TopK;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Test first stage: exact dot product over every document with core's {@link TopK}. */
final class ExactDotRetriever implements Retriever {
  private final String[] ids;
  private final float[][] vectors;
  boolean closed;

  ExactDotRetriever(String[] ids, float[][] vectors) {
    this.ids = ids;
    this.vectors = vectors;
  }

  @Override
  public List<Ranking> search(Queries queries, int k) {
    Retriever.checkK(k);
    float[][] qv = queries.vectors("exact-dot");
    List<Ranking> out = new ArrayList<>();
    for (int q = 0; q < queries.size(); q++) {
      if (qv[q].length != vectors[0].length) {
        throw new IllegalArgumentException("query dimension " + qv[q].length + "!=" + vectors[0].length);
      }
      TopK top = new TopK(k, ids);
      for (int d = 0; d < ids.length; d++) {
        top.offer(d, VectorUtil.dotUnchecked(qv[q], vectors[d]));
      }
      out.add(top.toRanking(queries.id(q)));
    }
    return out;
  }

  @Override
  public Description describe() {
    long bytes = (long) ids.length * vectors[0].length * Float.BYTES;
    return new Description("exact-dot", Similarity.DOT_PRODUCT, ids.length, bytes, vectors[0].length * 4.0, -1,
        Provenance.of("exact-dot", Map.of("documents", ids.length, "dimension", vectors[0].length)));
  }

  @Override
  public void close() {
    closed = true;
  }
}
