package dev.embedlab.compress;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The k-means options every quantiser-training builder shares, defined once in {@link KMeansBuilder}. */
class KMeansBuilderTest {
  @Test
  void kMeansOfTakesIterationsSeedAndThreadsAndTrainsAlike() {
    float[][] x = ProductQuantizerTest.gaussian(207, 8, 7);
    ProductQuantizer.Builder source = ProductQuantizer.builder(8).subspaces(2).bits(4).iterations(3).seed(99).threads(2);
    ProductQuantizer copied = ProductQuantizer.builder(8).subspaces(2).bits(4).kMeansOf(source).build();
    ProductQuantizer explicit = ProductQuantizer.builder(8).subspaces(2).bits(4).iterations(3).seed(99).threads(2).build();
    ProductQuantizer other = ProductQuantizer.builder(8).subspaces(2).bits(4).iterations(3).seed(100).build();
    copied.fit(x);
    explicit.fit(x);
    other.fit(x);
    boolean differs = false;
    for (int s = 0; s < 2; s++) {
      for (int j = 0; j < 16; j++) {
        assertArrayEquals(explicit.centroid(s, j), copied.centroid(s, j), "sub-space " + s + " centroid " + j);
        differs |= !java.util.Arrays.equals(other.centroid(s, j), copied.centroid(s, j));
      }
    }
    assertTrue(differs, "another seed must give other centroids, else the seed was not taken");
  }

  @Test
  void refusesOutOfRangeValuesNamingThem() {
    ProductQuantizer.Builder b = ProductQuantizer.builder(8);
    assertEquals("iterations must be >= 0; iterations=-1",
        assertThrows(IllegalArgumentException.class, () -> b.iterations(-1)).getMessage());
    assertEquals("threads must be >= 1; threads=0",
        assertThrows(IllegalArgumentException.class, () -> b.threads(0)).getMessage());
  }
}
