/**
 * Approximate nearest-neighbour indexes behind core's {@link dev.embedlab.core.retrieval.Retriever}
 * seam.
 *
 * <ul>
 *   <li>{@link dev.embedlab.ann.LuceneHnswRetriever}: HNSW through Lucene's own vector search
 *       (float32 or scalar-quantised, in memory or on disk, one segment), candidates rescored with
 *       the exact float similarity and cut to k with core's {@code TopK};</li>
 *   <li>{@link dev.embedlab.ann.JVectorRetriever}: jvector's in-memory graph (degree {@code 2·M}),
 *       its Vector API kernels on Java 20+ with {@code jdk.incubator.vector}, core's scalar kernel
 *       otherwise; candidates rescored exactly as for Lucene HNSW;</li>
 *   <li>{@link dev.embedlab.ann.IvfRetriever}: an inverted file over compress's k-means, lists of
 *       float vectors or residual PQ codes (ADC), optional exact rescoring;</li>
 *   <li>{@link dev.embedlab.ann.AnnIndexSpecs}: all as named index specs ({@code hnsw:M=16,ef=100},
 *       {@code jvector:M=16,ef=100}, {@code ivf:nlist=64,nprobe=32}) found through core's {@code IndexSpecProvider}.</li>
 * </ul>
 * The parameter sweep measured on qrels ({@code AnnTuner}) lives in the bake-off module; this module
 * depends on core and compress (and the Lucene and jvector libraries) only.
 * All save to versioned, checksummed files (core's {@code ChecksummedFile} framing; HNSW
 * also relies on Lucene's per-file checksums) and fail with an {@code IOException} naming the
 * file when one is cut off or changed.
 */
package dev.embedlab.ann;
