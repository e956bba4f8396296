package dev.embedlab.tune.negatives;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class HardNegativeJsonlTest {
  private static final List<MinedPair> PAIRS = List.of(
      new MinedPair("q1", "p1", 0.9, List.of(new Candidate("n1", 0.5), new Candidate("n2", 0.4))),
      new MinedPair("q2", "p2", 0.8, List.of(new Candidate("n1", 0.3))));
  private static final Map<String, String> QUERIES = Map.of("q1", "what is \"x\"?", "q2", "ünïcode 한국어");
  private static final Map<String, String> DOCS = Map.of("p1", "P1", "p2", "P2\nline", "n1", "N1", "n2", "N2");

  @Test
  void tripletsHaveTheSeedFormatOneLinePerNegativeAndRoundTrip() throws IOException {
    StringWriter w = new StringWriter();
    long lines = HardNegativeJsonl.writeTriplets(w, PAIRS, QUERIES::get, DOCS::get);
    assertEquals(3, lines);
    String[] out = w.toString().split("\n");
    assertEquals(3, out.length);
    assertEquals("{\"query\":\"what is \\\"x\\\"?\",\"pos\":\"P1\",\"neg\":\"N1\"}", out[0]);
    List<Triplet> back = HardNegativeJsonl.readTriplets(new StringReader(w.toString()));
    assertEquals(List.of(new Triplet("what is \"x\"?", "P1", "N1"), new Triplet("what is \"x\"?", "P1", "N2"),
        new Triplet("ünïcode 한국어", "P2\nline", "N1")), back);
  }

  @Test
  void tuplesWriteNegativesAsNumberedFieldsAndSkipShortPairs() throws IOException {
    StringWriter w = new StringWriter();
    assertEquals(1, HardNegativeJsonl.writeTuples(w, PAIRS, 2, Function.identity(), Function.identity()));
    assertEquals("{\"query\":\"q1\",\"pos\":\"p1\",\"neg_1\":\"n1\",\"neg_2\":\"n2\"}\n", w.toString());
    StringWriter w1 = new StringWriter();
    assertEquals(2, HardNegativeJsonl.writeTuples(w1, PAIRS, 1, Function.identity(), Function.identity()));
  }

  @Test
  void missingTextAndMalformedLinesAreReportedWithIdOrLine() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> HardNegativeJsonl.writeTriplets(new StringWriter(), PAIRS, QUERIES::get, Map.of("p1", "P1")::get));
    assertEquals("no text for document id n1", e.getMessage());
    IOException io = assertThrows(IOException.class, () -> HardNegativeJsonl.readTriplets(
        new StringReader("{\"query\":\"a\",\"pos\":\"b\",\"neg\":\"c\"}\n\n{\"query\":\"a\",\"pos\":\"b\"}\n")));
    assertTrue(io.getMessage().startsWith("line 3: field \"neg\" must be a string"), io.getMessage());
    IOException bad = assertThrows(IOException.class, () -> HardNegativeJsonl.readTriplets(new StringReader("{oops")));
    assertTrue(bad.getMessage().startsWith("line 1: not a JSON object"), bad.getMessage());
  }
}
