package dev.embedlab.compress;

import dev.embedlab.core.retrieval.Similarity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class PcaCompressorTest {
  /**
   * Fixed 13 × 5 matrix. Reference values produced once with Debian's /usr/bin/python3
   * (scikit-learn 1.2.1, numpy 1.24.2):
   * <pre>
   * p = PCA(n_components=5, svd_solver="full").fit(X)
   * p.explained_variance_ratio_, p.explained_variance_
   * p3 = PCA(n_components=3, svd_solver="full", whiten=True).fit(X)
   * p3.transform(X[:2]); p3.inverse_transform(p3.transform(X[:1]))
   * </pre>
   */
  static final float[][] X = {
      {2.5f, 2.4f, 0.5f, -1.2f, 3.1f},
      {0.5f, 0.7f, -0.3f, 0.8f, 1.0f},
      {2.2f, 2.9f, 1.1f, -0.4f, 2.6f},
      {1.9f, 2.2f, 0.0f, 0.3f, 2.0f},
      {3.1f, 3.0f, 0.9f, -1.5f, 3.5f},
      {2.3f, 2.7f, 0.4f, -0.9f, 2.2f},
      {2.0f, 1.6f, -0.8f, 0.1f, 1.7f},
      {1.0f, 1.1f, 0.2f, 1.3f, 0.9f},
      {1.5f, 1.6f, -0.1f, 0.6f, 1.4f},
      {1.1f, 0.9f, 0.7f, 1.9f, 0.6f},
      {-0.4f, 0.2f, -1.1f, 2.2f, -0.3f},
      {0.8f, 0.3f, 1.4f, 0.0f, 1.2f},
      {2.7f, 1.9f, 0.6f, -0.7f, 2.9f},
  };
  static final double[] SKLEARN_RATIO = {0.8508401084972081, 0.084935205692368, 0.04279997165053508,
      0.01604400488536294, 0.005380709274525867};
  static final double[] SKLEARN_VARIANCE = {4.223657564232294, 0.4216270723600626, 0.21246344901393824,
      0.07964408578990421, 0.0267103927063643};
  static final double[][] SKLEARN_WHITENED_FIRST_TWO = {
      {-1.081627459826816, -0.06594286201264753, -0.8307992736285953},
      {0.858638765547922, -0.07826006341737993, -1.1386887655581603}};
  static final double[] SKLEARN_INVERSE_FIRST = {2.586860088196226, 2.39641196030469,
      0.5048592995224317, -1.2510375760321182, 2.9726711234525416};

  @Test
  void explainedVarianceEqualsScikitLearn() {
    PcaCompressor p = new PcaCompressor(5, 5, false);
    p.fit(X);
    assertArrayEquals(SKLEARN_RATIO, p.explainedVarianceRatio(), 1e-5);
    assertArrayEquals(SKLEARN_VARIANCE, p.explainedVariance(), 1e-5);
    // all components: lossless up to float rounding
    assertEquals(0.0, p.reconstructionError(X), 1e-9);
  }

  @Test
  void whitenedTransformAndInverseEqualScikitLearnUpToSign() {
    PcaCompressor p = new PcaCompressor(5, 3, true);
    p.fit(X);
    assertArrayEquals(new double[] {SKLEARN_RATIO[0], SKLEARN_RATIO[1], SKLEARN_RATIO[2]},
        p.explainedVarianceRatio(), 1e-5);
    for (int r = 0; r < 2; r++) {
      float[] z = p.transform(X[r]);
      for (int j = 0; j < 3; j++) {
        assertEquals(Math.abs(SKLEARN_WHITENED_FIRST_TWO[r][j]), Math.abs(z[j]), 1e-5, "row " + r + " comp " + j);
      }
    }
    float[] back = p.decode(p.encode(X[0]));
    for (int i = 0; i < 5; i++) {
      assertEquals(SKLEARN_INVERSE_FIRST[i], back[i], 1e-5);
    }
  }

  @Test
  void componentsAreOrthonormalAndScorerMatchesDecoded() {
    float[][] x = Synthetic.clustered(300, 16, 4, 0.5, 17);
    PcaCompressor p = new PcaCompressor(16, 6, false);
    p.fit(x);
    for (int a = 0; a < 6; a++) {
      for (int b = 0; b < 6; b++) {
        assertEquals(a == b ? 1.0 : 0.0, Synthetic.dot(p.component(a), p.component(b)), 1e-5);
      }
    }
    QueryScorer s = p.scorer(x[3], Similarity.DOT_PRODUCT);
    for (float[] v : x) {
      byte[] code = p.encode(v);
      assertEquals(Synthetic.dot(x[3], p.decode(code)), s.score(code, 0), 1e-5);
    }
    double[] r = p.explainedVarianceRatio();
    for (int j = 1; j < r.length; j++) {
      assertEquals(true, r[j] <= r[j - 1]);
    }
  }

  @Test
  void tooFewTrainingVectorsIsNamed() {
    PcaCompressor p = new PcaCompressor(5, 3, false);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> p.fit(new float[][] {X[0], X[1]}));
    assertEquals("components must be <= number of training vectors 2; components=3", e.getMessage());
  }
}
