package dev.embedlab.models.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.embedlab.core.CostReporting;
import dev.embedlab.core.Embedder;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@code azure:} against a loopback fake of {@code POST /openai/deployments/{d}/embeddings?api-version=…}. */
class AzureOpenAiProviderTest extends ProviderTestBase {
  @Override
  ProviderCase provider() {
    return ProviderCase.AZURE;
  }

  @Override
  String unauthorizedBody() {
    return "{\"error\":{\"code\":\"401\",\"message\":\"Access denied due to invalid subscription key or wrong API endpoint.\"}}";
  }

  @Test
  void requestHasTheDocumentedShape() throws Exception {
    ProviderCase c = provider();
    try (FakeProviderServer fake = new FakeProviderServer(c.documented());
         Embedder e = c.open(fake, KEY, "?model=text-embedding-3-large&api-version=2025-04-01-preview&dimensions=4")) {
      e.embed(List.of("q1"), Embedder.Role.QUERY);
      FakeProviderServer.Received r = fake.requests.get(0);
      assertEquals("/openai/deployments/my-embedder/embeddings?api-version=2025-04-01-preview", r.pathAndQuery());
      assertEquals(KEY, r.header("api-key"));
      assertNull(r.header("Authorization"), "Azure keys travel in api-key only");
      assertEquals(Set.of("input", "encoding_format", "dimensions"), fields(r.body()), "the deployment names the model");
      CostReporting.Cost cost = CostReporting.costOf(e).orElseThrow();
      assertEquals(0.13, cost.usdPerMillionTokens(), 1e-12, "priced as the model= option, not the deployment name");
      assertTrue(cost.priceSource().startsWith("https://"), cost.priceSource());
    }
  }
}
