package dev.embedlab.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.embedlab.core.VectorUtil;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The vector-compressor contract, checked for every codec (after Lucene's
 * {@code BaseKnnVectorsFormatTestCase} and jvector's {@code VectorCompressor}): a subclass says how to
 * make its codec and how much reconstruction error it may show; every test here then runs against it.
 *
 * <p>The module that defines codecs ({@code compress}) tests against this class, so this module cannot
 * depend on it (Maven refuses the cycle); a subclass therefore hands the codec over through the small
 * {@link Codec} view. Data: {@link #TRAINING} seeded unit vectors of {@link #dimension()} components
 * with cluster structure ({@link #SEED}, printed in failure messages).
 */
public abstract class BaseVectorCompressorTestCase {
  /** Seed of the synthetic vectors. */
  protected static final long SEED = 20261207L;
  /** Training and test vectors: a prime above 256 (PQ's centroids) so tails are hit. */
  protected static final int TRAINING = 307;

  /** The codec under test as the contract sees it. */
  public interface Codec {
    /** Input dimension. */
    int dimension();

    /** Exact bytes of one code. */
    int bytesPerVector();

    /** Trains the codec when it learns from data; a no-op otherwise. */
    void fit(float[][] training);

    /** One code of {@link #bytesPerVector()} bytes. */
    byte[] encode(float[] vector);

    /** The vector of one code. */
    float[] decode(byte[] code);

    /** The codec's file, as its versioned writer writes it. */
    byte[] save() throws IOException;

    /** A codec read back from {@code file}. */
    Codec load(byte[] file) throws IOException;

    /** Mean squared reconstruction error the codec reports for {@code vectors}. */
    double reconstructionError(float[][] vectors);
  }

  /** A new, untrained codec for {@code dimension}-d vectors. */
  protected abstract Codec newCodec(int dimension);

  /** The largest mean squared reconstruction error allowed on the unit test vectors. */
  protected abstract double maxReconstructionError();

  /** Dimension of the test vectors; 32 unless the codec needs another (divisible by its subspaces). */
  protected int dimension() {
    return 32;
  }

  /**
   * Vectors that satisfy the library's vector policy yet that this codec cannot represent and must
   * refuse (float16: a component of 70000); none by default.
   */
  protected List<float[]> unrepresentable(int dim) {
    return List.of();
  }

  /** Seeded unit vectors around 8 centres. */
  protected static float[][] vectors(int n, int dim, long seed) {
    Random rnd = new Random(seed);
    float[][] centres = new float[8][dim];
    for (float[] c : centres) {
      for (int j = 0; j < dim; j++) {
        c[j] = (float) rnd.nextGaussian();
      }
    }
    float[][] v = new float[n][dim];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < dim; j++) {
        v[i][j] = centres[i % 8][j] + 0.4f * (float) rnd.nextGaussian();
      }
      VectorUtil.normalizeInPlace(v[i]);
    }
    return v;
  }

  private Codec trained() {
    Codec c = newCodec(dimension());
    c.fit(vectors(TRAINING, dimension(), SEED));
    return c;
  }

  @Test
  public void codesHaveExactlyBytesPerVectorAndDecodeToTheDimension() {
    Codec c = trained();
    assertTrue(c.bytesPerVector() >= 1, "bytesPerVector >= 1");
    for (float[] v : vectors(13, dimension(), SEED + 1)) {
      byte[] code = c.encode(v);
      assertEquals(c.bytesPerVector(), code.length, "code length, seed " + SEED);
      assertEquals(dimension(), c.decode(code).length);
    }
  }

  @Test
  public void writeThenReadGivesTheSameCodecAndTrailingBytesAreRefused() throws IOException {
    Codec c = trained();
    byte[] file = c.save();
    Codec back = c.load(file);
    assertEquals(c.bytesPerVector(), back.bytesPerVector());
    assertEquals(c.dimension(), back.dimension());
    for (float[] v : vectors(13, dimension(), SEED + 2)) {
      byte[] code = c.encode(v);
      assertArrayEquals(code, back.encode(v), "a read codec encodes as the written one, seed " + SEED);
      assertArrayEquals(c.decode(code), back.decode(code));
    }
    assertArrayEquals(file, back.save(), "written again, the same bytes");
    byte[] longer = Arrays.copyOf(file, file.length + 7);
    IOException e = assertThrows(IOException.class, () -> c.load(longer), "7 bytes after the footer");
    assertTrue(e.getMessage().contains("7 bytes after"), e.getMessage());
    for (int cut : new int[] {0, 5, file.length / 2, file.length - 1}) {
      assertThrows(IOException.class, () -> c.load(Arrays.copyOf(file, cut)), "cut at " + cut);
    }
  }

  @Test
  public void trainingAndEncodingAreDeterministic() throws IOException {
    Codec a = trained();
    Codec b = trained();
    assertArrayEquals(a.save(), b.save(), "same data, same seed: the same file");
    for (float[] v : vectors(7, dimension(), SEED + 3)) {
      assertArrayEquals(a.encode(v), b.encode(v));
      assertArrayEquals(a.encode(v), a.encode(v.clone()));
    }
  }

  @Test
  public void hostileVectorsAreRefusedByFitAndEncodeNamingTheComponent() {
    int dim = dimension();
    Codec c = trained();
    for (HostileVectors.Case h : HostileVectors.all(dim)) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.encode(h.copy()),
          "encode " + h);
      assertTrue(HostileVectors.namesTheProblem(e.getMessage()), h + ": " + e.getMessage());
      float[][] training = vectors(TRAINING, dim, SEED);
      training[TRAINING - 2] = h.copy();
      IllegalArgumentException f = assertThrows(IllegalArgumentException.class, () -> newCodec(dim).fit(training),
          "fit with a hostile row: " + h);
      assertTrue(f.getMessage().contains("[" + (TRAINING - 2) + "]"), "names the row: " + f.getMessage());
    }
    for (float[] v : unrepresentable(dim)) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.encode(v));
      assertTrue(e.getMessage().matches("(?s).*\\[\\d+\\].*"), "names the component: " + e.getMessage());
    }
  }

  @Test
  public void wrongDimensionsAreRefused() {
    int dim = dimension();
    Codec c = trained();
    assertThrows(IllegalArgumentException.class, () -> c.encode(new float[dim + 1]));
    assertThrows(IllegalArgumentException.class, () -> c.encode(new float[dim - 1]));
    float[][] ragged = vectors(TRAINING, dim, SEED);
    ragged[3] = new float[dim + 1];
    assertThrows(IllegalArgumentException.class, () -> newCodec(dim).fit(ragged));
    assertThrows(IllegalArgumentException.class, () -> c.decode(new byte[c.bytesPerVector() + 1]));
  }

  @Test
  public void reconstructionErrorIsReportedAndBounded() {
    Codec c = trained();
    float[][] test = vectors(TRAINING, dimension(), SEED + 4);
    double reported = c.reconstructionError(test);
    double sum = 0;
    for (float[] v : test) {
      float[] back = c.decode(c.encode(v));
      for (int j = 0; j < v.length; j++) {
        double d = (double) v[j] - back[j];
        sum += d * d;
      }
    }
    assertEquals(sum / test.length, reported, 1e-9 + 1e-6 * reported, "the reported error is the mean squared error");
    assertTrue(reported >= 0 && reported <= maxReconstructionError(),
        "reconstruction error " + reported + " <= " + maxReconstructionError() + ", seed " + SEED);
  }
}
