package dev.embedlab.ann;

import dev.embedlab.core.VectorUtil;
import dev.embedlab.core.retrieval.Queries;
import dev.embedlab.core.retrieval.Ranking;
import dev.embedlab.core.retrieval.Similarity;
import dev.embedlab.core.retrieval.TopK;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.VectorScorer;
import org.apache.lucene.util.quantization.ScalarQuantizer;

/**
 * The scalar-quantised view of a {@link LuceneHnswRetriever}'s corpus: the quantiser Lucene's
 * writer derives ({@link ScalarQuantizer#fromVectors} with the same confidence interval and bits
 * over the same vectors, normalised first for cosine), the vectors it reconstructs, and exhaustive
 * search with Lucene's quantised dot product.
 */
final class HnswQuantized {
  private final String[] ids;
  private final int dim;
  private final int bits;
  private final VectorSimilarityFunction fn;
  private final float[][] raw;
  private final ScalarQuantizer sq;

  /**
   * @param raw the stored float vectors in corpus order, normalised for cosine (as the quantiser sees them)
   */
  HnswQuantized(String[] ids, int dim, LuceneHnswRetriever.Params params, float[][] raw) throws IOException {
    this.ids = ids;
    this.dim = dim;
    this.bits = params.scalarBits();
    this.fn = params.similarity() == Similarity.COSINE
        ? VectorSimilarityFunction.COSINE : VectorSimilarityFunction.DOT_PRODUCT;
    this.raw = raw;
    this.sq = ScalarQuantizer.fromVectors(new ArrayVectors(raw, dim), params.confidenceInterval(), raw.length,
        (byte) bits);
  }

  /** Each component clamped, rounded to {@code bits} and mapped back ({@code alpha·code + lower}). */
  float[][] reconstructed() {
    float lower = sq.getLowerQuantile();
    float alpha = (sq.getUpperQuantile() - lower) / ((1 << bits) - 1);
    byte[] code = new byte[dim];
    float[][] out = new float[raw.length][dim];
    for (int i = 0; i < raw.length; i++) {
      sq.quantize(raw[i], code, fn);
      for (int j = 0; j < dim; j++) {
        out[i][j] = alpha * (code[j] & 0xFF) + lower;
      }
    }
    return out;
  }

  /**
   * Every document and the query quantised, scored {@code alpha²·Σ q_j d_j + offset_q + offset_d}
   * (the score of {@code Lucene99ScalarQuantizedVectorScorer} before its monotone map to [0, 1]);
   * hits cut with {@link TopK}.
   */
  List<Ranking> search(Queries queries, float[][] qv, int k) {
    byte[][] codes = new byte[raw.length][dim];
    float[] offsets = new float[raw.length];
    for (int i = 0; i < raw.length; i++) {
      offsets[i] = sq.quantize(raw[i], codes[i], fn);
    }
    float mult = sq.getConstantMultiplier();
    List<Ranking> out = new ArrayList<>(qv.length);
    TopK top = new TopK(k, ids);
    byte[] qc = new byte[dim];
    for (int q = 0; q < qv.length; q++) {
      float[] x = qv[q];
      if (fn == VectorSimilarityFunction.COSINE) {
        x = VectorUtil.normalized(x);
      }
      float qo = sq.quantize(x, qc, fn);
      top.clear();
      for (int d = 0; d < raw.length; d++) {
        byte[] c = codes[d];
        int dot = 0;
        for (int j = 0; j < dim; j++) {
          dot += qc[j] * c[j];
        }
        top.offer(d, dot * mult + qo + offsets[d]);
      }
      out.add(top.toRanking(queries.id(q)));
    }
    return out;
  }

  /** Float vectors held in arrays, as Lucene's quantile estimation reads them. */
  private static final class ArrayVectors extends FloatVectorValues {
    private final float[][] v;
    private final int dim;
    private int doc = -1;

    ArrayVectors(float[][] v, int dim) {
      this.v = v;
      this.dim = dim;
    }

    @Override public int dimension() { return dim; }
    @Override public int size() { return v.length; }
    @Override public float[] vectorValue() { return v[doc]; }
    @Override public VectorScorer scorer(float[] query) { throw new UnsupportedOperationException("not searched"); }
    @Override public int docID() { return doc; }
    @Override public int nextDoc() { return advance(doc + 1); }
    @Override public int advance(int target) {
      doc = target >= v.length ? NO_MORE_DOCS : target;
      return doc;
    }
  }
}
