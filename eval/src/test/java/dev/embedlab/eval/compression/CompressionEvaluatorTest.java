package dev.embedlab.eval.compression;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.embedlab.compress.BinaryCompressor;
import dev.embedlab.compress.TruncationCompressor;
import dev.embedlab.data.Qrels;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CompressionEvaluatorTest {
  static final int DIM = 16;

  /** 207 random unit docs; query q_i is a noisy copy of doc i, which is its only relevant doc. */
  static final class Fixture {
    final List<String> docIds = new ArrayList<>();
    final float[][] docs = new float[207][];
    final List<String> queryIds = new ArrayList<>();
    final float[][] queries = new float[30][];
    final Qrels qrels;

    Fixture(long seed) {
      Random rnd = new Random(seed);
      for (int i = 0; i < docs.length; i++) {
        docIds.add("doc" + i);
        docs[i] = unit(rnd, null, 0);
      }
      Qrels.Builder qb = Qrels.builder();
      for (int q = 0; q < queries.length; q++) {
        queryIds.add("q" + q);
        queries[q] = unit(rnd, docs[q * 5], 0.6);
        qb.add("q" + q, "doc" + (q * 5), 1);
      }
      qrels = qb.build();
    }

    static float[] unit(Random rnd, float[] around, double noise) {
      float[] v = new float[DIM];
      double n = 0;
      for (int i = 0; i < DIM; i++) {
        v[i] = (float) ((around == null ? 0 : around[i]) + (around == null ? 1 : noise) * rnd.nextGaussian() * 0.25);
        n += v[i] * v[i];
      }
      for (int i = 0; i < DIM; i++) {
        v[i] /= (float) Math.sqrt(n);
      }
      return v;
    }
  }

  @Test
  void losslessCodecRetainsEverything() {
    Fixture f = new Fixture(3);
    CompressionEvaluator ev = CompressionEvaluator.of(10, 4);
    CompressionEvaluator.Reference ref = ev.reference(f.docIds, f.docs, f.queryIds, f.queries, f.qrels);
    assertTrue(ref.ndcg() > 0.5, "reference nDCG " + ref.ndcg());
    RetrievalRetention r = ev.evaluate(new TruncationCompressor(DIM, DIM), ref);
    assertEquals(ref.ndcg(), r.ndcgCompressed(), 1e-6);
    assertEquals(1.0, r.retained(), 1e-6);
    assertEquals(1.0, r.retainedRescored(), 1e-6);
    assertEquals(30, r.queries());
  }

  @Test
  void binaryLosesAndFullRescoringRestores() {
    Fixture f = new Fixture(4);
    CompressionEvaluator full = CompressionEvaluator.of(10, 21); // 210 candidates >= 207 docs
    CompressionEvaluator.Reference ref = full.reference(f.docIds, f.docs, f.queryIds, f.queries, f.qrels);
    RetrievalRetention r = full.evaluate(new BinaryCompressor(DIM), ref);
    assertTrue(r.retained() < 1.0, "binary retained " + r.retained());
    assertEquals(1.0, r.retainedRescored(), 1e-6);
    RetrievalGate gate = new RetrievalGate(0.99, false);
    assertFalse(gate.accepts(r));
    assertTrue(gate.reasons(r).get(0).startsWith("binary keeps 0."), gate.reasons(r).get(0));
    assertTrue(new RetrievalGate(0.99, true).accepts(r));
  }
}
