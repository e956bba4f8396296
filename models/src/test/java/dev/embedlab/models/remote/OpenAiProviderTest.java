package dev.embedlab.models.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.embedlab.core.Embedder;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@code openai:} against a loopback fake of {@code POST /v1/embeddings}. */
class OpenAiProviderTest extends ProviderTestBase {
  @Override
  ProviderCase provider() {
    return ProviderCase.OPENAI;
  }

  @Override
  String unauthorizedBody() {
    return "{\"error\":{\"message\":\"Incorrect API key provided.\",\"type\":\"invalid_request_error\","
        + "\"param\":null,\"code\":\"invalid_api_key\"}}";
  }

  @Test
  void requestHasTheDocumentedShape() throws Exception {
    ProviderCase c = provider();
    try (FakeProviderServer fake = new FakeProviderServer(c.documented());
         Embedder e = c.open(fake, KEY, "?dimensions=4")) {
      e.embed(List.of("q1"), Embedder.Role.QUERY);
      e.embed(List.of("d1", "d2"), Embedder.Role.DOCUMENT);
      for (FakeProviderServer.Received r : fake.requests) {
        assertEquals(Set.of("model", "input", "encoding_format", "dimensions"), fields(r.body()));
        assertEquals("text-embedding-3-small", r.body().get("model").asText());
        assertEquals("float", r.body().get("encoding_format").asText());
        assertEquals(4, r.body().get("dimensions").asInt());
      }
      assertEquals("[\"q1\"]", fake.requests.get(0).body().get("input").toString(), "OpenAI has no task type");
      assertEquals("[\"d1\",\"d2\"]", fake.requests.get(1).body().get("input").toString());
    }
  }

  @Test
  void withoutDimensionsTheFieldIsAbsentAndTheKnownLengthIsUsed() throws Exception {
    ProviderCase c = provider();
    try (FakeProviderServer fake = new FakeProviderServer(c.documented());
         Embedder e = c.open(fake, KEY, "")) {
      assertEquals(1536, e.dimension());
      assertThrows(IllegalStateException.class, () -> e.embed(List.of("a")), "the fake answers 4 components");
      assertEquals(Set.of("model", "input", "encoding_format"), fields(fake.requests.get(0).body()));
    }
  }
}
