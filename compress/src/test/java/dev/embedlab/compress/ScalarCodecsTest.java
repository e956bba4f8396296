package dev.embedlab.compress;

import dev.embedlab.core.retrieval.Similarity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** int8, binary and truncation: hand-computed cases and invariants. */
class ScalarCodecsTest {

  @Test
  void int8HandComputed() {
    // range [-1, 1.55]: step = 2.55/255 = 0.01
    Int8Compressor c = Int8Compressor.fromRanges(new float[] {-1f, 0f, 5f}, new float[] {1.55f, 2.55f, 5f});
    byte[] code = c.encode(new float[] {0f, 1.004f, 7f});
    assertEquals(100, code[0] & 0xFF); // (0 - -1)/0.01
    assertEquals(100, code[1] & 0xFF); // 1.004/0.01 = 100.4 -> 100
    assertEquals(0, code[2] & 0xFF); // constant dimension
    assertArrayEquals(new float[] {0f, 1f, 5f}, c.decode(code), 1e-5f);
    byte[] clipped = c.encode(new float[] {-9f, 9f, 5f});
    assertEquals(0, clipped[0] & 0xFF);
    assertEquals(255, clipped[1] & 0xFF);
  }

  @Test
  void int8ErrorIsAtMostHalfAStepInsideTheRange() {
    float[][] x = Synthetic.clustered(1021, 13, 4, 0.5, 3);
    Int8Compressor c = Int8Compressor.builder(13).build();
    c.fit(x);
    assertTrue(c.calibrationWarnings().isEmpty());
    float[] lo = c.lowerBounds();
    float[] hi = c.upperBounds();
    for (float[] v : x) {
      float[] y = c.decode(c.encode(v));
      for (int i = 0; i < 13; i++) {
        assertTrue(v[i] >= lo[i] - 1e-6 && v[i] <= hi[i] + 1e-6);
        assertEquals(v[i], y[i], (hi[i] - lo[i]) / 255 / 2 + 1e-6);
      }
    }
  }

  @Test
  void int8QuantileCalibrationMatchesNumpyAndClips() {
    // column 0..99 (value = index), q = 0.95 -> numpy.quantile(range(100), [0.05, 0.95]) = [4.95, 94.05]
    float[][] x = new float[100][1];
    for (int i = 0; i < 100; i++) {
      x[(i * 37) % 100][0] = i;
    }
    Int8Compressor c = Int8Compressor.builder(1).calibration(Int8Compressor.Calibration.QUANTILE)
        .quantile(0.95).minCalibrationVectors(10).build();
    c.fit(x);
    assertEquals(4.95f, c.lowerBounds()[0], 1e-4f);
    assertEquals(94.05f, c.upperBounds()[0], 1e-3f);
    assertEquals(0, c.encode(new float[] {0f})[0] & 0xFF);
    assertEquals(255, c.encode(new float[] {99f})[0] & 0xFF);
    assertEquals(1, c.calibrationWarnings().size()); // 100 * 0.05 = 5 < 10 values in each tail
  }

  @Test
  void int8WarnsOnSmallCalibrationSets() {
    Int8Compressor c = Int8Compressor.builder(4).build();
    c.fit(Synthetic.clustered(13, 4, 2, 0.3, 1));
    assertEquals(1, c.calibrationWarnings().size());
    assertTrue(c.calibrationWarnings().get(0).contains("13 vectors (< 1000)"), c.calibrationWarnings().get(0));
  }

  @Test
  void int8DotScorerEqualsDotWithDecoded() {
    float[][] x = Synthetic.clustered(207, 37, 3, 0.5, 8);
    Int8Compressor c = Int8Compressor.builder(37).build();
    c.fit(x);
    QueryScorer s = c.scorer(x[5], Similarity.DOT_PRODUCT);
    for (float[] v : x) {
      byte[] code = c.encode(v);
      assertEquals(Synthetic.dot(x[5], c.decode(code)), s.score(code, 0), 1e-5);
    }
  }

  @Test
  void binaryPacksSignsAndScoresByHamming() {
    BinaryCompressor c = new BinaryCompressor(10);
    byte[] code = c.encode(new float[] {1, -1, 0, 2, -3, 4, 5, -6, 7, -0.5f});
    assertEquals(2, code.length);
    assertEquals(0b01101001, code[0] & 0xFF); // bits 0,3,5,6 set (0 is not > 0)
    assertEquals(0b01, code[1] & 0xFF);
    float s = (float) (1 / Math.sqrt(10));
    assertArrayEquals(new float[] {s, -s, -s, s, -s, s, s, -s, s, -s}, c.decode(code));
  }

  @Test
  void hammingMatchesNaiveCountAtTailSizes() {
    Random rnd = new Random(99);
    for (int dim : new int[] {1, 7, 8, 13, 64, 65, 207, 1021}) {
      BinaryCompressor c = new BinaryCompressor(dim);
      for (int trial = 0; trial < 20; trial++) {
        float[] a = new float[dim];
        float[] b = new float[dim];
        int naive = 0;
        for (int i = 0; i < dim; i++) {
          a[i] = (float) rnd.nextGaussian();
          b[i] = (float) rnd.nextGaussian();
          if ((a[i] > 0) != (b[i] > 0)) {
            naive++;
          }
        }
        byte[] cb = c.encode(b);
        assertEquals(naive, c.hamming(c.encode(a), 0, cb, 0), "dim=" + dim);
        assertEquals(dim - 2 * naive, c.scorer(a, Similarity.DOT_PRODUCT).score(cb, 0), 0f);
      }
    }
  }

  @Test
  void truncationKeepsNormalisedPrefix() {
    TruncationCompressor c = new TruncationCompressor(4, 2);
    float[] y = c.decode(c.encode(new float[] {3, 4, 100, -100}));
    assertArrayEquals(new float[] {0.6f, 0.8f, 0f, 0f}, y, 1e-7f);
    assertEquals(8, c.bytesPerVector());
    // score ranks exactly like the cosine of the prefixes
    float[] q = {1, 2, 9, 9};
    QueryScorer s = c.scorer(q, Similarity.DOT_PRODUCT);
    float a = s.score(c.encode(new float[] {1, 0, 0, 0}), 0);
    float b = s.score(c.encode(new float[] {1, 1, 0, 0}), 0);
    assertTrue(b > a);
    assertEquals(1f, a, 1e-6f);
    assertEquals(3 / Math.sqrt(2), b, 1e-6);
    assertThrows(IllegalArgumentException.class, () -> new TruncationCompressor(4, 5));
  }
}
