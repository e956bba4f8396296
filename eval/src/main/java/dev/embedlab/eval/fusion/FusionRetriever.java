package dev.embedlab.eval.fusion;

import dev.embedlab.core.Checks;
import dev.embedlab.core.retrieval.Provenance;
import dev.embedlab.core.retrieval.Queries;
import dev.embedlab.core.retrieval.Ranking;
import dev.embedlab.core.retrieval.Retriever;
import dev.embedlab.core.retrieval.Similarity;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A retriever of retrievers: searches each input to {@code inputDepth} and fuses their rankings
 * with a {@link RankFusion} (RRF, or min-max / z-score weighted sums), so BM25 + dense hybrid
 * search is one {@link Retriever} like any other, measured and significance-tested on the same
 * path. The queries must carry what every input reads (texts for BM25, vectors for a vector index).
 *
 * <p>Ownership: {@link #close()} closes the inputs only when built with {@code owning = true}.
 */
public final class FusionRetriever implements Retriever {
  private final RankFusion fusion;
  private final List<Retriever> inputs;
  private final int inputDepth;
  private final boolean owning;

  /**
   * @param fusion how to fuse (its own depth cuts the fused list; it is at least the k asked for)
   * @param inputDepth hits taken from each input per query, >= 1
   * @param owning whether {@link #close()} closes the inputs
   * @param inputs the retrievers fused, at least one
   */
  public FusionRetriever(RankFusion fusion, int inputDepth, boolean owning, List<? extends Retriever> inputs) {
    if (fusion == null || inputs == null || inputs.isEmpty()) {
      throw new IllegalArgumentException("need a fusion and at least one input retriever; inputs=" + inputs);
    }
    Checks.atLeast("inputDepth", inputDepth, 1);
    this.fusion = fusion;
    this.inputs = List.copyOf(inputs);
    this.inputDepth = inputDepth;
    this.owning = owning;
  }

  @Override
  public List<Ranking> search(Queries queries, int k) {
    Retriever.checkK(k);
    List<List<Ranking>> results = new ArrayList<>(inputs.size());
    for (Retriever r : inputs) {
      results.add(r.search(queries, Math.max(k, inputDepth)));
    }
    List<Ranking> fused = fusion.fuseRankings(results, queries.ids());
    List<Ranking> out = new ArrayList<>(fused.size());
    for (Ranking r : fused) {
      out.add(r.top(k));
    }
    return out;
  }

  @Override
  public Description describe() {
    long mem = 0;
    double perDoc = 0;
    double build = 0;
    List<Provenance> in = new ArrayList<>();
    int docs = -1;
    for (Retriever r : inputs) {
      Description d = r.describe();
      mem = mem < 0 || d.memoryBytes() < 0 ? -1 : mem + d.memoryBytes();
      perDoc = perDoc < 0 || d.bytesPerDocument() < 0 ? -1 : perDoc + d.bytesPerDocument();
      build = build < 0 || d.buildMillis() < 0 ? -1 : build + d.buildMillis();
      docs = Math.max(docs, d.documents());
      in.add(d.provenance());
    }
    return new Description(fusion.id(), Similarity.FUSED, Math.max(docs, 0), mem, perDoc, build,
        new Provenance("fusion", Map.of("method", fusion.id(), "inputDepth", String.valueOf(inputDepth)), in));
  }

  @Override
  public void close() {
    if (owning) {
      for (Retriever r : inputs) {
        r.close();
      }
    }
  }
}
