package dev.embedlab.compress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.embedlab.core.Float16;
import org.junit.jupiter.api.Test;

/** The fp16 codec over core's one binary16 converter. */
class Float16CompressorRoundTripTest {

  @Test
  void compressorRoundTripWithinEpsilon() {
    float[][] v = Synthetic.clustered(207, 13, 3, 0.3, 7);
    Float16Compressor c = new Float16Compressor(13);
    assertEquals(26, c.bytesPerVector());
    for (float[] x : v) {
      float[] y = c.decode(c.encode(x));
      for (int i = 0; i < x.length; i++) {
        double tol = Math.max(Float16.UNIT_ROUNDOFF * Math.abs(x[i]), 0x1p-25);
        assertEquals(x[i], y[i], tol);
      }
    }
    assertTrue(c.reconstructionError(v) < 1e-6);
  }
}
