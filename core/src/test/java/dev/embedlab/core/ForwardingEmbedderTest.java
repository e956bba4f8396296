package dev.embedlab.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.embedlab.core.retrieval.Provenance;
import dev.embedlab.core.retrieval.ProvenanceSource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ForwardingEmbedderTest {

  /** A paid model that reports every capability. */
  static final class Paid implements Embedder, Fingerprinted, UsageReporting, CostReporting, ProvenanceSource {
    long tokens = 42;

    @Override public float[][] embed(List<String> texts, Role role) { return new float[texts.size()][3]; }
    @Override public int dimension() { return 3; }
    @Override public String id() { return "paid"; }
    @Override public String fingerprint() { return "sha256=abc"; }
    @Override public Usage usage() { return new Usage(2, tokens, 0, 1); }
    @Override public void resetUsage() { tokens = 0; }
    @Override public Cost cost() { return new Cost(tokens, true, 0.02, "2026-01-01", "test"); }
    @Override public Provenance provenance() { return Provenance.of("paid", Map.of("id", "paid")); }
  }

  /** A model that reports nothing but id and dimension. */
  static final class Plain implements Embedder {
    @Override public float[][] embed(List<String> texts, Role role) { return new float[texts.size()][5]; }
    @Override public int dimension() { return 5; }
    @Override public String id() { return "plain"; }
  }

  record Wrapper(Embedder delegate) implements ForwardingEmbedder {
    @Override
    public float[][] embed(List<String> texts, Role role) {
      return delegate.embed(texts, role);
    }
  }

  @Test
  void everyCapabilityOfTheDelegateIsForwarded() {
    Paid paid = new Paid();
    Wrapper w = new Wrapper(paid);
    assertEquals("paid", w.id());
    assertEquals(3, w.dimension());
    assertEquals("sha256=abc", w.fingerprint());
    assertEquals(42, w.usage().tokens());
    assertEquals(42, w.cost().tokens());
    assertEquals(paid.provenance(), w.provenance());
    w.resetUsage();
    assertEquals(0, paid.tokens);
    assertEquals(0, w.usage().tokens());
  }

  @Test
  void aDelegateWithoutCapabilitiesGivesTheNeutralValues() {
    Wrapper w = new Wrapper(new Plain());
    assertEquals("plain", w.id());
    assertEquals(5, w.dimension());
    assertEquals(Fingerprinted.fingerprintOf(new Plain()), w.fingerprint());
    assertTrue(!Fingerprinted.isFingerprint(w.fingerprint()), w.fingerprint());
    assertSame(UsageReporting.Usage.NONE, w.usage());
    assertSame(CostReporting.Cost.NONE, w.cost());
    assertEquals("embedder", w.provenance().kind());
    w.resetUsage(); // nothing to reset: no exception
  }

  @Test
  void wrappersNestAndForwardThroughEachOther() {
    Wrapper outer = new Wrapper(new Wrapper(new Paid()));
    assertEquals("sha256=abc", outer.fingerprint());
    assertEquals(42, outer.cost().tokens());
  }
}
