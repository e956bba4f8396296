package dev.embedlab.ann;

import dev.embedlab.core.retrieval.Queries;
import dev.embedlab.core.retrieval.Ranking;
import dev.embedlab.core.retrieval.Retriever;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * An approximate vector index behind the {@link Retriever} seam, with what the tuner needs: a
 * search with an explicit query-time effort (HNSW's candidate count, IVF's {@code nprobe}), the
 * latency of the last batch, the vectors as the index's codec reconstructs them (to split lost
 * quality into compression and approximation), and saving.
 */
public interface AnnRetriever extends Retriever {

  /**
   * The top {@code k} documents of each query with query-time effort {@code effort} (HNSW:
   * candidates collected by the graph search, raised to {@code k} when smaller; IVF: lists probed).
   */
  List<Ranking> search(Queries queries, int k, int effort);

  /** The default query-time effort used by {@link #search(Queries, int)}. */
  int defaultEffort();

  /** Per-query latency of the last batch searched (any thread count); {@link LatencyStats#NONE} before. */
  LatencyStats lastLatency();

  /**
   * The corpus vectors as the index stores them for scoring (decoded PQ codes, dequantised
   * scalar codes), in corpus order; {@code null} when the index scores the original float vectors.
   */
  float[][] reconstructedVectors() throws IOException;

  /**
   * Exact (exhaustive) search in the index's compressed representation, scored exactly as the index
   * scores its candidates before any float rescoring (PQ: ADC over every list; scalar quantisation:
   * Lucene's quantised dot product with its corrective offsets, over every document); {@code null}
   * when the index scores the original float vectors. What the approximate search loses beyond this
   * is approximation; what this loses against float exact search is compression.
   */
  List<Ranking> exactOnCompressed(Queries queries, int k) throws IOException;

  /** Saves the index to {@code path} (a file or a directory, see the implementation). */
  void save(Path path) throws IOException;
}
