package dev.embedlab.core.ensemble;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.embedlab.core.Embedder;
import dev.embedlab.core.VectorUtil;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class EnsembleEmbedderTest {
  private static final long SEED = 20261127L;
  private static final double TOL = 1e-5;

  /** Deterministic pseudo-embedder: vector from the text's hash and a per-model salt, unnormalised. */
  static final class Fake implements Embedder {
    final int dim;
    final String id;
    boolean closed;

    Fake(String id, int dim) {
      this.id = id;
      this.dim = dim;
    }

    @Override
    public float[][] embed(List<String> texts, Role role) {
      float[][] out = new float[texts.size()][dim];
      for (int i = 0; i < texts.size(); i++) {
        Random r = new Random(texts.get(i).hashCode() * 31L + id.hashCode() + role.ordinal());
        for (int j = 0; j < dim; j++) {
          out[i][j] = (float) (r.nextGaussian() * 3 + 0.5);
        }
      }
      return out;
    }

    @Override
    public int dimension() {
      return dim;
    }

    @Override
    public String id() {
      return id;
    }

    @Override
    public void close() {
      closed = true;
    }
  }

  @Test
  void concatDotEqualsWeightedSumOfCosinesForMixedDimensions() {
    Random rnd = new Random(SEED);
    int[][] dimSets = {{384}, {384, 768}, {1, 13, 207}, {384, 384, 1021, 5}};
    for (int[] dims : dimSets) {
      List<Embedder> parts = new ArrayList<>();
      double[] w = new double[dims.length];
      EnsembleEmbedder.Builder b = EnsembleEmbedder.builder();
      for (int i = 0; i < dims.length; i++) {
        parts.add(new Fake("m" + i, dims[i]));
        w[i] = rnd.nextDouble() * 2; // weights need not sum to 1
        b.add(parts.get(i), w[i]);
      }
      EnsembleEmbedder ens = b.build();
      assertEquals(java.util.Arrays.stream(dims).sum(), ens.dimension());
      List<String> qs = List.of("q1", "what is x", "갤럭시");
      List<String> ds = List.of("d1", "x is y", "Galaxy S23", "");
      float[][] eq = ens.embed(qs, Embedder.Role.QUERY);
      float[][] ed = ens.embed(ds, Embedder.Role.DOCUMENT);
      double wsum = java.util.Arrays.stream(w).sum();
      for (int a = 0; a < qs.size(); a++) {
        assertEquals(Math.sqrt(wsum), VectorUtil.norm(eq[a]), TOL, "norm = sqrt(sum w)");
        for (int c = 0; c < ds.size(); c++) {
          double expected = 0;
          for (int i = 0; i < dims.length; i++) {
            float[] uq = parts.get(i).embed(List.of(qs.get(a)), Embedder.Role.QUERY)[0];
            float[] ud = parts.get(i).embed(List.of(ds.get(c)), Embedder.Role.DOCUMENT)[0];
            expected += w[i] * VectorUtil.cosine(uq, ud);
          }
          assertEquals(expected, VectorUtil.dot(eq[a], ed[c]), TOL,
              "dims=" + java.util.Arrays.toString(dims) + " seed=" + SEED);
        }
      }
    }
  }

  @Test
  void concatHandComputedCase() {
    // u1=(3,4) -> (0.6,0.8), w1=4 -> (1.2,1.6); u2=(0,0,2) -> (0,0,1), w2=1 -> (0,0,1)
    float[] v = EnsembleEmbedder.combine(EnsembleEmbedder.Mode.CONCAT, new double[] {4, 1},
        new float[] {3, 4}, new float[] {0, 0, 2});
    assertArrayEquals(new float[] {1.2f, 1.6f, 0, 0, 1}, v, 1e-6f);
    // a zero part stays zero
    float[] z = EnsembleEmbedder.combine(EnsembleEmbedder.Mode.CONCAT, new double[] {1, 1},
        new float[] {0, 0}, new float[] {2});
    assertArrayEquals(new float[] {0, 0, 1}, z, 1e-6f);
  }

  @Test
  void weightedSumHandComputedAndEqualDimensionsOnly() {
    // û1=(1,0), û2=(0,1); 3·û1 + 1·û2 = (3,1) -> /√10
    float[] v = EnsembleEmbedder.combine(EnsembleEmbedder.Mode.WEIGHTED_SUM, new double[] {3, 1},
        new float[] {5, 0}, new float[] {0, 0.5f});
    assertArrayEquals(new float[] {(float) (3 / Math.sqrt(10)), (float) (1 / Math.sqrt(10))}, v, 1e-6f);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> EnsembleEmbedder.builder().mode(EnsembleEmbedder.Mode.WEIGHTED_SUM)
            .add(new Fake("small", 384), 1).add(new Fake("base", 768), 1).build());
    assertTrue(e.getMessage().startsWith("weighted sum needs equal dimensions: 384!=768"), e.getMessage());
    EnsembleEmbedder same = EnsembleEmbedder.builder().mode(EnsembleEmbedder.Mode.WEIGHTED_SUM)
        .add(new Fake("a", 8), 1).add(new Fake("b", 8), 1).build();
    assertEquals(8, same.dimension());
    assertEquals(1.0, VectorUtil.norm(same.embed(List.of("x"))[0]), TOL);
    assertEquals("ensemble(weighted_sum;1*a,1*b)", same.id());
  }

  @Test
  void combineOfHeldVectorsEqualsEmbed() {
    Fake a = new Fake("a", 5);
    Fake b = new Fake("b", 3);
    EnsembleEmbedder ens = EnsembleEmbedder.builder().add(a, 0.25).add(b, 0.75).build();
    assertEquals("ensemble(concat;0.25*a,0.75*b)", ens.id());
    float[] direct = ens.embed(List.of("t"), Embedder.Role.QUERY)[0];
    float[] held = ens.combine(a.embed(List.of("t"), Embedder.Role.QUERY)[0],
        b.embed(List.of("t"), Embedder.Role.QUERY)[0]);
    assertArrayEquals(direct, held, 0f);
  }

  @Test
  void validatesWeightsAndParts() {
    assertThrows(IllegalArgumentException.class, () -> EnsembleEmbedder.builder().build());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> EnsembleEmbedder.builder().add(new Fake("a", 2), -1));
    assertEquals("weight must be finite and >= 0; weight=-1.0 for a", e.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> EnsembleEmbedder.builder().add(new Fake("a", 2), Double.NaN));
    assertThrows(IllegalArgumentException.class,
        () -> EnsembleEmbedder.builder().add(new Fake("a", 2), 0).build());
    assertThrows(IllegalArgumentException.class,
        () -> EnsembleEmbedder.combine(EnsembleEmbedder.Mode.CONCAT, new double[] {1}, new float[1], new float[1]));
  }

  @Test
  void closesOwnedPartsOnceAndRejectsUseAfterClose() {
    Fake a = new Fake("a", 2);
    Fake b = new Fake("b", 2);
    EnsembleEmbedder owned = EnsembleEmbedder.builder().add(a, 1).add(b, 1).build();
    owned.close();
    owned.close();
    assertTrue(a.closed && b.closed);
    IllegalStateException ex = assertThrows(IllegalStateException.class, () -> owned.embed(List.of("x")));
    assertEquals("ensemble(concat;1*a,1*b) is closed", ex.getMessage());
    Fake c = new Fake("c", 2);
    EnsembleEmbedder borrowed = EnsembleEmbedder.builder().add(c, 1).ownsParts(false).build();
    borrowed.close();
    assertFalse(c.closed);
  }
}
