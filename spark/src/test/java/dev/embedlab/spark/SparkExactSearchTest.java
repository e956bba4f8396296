package dev.embedlab.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.embedlab.core.retrieval.Ranking;
import dev.embedlab.data.Qrels;
import dev.embedlab.data.Run;
import dev.embedlab.eval.metrics.EvaluationResult;
import dev.embedlab.eval.metrics.RankingEvaluator;
import dev.embedlab.eval.search.ExactSearch;
import dev.embedlab.eval.search.ScoreBackend;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Distributed exact top-k against single-machine {@link ExactSearch} (Java kernel): equal runs and metrics. */
@ExtendWith(SharedSpark.class)
class SparkExactSearchTest {
  static final long SEED = 20261129L;
  static final int DIM = 13;

  /**
   * 207 documents whose components are multiples of 1/4 in [-1, 1], so many dot products tie
   * exactly and the trec_eval tie order (id descending) decides ranks, including at the k-th place;
   * docs 0..9 repeat one vector (a block of ties). Ids mix lengths so code-point order matters.
   */
  static float[][] docs(Random rnd, int n) {
    float[][] d = new float[n][DIM];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < DIM; j++) {
        d[i][j] = (rnd.nextInt(9) - 4) / 4f;
      }
    }
    for (int i = 1; i < 10; i++) {
      d[i] = d[0].clone();
    }
    return d;
  }

  static String[] docIds(int n) {
    String[] ids = new String[n];
    for (int i = 0; i < n; i++) {
      ids[i] = (i % 3 == 0 ? "doc-" : i % 3 == 1 ? "D" : "d") + i;
    }
    return ids;
  }

  static Dataset<Row> frame(SparkSession spark, String[] ids, float[][] v, int partitions) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < ids.length; i++) {
      rows.add(RowFactory.create(ids[i], SparkEmbedJob.boxed(v[i])));
    }
    return spark.createDataFrame(rows, SparkEmbedJob.VECTOR_SCHEMA).repartition(partitions);
  }

  @Test
  void equalsExactSearchWithTiesAcrossPartitionsAndK() {
    SparkSession spark = SharedSpark.session();
    Random rnd = new Random(SEED);
    System.err.println("seed " + SEED);
    int nd = 207;
    float[][] d = docs(rnd, nd);
    String[] ids = docIds(nd);
    float[][] q = docs(rnd, 17);
    String[] qids = new String[q.length];
    for (int i = 0; i < q.length; i++) {
      qids[i] = "q" + i;
    }
    q[3] = d[0].clone(); // query that ties with the 10-document block
    qids[5] = ids[40]; // a query whose id is a document id (excludeIdenticalIds)
    Qrels.Builder qb = Qrels.builder();
    for (int i = 0; i < q.length; i++) {
      for (int r = 0; r < 4; r++) {
        qb.add(qids[i], ids[rnd.nextInt(nd)], 1 + rnd.nextInt(2));
      }
    }
    Qrels qrels = qb.build();
    RankingEvaluator ev = RankingEvaluator.standard();
    // (partitions, k, excludeIdenticalIds): one partition, a few, more partitions than a block
    // holds, and more partitions than documents (most of them empty); k of 1, 10 and > |D|.
    int[][] cases = {{1, 300, 0}, {3, 10, 0}, {8, 1, 1}, {300, 10, 1}};
    for (int[] c : cases) {
      int partitions = c[0];
      int k = c[1];
      boolean exclude = c[2] == 1;
      String what = "partitions=" + partitions + " k=" + k + " exclude=" + exclude;
      Run want = Run.of(ExactSearch.builder().k(k).excludeIdenticalIds(exclude).backend(ScoreBackend.JAVA).build()
          .search(q, qids, d, ids));
      List<Ranking> got = SparkExactSearch.builder().k(k).excludeIdenticalIds(exclude).queryBlockSize(7)
          .docBlockSize(50).checkDistinctIds(partitions == 3).build().search(frame(spark, ids, d, partitions), qids, q);
      assertEquals(qids.length, got.size(), what);
      for (int i = 0; i < qids.length; i++) {
        assertEquals(qids[i], got.get(i).queryId(), what);
      }
      Run run = Run.of(got);
      assertEquals(want, run, what); // same ids, same order, same (double) scores
      EvaluationResult a = ev.evaluate(qrels, want);
      EvaluationResult b = ev.evaluate(qrels, run);
      assertEquals(a.means(), b.means(), what);
    }
  }

  @Test
  void emptyCorpusGivesEmptyRankings() {
    SparkSession spark = SharedSpark.session();
    List<Ranking> got = SparkExactSearch.builder().k(5).build()
        .search(frame(spark, new String[0], new float[0][], 2), new String[] {"q"}, new float[][] {{1f, 0f}});
    assertEquals(1, got.size());
    assertEquals(0, got.get(0).size());
  }

  @Test
  void badDocumentsAreNamed() {
    SparkSession spark = SharedSpark.session();
    float[][] q = {{1f, 0f}};
    Exception dim = assertThrows(Exception.class, () -> SparkExactSearch.builder().k(2).build()
        .search(frame(spark, new String[] {"a", "short"}, new float[][] {{1f, 1f}, {1f}}, 2), new String[] {"q"}, q));
    assertTrue(SparkEmbedJobTest.messages(dim).contains("document short has 1; queries have 2"),
        SparkEmbedJobTest.messages(dim));
    Exception nan = assertThrows(Exception.class, () -> SparkExactSearch.builder().k(2).build()
        .search(frame(spark, new String[] {"a", "nan"}, new float[][] {{1f, 1f}, {Float.NaN, 1f}}, 1), new String[] {"q"}, q));
    assertTrue(SparkEmbedJobTest.messages(nan).contains("nan") && SparkEmbedJobTest.messages(nan).contains("finite"),
        SparkEmbedJobTest.messages(nan));
    IllegalArgumentException dup = assertThrows(IllegalArgumentException.class, () -> SparkExactSearch.builder()
        .k(2).build().search(frame(spark, new String[] {"a", "a"}, new float[][] {{1f, 1f}, {0f, 1f}}, 2),
            new String[] {"q"}, q));
    assertTrue(dup.getMessage().contains("duplicate id \"a\""), dup.getMessage());
    IllegalArgumentException qdim = assertThrows(IllegalArgumentException.class, () -> SparkExactSearch.builder()
        .build().search(frame(spark, new String[] {"a"}, new float[][] {{1f, 1f}}, 1),
            new String[] {"q1", "q2"}, new float[][] {{1f, 0f}, {1f}}));
    assertTrue(qdim.getMessage().contains("queries[1] has 1; expected 2"), qdim.getMessage());
  }
}
