package dev.embedlab.ann;

import dev.embedlab.core.retrieval.Queries;
import dev.embedlab.core.retrieval.Ranking;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Helpers shared by the ANN tests. */
final class AnnTestUtil {
  private AnnTestUtil() {}

  /** Mean over queries of |got ∩ want| / |want|. */
  static double recall(List<Ranking> want, List<Ranking> got) {
    double sum = 0;
    for (int q = 0; q < want.size(); q++) {
      Set<String> w = new HashSet<>(want.get(q).docIds());
      int hit = 0;
      for (String d : got.get(q).docIds()) {
        if (w.contains(d)) {
          hit++;
        }
      }
      sum += w.isEmpty() ? 1 : (double) hit / w.size();
    }
    return sum / want.size();
  }

  /** A hit found by both carries the same score: candidates were rescored with the exact kernel. */
  static void assertRescoredScoresAreExact(List<Ranking> want, List<Ranking> got) {
    for (int q = 0; q < want.size(); q++) {
      Ranking w = want.get(q);
      Ranking g = got.get(q);
      for (int i = 0; i < g.size(); i++) {
        int j = w.docIds().indexOf(g.docId(i));
        if (j >= 0) {
          org.junit.jupiter.api.Assertions.assertEquals(w.score(j), g.score(i), 0.0,
              "exact rescored score of " + g.docId(i) + ", query " + q);
        }
      }
    }
  }

  /**
   * A graph index's batch at k=10 against brute force: recall@10 at least 0.95, every hit found by both
   * with the exact score, and one latency sample per query with p95 at or above p50.
   */
  static void assertGraphSearchIsAccurate(AnnRetriever r, List<Ranking> want, Queries qs, long seed) {
    List<Ranking> got = r.search(qs, 10);
    double recall = recall(want, got);
    org.junit.jupiter.api.Assertions.assertTrue(recall >= 0.95, "recall@10=" + recall + ", seed " + seed);
    assertRescoredScoresAreExact(want, got);
    org.junit.jupiter.api.Assertions.assertEquals(qs.size(), r.lastLatency().samples());
    org.junit.jupiter.api.Assertions.assertTrue(r.lastLatency().p95Millis() >= r.lastLatency().p50Millis());
  }

  /** Flips one byte in the middle of a file. */
  static void flipByte(java.nio.file.Path f) throws java.io.IOException {
    byte[] b = java.nio.file.Files.readAllBytes(f);
    b[b.length / 2] ^= 0x40;
    java.nio.file.Files.write(f, b);
  }

  /** Cuts a file to half its length. */
  static void truncate(java.nio.file.Path f) throws java.io.IOException {
    byte[] b = java.nio.file.Files.readAllBytes(f);
    java.nio.file.Files.write(f, java.util.Arrays.copyOf(b, b.length / 2));
  }
}
