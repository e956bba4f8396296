package dev.embedlab.tune.adapter;

import dev.embedlab.core.Embedder;
import dev.embedlab.testing.BaseEmbedderTestCase;
import dev.embedlab.testing.CountingTestEmbedder;
import java.util.Random;

/** The {@link Embedder} contract on {@link AdapterEmbedder}: a seeded query-side adapter over a counting model. */
class AdapterEmbedderContractTest extends BaseEmbedderTestCase {
  private static final int D = 8;

  @Override
  protected Embedder newEmbedder() {
    Random r = new Random(17);
    float[] w = new float[D * D];
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) r.nextGaussian();
    }
    return AdapterEmbedder.wrap(new CountingTestEmbedder("base", D, 11), new LinearAdapter(D, w, null, AdapterSides.QUERY));
  }

  @Override
  protected float tolerance() {
    return 1e-5f; // the adapter's matrix product and renormalisation in float
  }

  @Override
  protected boolean rolesDiffer() {
    return true;
  }
}
