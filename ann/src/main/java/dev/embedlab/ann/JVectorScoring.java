package dev.embedlab.ann;

import dev.embedlab.core.VectorUtil;
import io.github.jbellis.jvector.graph.RandomAccessVectorValues;
import io.github.jbellis.jvector.graph.similarity.BuildScoreProvider;
import io.github.jbellis.jvector.graph.similarity.ScoreFunction;
import io.github.jbellis.jvector.graph.similarity.SearchScoreProvider;
import io.github.jbellis.jvector.vector.VectorSimilarityFunction;
import io.github.jbellis.jvector.vector.VectorizationProvider;
import io.github.jbellis.jvector.vector.types.VectorFloat;
import io.github.jbellis.jvector.vector.types.VectorTypeSupport;

/**
 * The exact scores jvector builds and searches with, {@code (1 + dot) / 2} (jvector's
 * {@code DOT_PRODUCT}), from one of two kernels chosen once per JVM: where jvector has the Vector
 * API (Java 20+ with {@code jdk.incubator.vector}) its own SIMD kernel; otherwise core's
 * {@link VectorUtil#dotUnchecked}, whose four independent accumulators keep several FMA pipelines
 * busy, where jvector's scalar fallback adds each product into one dependent chain (about a quarter
 * to a third less search time on SciFact vectors, Java 17; see docs/notes/fast.md).
 */
final class JVectorScoring {
  /** True when jvector has only its scalar kernels on this JVM. */
  static final boolean SCALAR = JVectorRetriever.vectorization().equals("DefaultVectorizationProvider");
  private static final VectorTypeSupport VTS = VectorizationProvider.getInstance().getVectorTypeSupport();

  private JVectorScoring() {}

  /** Scores against the corpus rows during the build. */
  static BuildScoreProvider build(float[][] rows, RandomAccessVectorValues ravv) {
    if (!SCALAR) {
      return BuildScoreProvider.randomAccessScoreProvider(ravv, VectorSimilarityFunction.DOT_PRODUCT);
    }
    return new BuildScoreProvider() {
      @Override
      public boolean isExact() {
        return true;
      }

      @Override
      public VectorFloat<?> approximateCentroid() {
        // the mean of the rows, accumulated in double: jvector enters the graph at the node nearest it
        double[] sum = new double[rows[0].length];
        for (float[] r : rows) {
          for (int j = 0; j < sum.length; j++) {
            sum[j] += r[j];
          }
        }
        float[] c = new float[sum.length];
        for (int j = 0; j < c.length; j++) {
          c[j] = (float) (sum[j] / rows.length);
        }
        return VTS.createFloatVector(c);
      }

      @Override
      public SearchScoreProvider searchProviderFor(VectorFloat<?> v) {
        float[] q = new float[v.length()];
        for (int j = 0; j < q.length; j++) {
          q[j] = v.get(j);
        }
        return scalar(q, rows);
      }

      @Override
      public SearchScoreProvider searchProviderFor(int node) {
        return scalar(rows[node], rows);
      }

      @Override
      public SearchScoreProvider diversityProviderFor(int node) {
        return scalar(rows[node], rows);
      }
    };
  }

  /** Scores of query {@code q} against the corpus rows. */
  static SearchScoreProvider search(float[] q, float[][] rows, RandomAccessVectorValues ravv) {
    return SCALAR ? scalar(q, rows)
        : SearchScoreProvider.exact(VTS.createFloatVector(q), VectorSimilarityFunction.DOT_PRODUCT, ravv);
  }

  private static SearchScoreProvider scalar(float[] q, float[][] rows) {
    return new SearchScoreProvider((ScoreFunction.ExactScoreFunction) node -> (1 + VectorUtil.dotUnchecked(q,
        rows[node])) / 2);
  }
}
