package dev.embedlab.monitor;

import dev.embedlab.compress.BinaryCompressor;
import dev.embedlab.compress.CompressedIndex;
import dev.embedlab.core.VectorUtil;
import dev.embedlab.core.retrieval.Provenance;
import dev.embedlab.core.retrieval.Queries;
import dev.embedlab.core.retrieval.Ranking;
import dev.embedlab.core.retrieval.Retriever;
import dev.embedlab.core.retrieval.Similarity;
import dev.embedlab.core.retrieval.TopK;
import dev.embedlab.data.Qrels;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A labelled retrieval fixture: {@code n} random unit document vectors; each query is a noisy copy of
 * one document (its only relevant one), so exact float32 search finds it at the top, while a
 * 1-bit-per-dimension binary code without rescoring often does not.
 */
final class Fixtures {
  final String[] docIds;
  final float[][] docs;
  final String[] queryIds;
  final float[][] queries;
  final Qrels qrels;

  Fixtures(int n, int dim, int nq, double noise, long seed) {
    Random r = new Random(seed);
    docIds = new String[n];
    docs = new float[n][dim];
    for (int i = 0; i < n; i++) {
      docIds[i] = "d" + i;
      for (int j = 0; j < dim; j++) {
        docs[i][j] = (float) r.nextGaussian();
      }
      VectorUtil.normalizeInPlace(docs[i]);
    }
    queryIds = new String[nq];
    queries = new float[nq][dim];
    Qrels.Builder qb = Qrels.builder();
    for (int q = 0; q < nq; q++) {
      queryIds[q] = "q" + q;
      int target = r.nextInt(n);
      for (int j = 0; j < dim; j++) {
        queries[q][j] = (float) (docs[target][j] + noise * r.nextGaussian() / Math.sqrt(dim));
      }
      VectorUtil.normalizeInPlace(queries[q]);
      qb.add(queryIds[q], docIds[target], 1);
    }
    qrels = qb.build();
  }

  Queries labelled() {
    return Queries.ofVectors(queryIds, queries);
  }

  /** Exact dot-product search over float32 vectors. */
  static Retriever exact(String[] ids, float[][] vectors) {
    return new Retriever() {
      @Override
      public List<Ranking> search(Queries q, int k) {
        Retriever.checkK(k);
        List<Ranking> out = new ArrayList<>();
        float[][] qv = q.vectors("exact");
        for (int i = 0; i < q.size(); i++) {
          TopK top = new TopK(k, ids);
          for (int d = 0; d < vectors.length; d++) {
            top.offer(d, VectorUtil.dot(qv[i], vectors[d]));
          }
          out.add(top.toRanking(q.id(i)));
        }
        return out;
      }

      @Override
      public Description describe() {
        return new Description("exact-float32", Similarity.DOT_PRODUCT, ids.length, 4L * vectors.length
            * vectors[0].length, 4.0 * vectors[0].length, -1, Provenance.of("exact", Map.of()));
      }
    };
  }

  /** The compress module's binary codec, searched by Hamming score with no rescoring (a Retriever itself). */
  static Retriever binaryNoRescore(String[] ids, float[][] vectors) {
    return CompressedIndex.builder(new BinaryCompressor(vectors[0].length))
        .vectors(Arrays.asList(ids), vectors).rescoring(CompressedIndex.Rescoring.none()).build();
  }
}
