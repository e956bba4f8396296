package dev.embedlab.models.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.embedlab.core.Embedder;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@code voyage:} against a loopback fake of {@code POST /v1/embeddings}. */
class VoyageProviderTest extends ProviderTestBase {
  @Override
  ProviderCase provider() {
    return ProviderCase.VOYAGE;
  }

  @Override
  String unauthorizedBody() {
    return "{\"detail\":\"Provided API key is invalid.\"}";
  }

  @Test
  void requestHasTheDocumentedShapeAndInputTypes() throws Exception {
    ProviderCase c = provider();
    try (FakeProviderServer fake = new FakeProviderServer(c.documented());
         Embedder e = c.open(fake, KEY, "?dimensions=4")) {
      e.embed(List.of("q1"), Embedder.Role.QUERY);
      e.embed(List.of("d1", "d2"), Embedder.Role.DOCUMENT);
      for (FakeProviderServer.Received r : fake.requests) {
        assertEquals(Set.of("input", "model", "input_type", "output_dimension"), fields(r.body()));
        assertEquals("voyage-3.5", r.body().get("model").asText());
        assertEquals(4, r.body().get("output_dimension").asInt());
      }
      assertEquals("query", fake.requests.get(0).body().get("input_type").asText());
      assertEquals("document", fake.requests.get(1).body().get("input_type").asText());
    }
  }

  @Test
  void theDefaultBatchStaysUnderTheTokenLimit() throws Exception {
    ProviderCase c = provider();
    try (FakeProviderServer fake = new FakeProviderServer(c.documented());
         Embedder e = c.open(fake, KEY, "?dimensions=4")) {
      e.embed(texts(VoyageProtocol.DEFAULT_BATCH + 1));
      assertEquals(2, fake.requests.size());
      assertEquals(VoyageProtocol.DEFAULT_BATCH, fake.requests.get(0).body().get("input").size());
    }
  }
}
