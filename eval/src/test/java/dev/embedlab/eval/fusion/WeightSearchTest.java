package dev.embedlab.eval.fusion;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.embedlab.core.VectorUtil;
import dev.embedlab.core.ensemble.EnsembleEmbedder;
import dev.embedlab.data.Qrels;
import dev.embedlab.data.Run;
import dev.embedlab.data.ScoredDoc;
import dev.embedlab.eval.metrics.Measure;
import dev.embedlab.eval.metrics.RankingEvaluator;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class WeightSearchTest {
  private static final long SEED = 7L;

  private static float[][] gaussian(Random r, int n, int d) {
    float[][] m = new float[n][d];
    for (float[] row : m) {
      for (int j = 0; j < d; j++) {
        row[j] = (float) r.nextGaussian();
      }
    }
    return m;
  }

  /** 3 models of dims 64, 48, 13; 13 queries, 207 docs; qrels = doc q*7 relevant to query q. */
  private static final class Fixture {
    final Random r = new Random(SEED);
    final List<String> qids = new ArrayList<>();
    final List<String> dids = new ArrayList<>();
    final float[][][] q = new float[3][][];
    final float[][][] d = new float[3][][];
    final Qrels qrels;

    Fixture() {
      int nq = 13;
      int nd = 207;
      for (int i = 0; i < nq; i++) {
        qids.add("q" + i);
      }
      for (int j = 0; j < nd; j++) {
        dids.add("doc" + j);
      }
      int[] dims = {64, 48, 13};
      Qrels.Builder qb = Qrels.builder();
      for (int m = 0; m < 3; m++) {
        q[m] = gaussian(r, nq, dims[m]);
        d[m] = gaussian(r, nd, dims[m]);
      }
      for (int i = 0; i < nq; i++) {
        int rel = i * 7;
        qb.add(qids.get(i), dids.get(rel), 1);
        // model 0 sees odd queries' relevant docs, model 1 the even ones; model 2 is noise
        int good = i % 2 == 1 ? 0 : 1;
        for (int j = 0; j < d[good][rel].length; j++) {
          d[good][rel][j] = q[good][i][j] * 3 + d[good][rel][j] * 0.1f;
        }
      }
      qrels = qb.build();
    }

    WeightSearch search(int depth) {
      return WeightSearch.builder().queryIds(qids).docIds(dids)
          .model("m0", q[0], d[0]).model("m1", q[1], d[1]).model("m2", q[2], d[2])
          .depth(depth).build();
    }
  }

  @Test
  void runScoresEqualTheConcatenatedEnsembleDotProduct() {
    Fixture f = new Fixture();
    WeightSearch ws = f.search(207);
    double[] w = {0.5, 0.3, 0.2};
    Run run = ws.run(w);
    float[] eq = EnsembleEmbedder.combine(EnsembleEmbedder.Mode.CONCAT, w, f.q[0][3], f.q[1][3], f.q[2][3]);
    for (ScoredDoc sd : run.ranked("q3")) {
      int j = Integer.parseInt(sd.docId().substring(3));
      float[] ed = EnsembleEmbedder.combine(EnsembleEmbedder.Mode.CONCAT, w, f.d[0][j], f.d[1][j], f.d[2][j]);
      assertEquals(VectorUtil.dot(eq, ed), sd.score(), 1e-5, sd.docId());
    }
    assertEquals(207, run.ranked("q3").size());
  }

  @Test
  void gridCoversTheSimplexAndReturnsTheWholeCurve() {
    Fixture f = new Fixture();
    WeightSearch ws = f.search(100);
    WeightSearch.Result g = ws.grid(f.qrels, 4);
    assertEquals(15, g.curve().size()); // C(4+2, 2)
    assertEquals(List.of("m0", "m1", "m2"), g.models());
    for (WeightSearch.Point p : g.curve()) {
      assertEquals(1.0, p.weights()[0] + p.weights()[1] + p.weights()[2], 1e-9);
      assertTrue(p.value() <= g.best().value());
    }
    assertArrayEquals(new double[] {1, 0, 0}, g.curve().get(0).weights());
    // the one-hot corner equals that model alone, evaluated directly
    RankingEvaluator ev = RankingEvaluator.of(Measure.ndcg(10));
    double alone = ev.evaluate(f.qrels, ws.run(0, 1, 0)).mean(Measure.ndcg(10));
    double corner = g.curve().stream().filter(p -> p.weights()[1] == 1.0).findFirst().orElseThrow().value();
    assertEquals(alone, corner, 0);
    // each of m0, m1 only serves half the queries; mixing them must beat both corners
    assertTrue(g.best().weights()[0] > 0 && g.best().weights()[1] > 0, g.best().toString());
    assertTrue(g.best().value() > corner);
  }

  @Test
  void coordinateAscentNeverEndsBelowItsStart() {
    Fixture f = new Fixture();
    WeightSearch ws = f.search(100);
    WeightSearch.Result c = ws.coordinateAscent(f.qrels, 10, 5);
    assertArrayEquals(new double[] {1 / 3.0, 1 / 3.0, 1 / 3.0}, c.curve().get(0).weights(), 1e-9);
    assertTrue(c.best().value() >= c.curve().get(0).value());
    assertTrue(c.curve().size() > 1);
  }

  @Test
  void weightScaleDoesNotChangeTheRanking() {
    Fixture f = new Fixture();
    WeightSearch ws = f.search(10);
    for (String q : f.qids) {
      assertEquals(ws.run(1, 2, 3).ranked(q).stream().map(ScoredDoc::docId).toList(),
          ws.run(2, 4, 6).ranked(q).stream().map(ScoredDoc::docId).toList());
    }
  }

  @Test
  void validates() {
    Fixture f = new Fixture();
    WeightSearch ws = f.search(10);
    assertThrows(IllegalArgumentException.class, () -> ws.run(1, 1));
    assertThrows(IllegalArgumentException.class, () -> ws.run(0, 0, 0));
    assertThrows(IllegalArgumentException.class, () -> ws.run(1, -1, 1));
    assertThrows(IllegalArgumentException.class, () -> ws.grid(f.qrels, 0));
    assertThrows(IllegalArgumentException.class, () -> WeightSearch.builder().queryIds(f.qids)
        .docIds(f.dids).model("bad", f.q[0], f.q[0]).build());
  }
}
