package dev.embedlab.tune.negatives;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.embedlab.data.BeirDatasets;
import dev.embedlab.data.Query;
import dev.embedlab.data.RetrievalDataset;
import dev.embedlab.data.Run;
import dev.embedlab.eval.lexical.Bm25Index;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Real data: BM25 hard negatives for SciFact's train pairs (skips without ../shared). */
class SciFactBm25MiningDataTest {

  private static Path scifact() {
    String prop = System.getProperty("embedlab.shared");
    Path shared = prop != null ? Path.of(prop) : Path.of("../shared");
    return shared.resolve("data").resolve("scifact");
  }

  @Test
  void bm25NegativesOnSciFactTrainRespectEveryFilter() throws IOException {
    Path folder = scifact();
    assumeTrue(Files.isDirectory(folder), "SciFact not found at " + folder.toAbsolutePath() + "; skipping data test");
    RetrievalDataset train = BeirDatasets.load(folder, "train");
    Map<String, List<String>> relevant = new LinkedHashMap<>();
    for (Query q : train.queries()) {
      relevant.put(q.id(), train.qrels().judged(q.id()).entrySet().stream()
          .filter(e -> e.getValue() >= 1).map(Map.Entry::getKey).toList());
    }
    Run run;
    try (Bm25Index bm25 = Bm25Index.builder().build(train.corpus())) {
      run = bm25.search(train.queries(), 50);
    }
    MiningResult r = HardNegativeMiner.builder().rankWindow(2, 30).maxPerPair(4).relativeMargin(0.1).build()
        .mine(relevant, RunCandidates.of(run));
    MiningStats s = r.stats();
    assertEquals(919, s.pairs());
    assertEquals(s.pairs(), r.pairs().size() + s.pairsDroppedNoPositiveScore());
    assertTrue(s.droppedPositive() > 0 && s.droppedByMargin() > 0 && s.droppedAboveWindow() > 0, s.summary());
    for (MinedPair p : r.pairs()) {
      assertTrue(p.negatives().size() <= 4);
      for (Candidate c : p.negatives()) {
        assertFalse(relevant.get(p.queryId()).contains(c.docId()), "positive mined as negative: " + p);
        assertTrue(c.score() <= p.positiveScore() * 0.9, "margin violated: " + p);
      }
    }
    StringWriter w = new StringWriter();
    long lines = HardNegativeJsonl.writeTriplets(w, r.pairs(), Function.identity(), Function.identity());
    assertEquals(s.negativesKept(), lines);
    assertEquals(lines, HardNegativeJsonl.readTriplets(new StringReader(w.toString())).size());
  }
}
