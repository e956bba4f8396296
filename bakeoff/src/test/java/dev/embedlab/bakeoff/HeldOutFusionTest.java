package dev.embedlab.bakeoff;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.embedlab.bakeoff.cli.BakeOffMain;
import dev.embedlab.core.source.EmbedderSources;
import dev.embedlab.core.source.SourceContext;
import dev.embedlab.data.Query;
import dev.embedlab.data.RetrievalDataset;
import dev.embedlab.eval.fusion.RankFusion;
import dev.embedlab.eval.lexical.LexicalAnalyzer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The default hybrid on the demo set's Korean queries, where an English MiniLM is far below Nori
 * BM25: plain RRF drags BM25 down; weights chosen on held-out halves do not.
 */
class HeldOutFusionTest {

  @Test
  void heldOutWeightsKeepAFarWeakerRankerFromDraggingBm25Down() throws IOException {
    RetrievalDataset demo = BakeOffMain.demo();
    Map<String, Map<String, String>> tags = BakeOffMain.demoTags();
    List<Query> ko = demo.queries().stream()
        .filter(q -> "ko".equals(tags.getOrDefault(q.id(), Map.of()).get("language"))).toList();
    Set<String> ids = ko.stream().map(Query::id).collect(Collectors.toSet());
    RetrievalDataset ds = new RetrievalDataset("demo-ko", demo.licence(), demo.source(), demo.corpus(), ko,
        demo.qrels().restrictTo(ids));
    BakeOffResult r = BakeOff.builder().dataset(ds).latencyQueries(0).slices(false).truncationProbe(false)
        .candidate(Candidate.builder("minilm", () -> {
          try {
            return EmbedderSources.load().open("all-minilm-l6-v2-q", SourceContext.defaults());
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }).build())
        .candidate(Candidate.bm25("bm25", LexicalAnalyzer.KOREAN))
        .candidate(Candidate.hybrid("plain", RankFusion.rrf().build(), "bm25", "minilm"))
        .candidate(Candidate.tunedHybrid("tuned", "bm25", "minilm"))
        .build().run();
    double dense = r.candidate("minilm").orElseThrow().quality().mean("nDCG@10");
    double bm25 = r.candidate("bm25").orElseThrow().quality().mean("nDCG@10");
    double plain = r.candidate("plain").orElseThrow().quality().mean("nDCG@10");
    double tuned = r.candidate("tuned").orElseThrow().quality().mean("nDCG@10");
    String why = r.candidate("tuned").orElseThrow().info().properties().get(HeldOutFusion.PROPERTY);
    String msg = "dense " + dense + ", bm25 " + bm25 + ", plain RRF " + plain + ", tuned " + tuned + ": " + why;
    assertTrue(dense < bm25 - 0.4, "the set shows the problem: " + msg);
    assertTrue(plain < bm25 - 0.05, "plain RRF loses to BM25 alone: " + msg);
    assertTrue(tuned >= bm25 - 0.02 && tuned > plain + 0.05, "held-out weights keep BM25's quality: " + msg);
    assertTrue(why.startsWith("weighted RRF, weights (bm25, minilm) chosen on one half of the queries and used on "
        + "the other (seed "), why);
  }
}
