package dev.embedlab.models.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.embedlab.core.CostReporting;
import dev.embedlab.core.Embedder;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@code cohere:} against a loopback fake of {@code POST /v2/embed}. */
class CohereProviderTest extends ProviderTestBase {
  @Override
  ProviderCase provider() {
    return ProviderCase.COHERE;
  }

  @Override
  String unauthorizedBody() {
    return "{\"id\":\"x\",\"message\":\"invalid api token\"}";
  }

  @Test
  void requestHasTheDocumentedShapeAndInputTypes() throws Exception {
    ProviderCase c = provider();
    try (FakeProviderServer fake = new FakeProviderServer(c.documented());
         Embedder e = c.open(fake, KEY, "?dim=4")) {
      e.embed(List.of("q1"), Embedder.Role.QUERY);
      e.embed(List.of("d1", "d2"), Embedder.Role.DOCUMENT);
      for (FakeProviderServer.Received r : fake.requests) {
        assertEquals(Set.of("model", "texts", "input_type", "embedding_types"), fields(r.body()));
        assertEquals("embed-multilingual-v3.0", r.body().get("model").asText());
        assertEquals("[\"float\"]", r.body().get("embedding_types").toString());
      }
      assertEquals("search_query", fake.requests.get(0).body().get("input_type").asText());
      assertEquals("search_document", fake.requests.get(1).body().get("input_type").asText());
      CostReporting.Cost cost = CostReporting.costOf(e).orElseThrow();
      assertEquals(9, cost.tokens(), "meta.billed_units.input_tokens summed");
      assertEquals(9 / 1e6 * 0.10, cost.usd(), 1e-15);
    }
  }

  @Test
  void outputDimensionIsSentForV4AndRefusedForV3() throws Exception {
    ProviderCase c = provider();
    try (FakeProviderServer fake = new FakeProviderServer(c.documented())) {
      var ctx = new dev.embedlab.core.source.SourceContext(c.env(fake, KEY), null, 1, null);
      var sources = dev.embedlab.core.source.EmbedderSources.load();
      try (Embedder e = sources.open("cohere:embed-v4.0?dimensions=4", ctx)) {
        e.embed(List.of("a"));
        assertEquals(4, fake.requests.get(0).body().get("output_dimension").asInt());
      }
      String m = assertThrows(IllegalArgumentException.class,
          () -> sources.open("cohere:embed-multilingual-v3.0?dimensions=256", ctx)).getMessage();
      assertTrue(m.contains("cannot shorten"), m);
    }
  }
}
