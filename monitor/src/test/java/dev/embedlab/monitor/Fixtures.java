package dev.embedlab.monitor;

import dev.embedlab.core.VectorUtil;
import dev.embedlab.core.retrieval.Provenance;
import dev.embedlab.core.retrieval.Queries;
import dev.embedlab.core.retrieval.Ranking;
import dev.embedlab.core.retrieval.Retriever;
import dev.embedlab.core.retrieval.Similarity;
import dev.embedlab.core.retrieval.TopK;
import dev.embedlab.data.Qrels;
import java.util.ArrayList;
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

  /**
   * One bit per dimension (the sign), searched by the dot product of the ±1 codes, which ranks as
   * Hamming similarity does, with no rescoring: the regression the probe must catch. Written here so
   * the monitor's tests need no codec module.
   */
  static Retriever binaryNoRescore(String[] ids, float[][] vectors) {
    float[][] codes = new float[vectors.length][];
    for (int d = 0; d < vectors.length; d++) {
      codes[d] = signs(vectors[d]);
    }
    return new Retriever() {
      @Override
      public List<Ranking> search(Queries q, int k) {
        Retriever.checkK(k);
        List<Ranking> out = new ArrayList<>();
        float[][] qv = q.vectors("binary");
        for (int i = 0; i < q.size(); i++) {
          float[] code = signs(qv[i]);
          TopK top = new TopK(k, ids);
          for (int d = 0; d < codes.length; d++) {
            top.offer(d, VectorUtil.dot(code, codes[d]));
          }
          out.add(top.toRanking(q.id(i)));
        }
        return out;
      }

      @Override
      public Description describe() {
        int dim = vectors[0].length;
        return new Description("binary", Similarity.DOT_PRODUCT, ids.length, (long) codes.length * ((dim + 7) / 8),
            (dim + 7) / 8.0, -1, Provenance.of("sign-bits", Map.of("dimension", dim)));
      }
    };
  }

  private static float[] signs(float[] v) {
    float[] s = new float[v.length];
    for (int j = 0; j < v.length; j++) {
      s[j] = v[j] >= 0 ? 1f : -1f;
    }
    return s;
  }
}
