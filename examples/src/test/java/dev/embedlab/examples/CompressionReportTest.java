package dev.embedlab.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.embedlab.data.Qrels;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Smoke test of the example on a synthetic set (the real run needs SciFact and the model). */
class CompressionReportTest {

  @Test
  void reportHasOneRowPerCodecAndLosslessRowsKeepEverything() {
    Random rnd = new Random(7);
    int dim = 24;
    int n = 300;
    float[][] docs = new float[n][dim];
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      ids.add("d" + i);
      double norm = 0;
      for (int t = 0; t < dim; t++) {
        docs[i][t] = (float) rnd.nextGaussian();
        norm += docs[i][t] * docs[i][t];
      }
      for (int t = 0; t < dim; t++) {
        docs[i][t] /= (float) Math.sqrt(norm);
      }
    }
    float[][] queries = new float[13][];
    List<String> qids = new ArrayList<>();
    Qrels.Builder qb = Qrels.builder();
    for (int q = 0; q < queries.length; q++) {
      queries[q] = docs[q * 7].clone();
      qids.add("q" + q);
      qb.add("q" + q, "d" + (q * 7), 1);
    }
    String table = CompressionReport.report(ids, docs, qids, queries, qb.build(), 4, 1, 42);
    int rows = (int) table.lines().filter(l -> l.startsWith("| ") && !l.startsWith("| codec")).count();
    assertEquals(1 + CompressionReport.codecs(dim, 1, 42).size(), rows, table);
    assertTrue(table.contains("| float16 | 48 | 2.0 |"), table);
    assertTrue(table.contains("| binary | 3 | 32.0 |"), table);
    assertTrue(table.contains("nDCG@10 = 1.0000"), table);
  }
}
