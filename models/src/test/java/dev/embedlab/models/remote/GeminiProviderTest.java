package dev.embedlab.models.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.embedlab.core.CostReporting;
import dev.embedlab.core.Embedder;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@code gemini:} against a loopback fake of {@code POST /v1beta/models/{m}:batchEmbedContents}. */
class GeminiProviderTest extends ProviderTestBase {
  @Override
  ProviderCase provider() {
    return ProviderCase.GEMINI;
  }

  @Override
  String unauthorizedBody() {
    return "{\"error\":{\"code\":401,\"message\":\"API key not valid. Please pass a valid API key.\",\"status\":\"UNAUTHENTICATED\"}}";
  }

  @Test
  void requestHasTheDocumentedShapeAndTaskTypes() throws Exception {
    ProviderCase c = provider();
    try (FakeProviderServer fake = new FakeProviderServer(c.documented());
         Embedder e = c.open(fake, KEY, "?dimensions=4")) {
      e.embed(List.of("q1"), Embedder.Role.QUERY);
      e.embed(List.of("d1", "d2"), Embedder.Role.DOCUMENT);
      assertEquals(Set.of("requests"), fields(fake.requests.get(0).body()));
      String[] expected = {"RETRIEVAL_QUERY", "RETRIEVAL_DOCUMENT"};
      for (int k = 0; k < 2; k++) {
        FakeProviderServer.Received r = fake.requests.get(k);
        assertFalse(r.pathAndQuery().contains("key="), "the key never travels in the URL");
        for (JsonNode req : r.body().get("requests")) {
          assertEquals(Set.of("model", "content", "taskType", "outputDimensionality"), fields(req));
          assertEquals("models/gemini-embedding-001", req.get("model").asText());
          assertEquals(expected[k], req.get("taskType").asText());
          assertEquals(4, req.get("outputDimensionality").asInt());
          assertEquals(Set.of("parts"), fields(req.get("content")));
        }
      }
      CostReporting.Cost cost = CostReporting.costOf(e).orElseThrow();
      assertEquals(0.15, cost.usdPerMillionTokens(), 1e-12);
    }
  }

  @Test
  void textEmbedding004IsKnownAndUnpricedCostsAreNaN() throws Exception {
    ProviderCase c = provider();
    try (FakeProviderServer fake = new FakeProviderServer(c.documented())) {
      var ctx = new dev.embedlab.core.source.SourceContext(c.env(fake, KEY), null, 1, null);
      try (Embedder e = dev.embedlab.core.source.EmbedderSources.load().open("gemini:text-embedding-004", ctx)) {
        assertEquals(768, e.dimension());
        CostReporting.Cost cost = CostReporting.costOf(e).orElseThrow();
        assertFalse(cost.priced(), "no list price in the table: USD is unknown, not zero");
        assertEquals(Double.NaN, cost.usd());
      }
    }
  }
}
