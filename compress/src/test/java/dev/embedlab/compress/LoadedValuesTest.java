package dev.embedlab.compress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files whose checksum is valid but whose values are impossible (written with the format's own
 * framing, {@link CompressorFormat#write}, so the CRC matches) are refused on load with an
 * {@link IOException} naming the field and the value, instead of decoding NaN or wrong vectors.
 */
class LoadedValuesTest {
  private static final int DIM = 8;

  /** Writes {@code c}'s kind and dimension with {@code payload}, framed and checksummed as the library does. */
  private static byte[] framed(VectorCompressor c, CompressorFormat.Payload payload) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    CompressorFormat.write(out, c, payload);
    return out.toByteArray();
  }

  private static String refused(byte[] file) {
    IOException e = assertThrows(IOException.class, () -> VectorCompressor.read(new ByteArrayInputStream(file)));
    return e.getMessage();
  }

  // ------------------------------------------------------------------ int8

  private static byte[] int8(float[] lo, float[] step) throws IOException {
    return framed(Int8Compressor.builder(DIM).build(), d -> {
      d.writeUTF(Int8Compressor.Calibration.MIN_MAX.name());
      d.writeDouble(0.999);
      d.writeInt(1000);
      CompressorFormat.writeFloats(d, lo);
      CompressorFormat.writeFloats(d, step);
    });
  }

  private static float[] filled(float v) {
    float[] a = new float[DIM];
    java.util.Arrays.fill(a, v);
    return a;
  }

  private static float[] with(float[] a, int i, float v) {
    float[] b = a.clone();
    b[i] = v;
    return b;
  }

  @Test
  void int8StepsAndBoundsMustBeFiniteAndStepsNonNegative() throws IOException {
    float[] lo = filled(-1f);
    float[] step = filled(2f / 255f);
    VectorCompressor ok = VectorCompressor.read(new ByteArrayInputStream(int8(lo, step)));
    assertEquals(DIM, ok.dimension()); // the writer of this test produces loadable files
    assertEquals("corrupt compressor file: int8 step[3] must be finite and >= 0; step[3]=NaN",
        refused(int8(lo, with(step, 3, Float.NaN))));
    assertEquals("corrupt compressor file: int8 step[0] must be finite and >= 0; step[0]=-0.5",
        refused(int8(lo, with(step, 0, -0.5f))));
    assertEquals("corrupt compressor file: int8 step[7] must be finite and >= 0; step[7]=Infinity",
        refused(int8(lo, with(step, 7, Float.POSITIVE_INFINITY))));
    assertEquals("corrupt compressor file: int8 lower bound[2] must be finite; int8 lower bound[2]=-Infinity",
        refused(int8(with(lo, 2, Float.NEGATIVE_INFINITY), step)));
    assertEquals("corrupt compressor file: int8 upper bound lower[5] + 255*step[5] must be finite; "
        + "lower=-1.0, step=3.0E37", refused(int8(lo, with(step, 5, 3e37f))));
    String q = refused(framed(Int8Compressor.builder(DIM).build(), d -> {
      d.writeUTF(Int8Compressor.Calibration.QUANTILE.name());
      d.writeDouble(Double.NaN);
      d.writeInt(1000);
    }));
    assertEquals("corrupt compressor file (INT8 payload): quantile must be in (0.5, 1]; quantile=NaN", q);
    // a constant dimension (step 0) is legitimate
    VectorCompressor.read(new ByteArrayInputStream(int8(lo, with(step, 1, 0f))));
  }

  @Test
  void theFileIsNamed(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("bad-int8.embc");
    Files.write(file, int8(filled(0f), with(filled(0.01f), 4, Float.NaN)));
    IOException e = assertThrows(IOException.class, () -> VectorCompressor.read(file));
    assertEquals(file + ": corrupt compressor file: int8 step[4] must be finite and >= 0; step[4]=NaN",
        e.getMessage());
  }

  // ------------------------------------------------------------------ PQ / OPQ

  private static ProductQuantizer trainedOpq() {
    ProductQuantizer opq = ProductQuantizer.builder(DIM).subspaces(2).bits(2).seed(1).opqIterations(2).build();
    opq.fit(Synthetic.clustered(200, DIM, 4, 0.3, 5));
    return opq;
  }

  private static float[] field(Object o, String name) {
    try {
      java.lang.reflect.Field f = o.getClass().getDeclaredField(name);
      f.setAccessible(true);
      return (float[]) f.get(o);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  private static byte[] pq(ProductQuantizer src, int opqIterations, float[] rotation, float[] centroids)
      throws IOException {
    return framed(src, d -> {
      d.writeInt(src.subspaces());
      d.writeInt(src.bits());
      d.writeInt(25);
      d.writeLong(1);
      d.writeInt(256);
      d.writeInt(opqIterations);
      d.writeBoolean(rotation != null);
      if (rotation != null) {
        CompressorFormat.writeFloats(d, rotation);
      }
      CompressorFormat.writeFloats(d, centroids);
    });
  }

  @Test
  void pqCentroidsMustBeFiniteAndTheOpqRotationOrthogonal() throws IOException {
    ProductQuantizer opq = trainedOpq();
    float[] rot = field(opq, "rotation");
    float[] cen = field(opq, "centroids");
    VectorCompressor.read(new ByteArrayInputStream(pq(opq, 2, rot, cen))); // as written: loads
    assertEquals("corrupt compressor file: PQ centroids[9] must be finite; PQ centroids[9]=NaN",
        refused(pq(opq, 2, rot, with(cen, 9, Float.NaN))));
    float[] scaled = rot.clone();
    for (int i = 0; i < scaled.length; i++) {
      scaled[i] *= 1.01f; // R·Rᵀ = 1.0201·I
    }
    String m = refused(pq(opq, 2, scaled, cen));
    assertTrue(m.startsWith("corrupt compressor file: OPQ rotation rows must be orthonormal within 0.001; "
        + "max |M·Mᵀ - I|=0.020"), m);
    assertEquals("corrupt compressor file: OPQ rotation[0] must be finite; OPQ rotation[0]=NaN",
        refused(pq(opq, 2, with(rot, 0, Float.NaN), cen)));
    assertEquals("corrupt compressor file: an OPQ rotation must be present exactly when opqIterations > 0; "
        + "opqIterations=2, rotation absent", refused(pq(opq, 2, null, cen)));
    assertEquals("corrupt compressor file: an OPQ rotation must be present exactly when opqIterations > 0; "
        + "opqIterations=0, rotation present", refused(pq(opq, 0, rot, cen)));
    // sizes the builder refuses are reported as corrupt, naming the parameter
    m = refused(framed(opq, d -> {
      d.writeInt(3); // subspaces
      d.writeInt(2); // bits
      d.writeInt(25);
      d.writeLong(1);
      d.writeInt(256);
      d.writeInt(0);
    }));
    assertTrue(m.contains("subspaces must be >= 1 and divide dimension 8; subspaces=3"), m);
  }

  // ------------------------------------------------------------------ PCA

  private record Pca(double total, double[] ev, float[] mean, float[] comp) {}

  private static Pca pcaValues(PcaCompressor p) {
    double[] ev = p.explainedVariance();
    double total = ev[0] / p.explainedVarianceRatio()[0];
    float[] comp = new float[p.components() * DIM];
    for (int j = 0; j < p.components(); j++) {
      System.arraycopy(p.component(j), 0, comp, j * DIM, DIM);
    }
    return new Pca(total, ev, p.mean(), comp);
  }

  private static byte[] pca(PcaCompressor src, Pca v) throws IOException {
    return framed(src, d -> {
      d.writeInt(v.ev.length);
      d.writeBoolean(false);
      d.writeDouble(v.total);
      d.writeInt(v.ev.length);
      for (double x : v.ev) {
        d.writeDouble(x);
      }
      CompressorFormat.writeFloats(d, v.mean);
      CompressorFormat.writeFloats(d, v.comp);
    });
  }

  @Test
  void pcaVariancesMeanAndComponentsMustMeanSomething() throws IOException {
    PcaCompressor p = new PcaCompressor(DIM, 3, false);
    p.fit(Synthetic.clustered(300, DIM, 4, 0.3, 9));
    Pca v = pcaValues(p);
    VectorCompressor.read(new ByteArrayInputStream(pca(p, v))); // as written: loads
    UnaryOperator<double[]> copy = double[]::clone;
    double[] neg = copy.apply(v.ev);
    neg[2] = -1e-3;
    assertEquals("corrupt compressor file: PCA variance[2] must be finite and >= 0; variance[2]=-0.001",
        refused(pca(p, new Pca(v.total, neg, v.mean, v.comp))));
    double[] up = copy.apply(v.ev);
    up[1] = up[0] * 2;
    assertTrue(refused(pca(p, new Pca(v.total, up, v.mean, v.comp)))
        .startsWith("corrupt compressor file: PCA variances must be non-increasing; variance[1]="));
    assertEquals("corrupt compressor file: PCA total variance must be finite and >= 0; total=NaN",
        refused(pca(p, new Pca(Double.NaN, v.ev, v.mean, v.comp))));
    assertTrue(refused(pca(p, new Pca(v.ev[0], v.ev, v.mean, v.comp)))
        .startsWith("corrupt compressor file: PCA variances must sum to at most the total variance "));
    assertEquals("corrupt compressor file: PCA mean[6] must be finite; PCA mean[6]=NaN",
        refused(pca(p, new Pca(v.total, v.ev, with(v.mean, 6, Float.NaN), v.comp))));
    float[] twice = v.comp.clone();
    for (int i = 0; i < DIM; i++) {
      twice[DIM + i] *= 2; // component 1 of length 2
    }
    assertTrue(refused(pca(p, new Pca(v.total, v.ev, v.mean, twice)))
        .startsWith("corrupt compressor file: PCA components rows must be orthonormal within 0.001; max |M·Mᵀ - I|=3.0"));
  }

  // ------------------------------------------------------------------ truncation

  @Test
  void truncationKeepMustFitTheDimension() throws IOException {
    TruncationCompressor t = new TruncationCompressor(DIM, 4);
    for (int keep : new int[] {0, -1, DIM + 1}) {
      String m = refused(framed(t, d -> d.writeInt(keep)));
      assertEquals("corrupt compressor file (TRUNCATION payload): keep must be in [1, " + DIM + "]; keep=" + keep, m);
    }
  }
}
