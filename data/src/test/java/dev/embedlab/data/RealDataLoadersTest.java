package dev.embedlab.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.embedlab.testing.SharedData;
import java.io.IOException;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Loaders on the real shared data sets (skipped with a reason when ../shared is absent). */
class RealDataLoadersTest {
  @Test
  void scifactTest() throws IOException {
    RetrievalDataset ds = BeirDatasets.load(SharedData.require("data/scifact"), "test");
    assertEquals(300, ds.queries().size());
    assertEquals(300, ds.qrels().queryIds().size());
    assertEquals(339, ds.qrels().size());
    assertEquals(5183, ds.corpus().size());
    assertTrue(ds.warnings().isEmpty(), ds.warnings().toString());
    // equal to the oracle's TREC-form qrels
    Qrels oracle = Qrels.readTrec(SharedData.require("oracles/scifact-test.qrels"));
    assertEquals(oracle.asMap(), ds.qrels().asMap());
  }

  @Test
  void scifactTrain() throws IOException {
    RetrievalDataset ds = BeirDatasets.load(SharedData.require("data/scifact"), "train");
    assertEquals(809, ds.queries().size());
    assertEquals(919, ds.qrels().size());
  }

  @Test
  void stsBenchmarkTest() throws IOException {
    PairDataset ds = PairDatasets.stsBenchmark(SharedData.require("data/stsbenchmark/sts-test.csv"));
    assertEquals(1379, ds.size());
    double[] s = ds.scores();
    for (double v : s) {
      assertTrue(v >= 0 && v <= 5, "score in [0,5]: " + v);
    }
    // same gold scores, in the same order, as the shared oracle's STS table
    java.util.List<String> oracle = java.nio.file.Files.readAllLines(SharedData.require("oracles/sts-test-system-scores.tsv"));
    for (int i = 0; i < s.length; i++) {
      assertEquals(Double.parseDouble(oracle.get(i + 1).split("\t")[0]), s[i], 1e-12, "row " + i);
    }
    assertEquals(338, java.util.Arrays.stream(ds.withLabelsFromScore(4.0).labels()).sum());
    assertEquals(5749, PairDatasets.stsBenchmark(SharedData.require("data/stsbenchmark/sts-train.csv")).size());
    assertEquals(1500, PairDatasets.stsBenchmark(SharedData.require("data/stsbenchmark/sts-dev.csv")).size());
  }

  @Test
  void korSts() throws IOException {
    assertEquals(1379, PairDatasets.korSts(SharedData.require("data/korsts/sts-test.tsv")).size());
    assertEquals(5749, PairDatasets.korSts(SharedData.require("data/korsts/sts-train.tsv")).size());
  }

  @Test
  void klueSts() throws IOException {
    PairDataset ds = PairDatasets.klueSts(SharedData.require("data/klue-sts/klue-sts-v1.1_dev.json"));
    assertEquals(519, ds.size());
    assertTrue(ds.hasLabels() && ds.hasScores());
  }

  @Test
  void korquadAsRetrieval() throws IOException {
    RetrievalDataset ds = SquadDatasets.load(SharedData.require("data/korquad1/KorQuAD_v1.0_dev.json"));
    assertEquals(5774, ds.queries().size());
    assertTrue(ds.licence().startsWith("CC BY-ND 2.0 KR"), ds.licence());
    assertEquals(961, ds.corpus().size());
    assertEquals(5774, ds.qrels().size());
    Set<String> used = new HashSet<>();
    for (String q : ds.qrels().queryIds()) {
      assertEquals(1, ds.qrels().numRelevant(q));
      used.addAll(ds.qrels().judged(q).keySet());
    }
    // one distinct paragraph of KorQuAD 1.0 dev has no question: it stays in the corpus as a distractor
    assertEquals(960, used.size());
  }
}
