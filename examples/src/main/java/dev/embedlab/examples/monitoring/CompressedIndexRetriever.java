package dev.embedlab.examples.monitoring;

import dev.embedlab.compress.CompressedIndex;
import dev.embedlab.core.Embedder;
import dev.embedlab.core.retrieval.Provenance;
import dev.embedlab.core.retrieval.Queries;
import dev.embedlab.core.retrieval.Ranking;
import dev.embedlab.core.retrieval.Retriever;
import dev.embedlab.core.retrieval.Similarity;
import java.util.List;
import java.util.Map;

/**
 * The compress module's {@link CompressedIndex} seen as a {@link Retriever} for this example:
 * query texts are embedded with the given embedder, searched by code score with rescoring when
 * {@code oversampling >= 1}, or without when 0.
 */
public final class CompressedIndexRetriever implements Retriever {
  private final CompressedIndex index;
  private final Embedder queryEmbedder;
  private final int oversampling;
  private final String name;

  /**
   * @param oversampling 0: codes only (no rescoring); >= 1: rescore k × oversampling candidates
   */
  public CompressedIndexRetriever(String name, CompressedIndex index, Embedder queryEmbedder, int oversampling) {
    this.name = name;
    this.index = index;
    this.queryEmbedder = queryEmbedder;
    this.oversampling = oversampling;
  }

  @Override
  public List<Ranking> search(Queries q, int k) {
    Retriever.checkK(k);
    float[][] qv = q.hasVectors() ? q.vectors(name) : queryEmbedder.embed(q.texts(name), Embedder.Role.QUERY);
    return index.search(qv, q.ids(), k, oversampling == 0 ? CompressedIndex.Rescoring.none()
        : CompressedIndex.Rescoring.oversample(oversampling), 1);
  }

  @Override
  public Description describe() {
    return new Description(name, Similarity.DOT_PRODUCT, index.size(), index.codeBytes(),
        (double) index.codeBytes() / Math.max(1, index.size()), -1,
        Provenance.of("compressed-index", Map.of("codec", index.compressor().id(), "oversampling", oversampling)));
  }
}
