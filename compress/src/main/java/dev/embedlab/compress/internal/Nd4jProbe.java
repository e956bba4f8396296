package dev.embedlab.compress.internal;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The ND4J calls of {@link Nd4jSupport}'s probe, in their own class so they load only inside it. */
final class Nd4jProbe {
  private Nd4jProbe() {}

  static void run() {
    INDArray a = Nd4j.create(new float[] {1f, 2f, 3f, 4f}, new long[] {2, 2}, 'c');
    float v = a.mmul(a).getFloat(1, 1); // [[7,10],[15,22]]
    a.close();
    if (v != 22f) {
      throw new IllegalStateException("ND4J gemm returned " + v + " for [[1,2],[3,4]]^2 [1][1]; expected 22");
    }
  }
}
