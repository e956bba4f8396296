/**
 * Approximate nearest-neighbour indexes behind core's {@link dev.embedlab.core.retrieval.Retriever}
 * seam, and a tuner for them.
 *
 * <ul>
 *   <li>{@link dev.embedlab.ann.LuceneHnswRetriever}: HNSW through Lucene's own vector search
 *       (float32 or scalar-quantised, in memory or on disk, one segment), candidates rescored with
 *       the exact float similarity and cut to k with core's {@code TopK};</li>
 *   <li>{@link dev.embedlab.ann.IvfRetriever}: an inverted file over compress's k-means, lists of
 *       float vectors or residual PQ codes (ADC), optional exact rescoring;</li>
 *   <li>{@link dev.embedlab.ann.AnnTuner}: parameter sweeps measured on qrels (nDCG@10, Recall@k
 *       as trec_eval), against exact search, in latency, build time and memory; Pareto front,
 *       cheapest configuration for a target, and the loss split into compression and
 *       approximation.</li>
 * </ul>
 * Both indexes save to versioned, checksummed files (core's {@code ChecksummedFile} framing; HNSW
 * also relies on Lucene's per-file checksums) and fail with an {@code IOException} naming the
 * file when one is cut off or changed.
 */
package dev.embedlab.ann;
