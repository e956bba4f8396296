package dev.embedlab.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.embedlab.models.KnownModel;
import dev.embedlab.models.OnnxEmbedder;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Smoke test of {@link QuickStart} on the real (int8, small) all-MiniLM weights. */
class QuickStartTest {

  @Test
  void catQueryRanksTheTwoCatSentencesFirst() {
    List<String> docs = List.of("Stock markets fell sharply on Monday.", "The cat sits on the mat.",
        "The recipe needs two cups of flour.", "A feline is resting on a rug.");
    try (OnnxEmbedder m = OnnxEmbedder.builder(KnownModel.ALL_MINILM_L6_V2_Q).build()) {
      List<String> ranked = QuickStart.search(m, "Where is the cat?", docs);
      assertEquals(4, ranked.size());
      assertTrue(ranked.get(0).endsWith("The cat sits on the mat."), ranked.toString());
      assertTrue(ranked.get(1).endsWith("A feline is resting on a rug."), ranked.toString());
    }
  }

  @Test
  void mainRuns() {
    QuickStart.main(new String[] {"cat"});
  }
}
