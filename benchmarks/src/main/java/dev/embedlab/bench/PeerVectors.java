package dev.embedlab.bench;

import dev.embedlab.core.Embedder;
import dev.embedlab.core.Embedder.Role;
import dev.embedlab.core.VectorUtil;
import dev.embedlab.core.retrieval.Ranking;
import dev.embedlab.data.BeirDatasets;
import dev.embedlab.data.Document;
import dev.embedlab.data.Query;
import dev.embedlab.data.RetrievalDataset;
import dev.embedlab.eval.search.ExactSearch;
import dev.embedlab.models.CachingEmbedder;
import dev.embedlab.models.KnownModel;
import dev.embedlab.models.OnnxEmbedder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * The vectors an ANN peer benchmark ({@link HnswPeerBenchmark}, {@link IvfPeerBenchmark}) searches,
 * with their exact top-k: SciFact (BEIR test split) embedded with all-MiniLM-L6-v2 through
 * {@link CachingEmbedder}, or seeded clustered synthetic unit vectors.
 *
 * @param what one line naming the set
 * @param truth per query, the ids of its exact top-k (dot product, {@link ExactSearch})
 * @param truthIdx per query, the corpus positions of its exact top-k, best first
 */
record PeerVectors(String what, String[] docIds, float[][] docs, String[] queryIds, float[][] queries,
    List<Set<String>> truth, long[][] truthIdx) {

  /**
   * SciFact from {@code shared/data/scifact} (embeddings cached in {@code cache}, default
   * {@code target/ann-bench/embeddings}) when {@code synthetic == 0}, else {@code synthetic} documents
   * and {@code nq} queries from {@link #clustered}; then the exact top-{@code k} of every query.
   */
  static PeerVectors load(Path shared, Path cache, int synthetic, int dim, int nq, int clusters, double noise,
      long seed, int k) throws IOException {
    String[] docIds;
    float[][] docs;
    float[][] queries;
    String what;
    if (synthetic > 0) {
      docs = clustered(synthetic, dim, clusters, noise, new Random(seed), new Random(seed + 1));
      queries = clustered(nq, dim, clusters, noise, new Random(seed), new Random(seed + 2));
      docIds = new String[docs.length];
      for (int i = 0; i < docs.length; i++) {
        docIds[i] = "d" + i;
      }
      what = String.format(Locale.ROOT, "synthetic clustered (%d centres, noise %.2f, seed %d)", clusters, noise, seed);
    } else {
      RetrievalDataset data = BeirDatasets.load(shared.resolve("data").resolve("scifact"), "test");
      try (Embedder e = CachingEmbedder.wrap(OnnxEmbedder.builder(KnownModel.ALL_MINILM_L6_V2).build(),
          cache == null ? Path.of("target/ann-bench/embeddings") : cache)) {
        docs = e.embed(data.corpus().stream().map(Document::titleAndText).toList(), Role.DOCUMENT);
        queries = e.embed(data.queries().stream().map(Query::text).toList(), Role.QUERY);
      }
      docIds = data.corpus().stream().map(Document::id).toArray(String[]::new);
      what = "SciFact test, all-MiniLM-L6-v2";
    }
    String[] queryIds = new String[queries.length];
    for (int q = 0; q < queries.length; q++) {
      queryIds[q] = "q" + q;
    }
    List<Ranking> exact = ExactSearch.builder().k(k).build().search(queries, queryIds, docs, docIds);
    List<Set<String>> truth = new ArrayList<>();
    Map<String, Long> position = new HashMap<>();
    for (int i = 0; i < docIds.length; i++) {
      position.put(docIds[i], (long) i);
    }
    long[][] truthIdx = new long[queries.length][];
    for (int q = 0; q < queries.length; q++) {
      truth.add(new HashSet<>(exact.get(q).docIds()));
      truthIdx[q] = exact.get(q).docIds().stream().mapToLong(position::get).toArray();
    }
    return new PeerVectors(what, docIds, docs, queryIds, queries, truth, truthIdx);
  }

  /**
   * Writes {@code docs.npy}, {@code queries.npy} and {@code truth.npy} into {@code dir} for a FAISS
   * peer script when {@code python} can import faiss and {@code script} exists; otherwise prints why
   * FAISS is skipped.
   *
   * @return whether FAISS can run
   */
  boolean writeForFaiss(String python, Path script, Path dir) throws IOException {
    if (!HnswPeerBenchmark.faissAvailable(python, script)) {
      System.out.println("FAISS skipped: " + python + " cannot import faiss or " + script + " is missing"
          + " (Debian: apt-get install python3-faiss)");
      return false;
    }
    CompressionFaissBenchmark.writeNpy(dir.resolve("docs.npy"), docs);
    CompressionFaissBenchmark.writeNpy(dir.resolve("queries.npy"), queries);
    CompressionFaissBenchmark.writeNpyLong(dir.resolve("truth.npy"), truthIdx);
    return true;
  }

  /** Recall@k of {@code got} against {@code truth}: the share of the k·queries true hits found. */
  static double recall(List<Ranking> got, List<Set<String>> truth, int k) {
    double hit = 0;
    for (int q = 0; q < got.size(); q++) {
      for (String d : got.get(q).docIds()) {
        if (truth.get(q).contains(d)) {
          hit++;
        }
      }
    }
    return hit / ((double) k * got.size());
  }

  /**
   * {@code n} unit vectors around {@code clusters} Gaussian centres (drawn from {@code centres}, so
   * documents and queries share them), each centre plus Gaussian noise of expected norm
   * {@code noise}, normalised; the points from {@code points}.
   */
  static float[][] clustered(int n, int dim, int clusters, double noise, Random centres, Random points) {
    float[][] c = new float[clusters][dim];
    for (float[] row : c) {
      for (int j = 0; j < dim; j++) {
        row[j] = (float) centres.nextGaussian();
      }
      VectorUtil.normalizeInPlace(row);
    }
    double sigma = noise / Math.sqrt(dim);
    float[][] out = new float[n][dim];
    for (int i = 0; i < n; i++) {
      float[] centre = c[points.nextInt(clusters)];
      for (int j = 0; j < dim; j++) {
        out[i][j] = centre[j] + (float) (sigma * points.nextGaussian());
      }
      VectorUtil.normalizeInPlace(out[i]);
    }
    return out;
  }
}
