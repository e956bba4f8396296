package dev.embedlab.models.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.embedlab.core.Embedder;
import dev.embedlab.core.source.EmbedderSources;
import dev.embedlab.core.source.SourceContext;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The five schemes through ServiceLoader: names, options, keys and endpoints from the environment. */
class RemoteSourcesTest {
  static final EmbedderSources SOURCES = EmbedderSources.load();

  static SourceContext env(String... kv) {
    Map<String, String> m = new HashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return new SourceContext(m, null, 1, null);
  }

  static String refused(String spec, SourceContext ctx) {
    return assertThrows(IllegalArgumentException.class, () -> SOURCES.validate(spec, ctx)).getMessage();
  }

  @Test
  void theFiveSchemesAreFoundByServiceLoader() {
    assertTrue(SOURCES.schemes().containsAll(List.of("openai", "azure", "gemini", "cohere", "voyage")), SOURCES.schemes().toString());
    for (String s : List.of("openai", "azure", "gemini", "cohere", "voyage")) {
      assertTrue(SOURCES.sourceFor(s + ":x").usage().startsWith(s + ":"), s);
    }
  }

  @Test
  void aMissingKeyNamesTheVariablesToSet() {
    assertTrue(refused("openai:text-embedding-3-small", env()).contains("set OPENAI_API_KEY"));
    assertTrue(refused("gemini:gemini-embedding-001", env()).contains("set GOOGLE_API_KEY or GEMINI_API_KEY"));
    assertTrue(refused("cohere:embed-multilingual-v3.0", env()).contains("set COHERE_API_KEY or CO_API_KEY"));
    assertTrue(refused("voyage:voyage-3.5", env()).contains("set VOYAGE_API_KEY"));
    assertTrue(refused("azure:dep?model=text-embedding-3-small", env("AZURE_OPENAI_API_KEY", "k-123456")).contains("set AZURE_OPENAI_ENDPOINT"));
    SOURCES.validate("cohere:embed-multilingual-v3.0", env("CO_API_KEY", "k-123456"));
  }

  @Test
  void badNamesAndOptionsAreRefusedBeforeAnyCall() {
    SourceContext ctx = env("OPENAI_API_KEY", "sk-123456789");
    assertTrue(refused("openai:my-finetune", ctx).contains("add ?dim=N"));
    SOURCES.validate("openai:my-finetune?dim=768", ctx);
    SOURCES.validate("openai:nomic-embed-text:latest?dim=768", ctx); // an Ollama tag behind OPENAI_BASE_URL
    assertTrue(refused("openai:text-embedding-3-small?dims=3", ctx).contains("KEY one of [batch, dim, dimensions, price]"));
    assertTrue(refused("openai:text-embedding-3-small?dimensions=0", ctx).contains("dimensions must be a positive integer"));
    assertTrue(refused("openai:text-embedding-3-small?batch=2049", ctx).contains("[1, 2048]"));
    assertTrue(refused("openai:text-embedding-3-small?price=-2", ctx).contains("price must be USD per 1M tokens"));
    assertTrue(refused("openai:text-embedding-3-small?dim=2&dim=3", ctx).contains("appears twice"));
    assertTrue(refused("openai:text-embedding-ada-002?dimensions=256", ctx).contains("cannot shorten"));
    assertTrue(refused("openai:a b", ctx).contains("must be letters, digits"));
    String m = refused("openai:text-embedding-3-small", env("OPENAI_API_KEY", "sk-1", "OPENAI_BASE_URL", "http://u:pw@h/v1"));
    assertTrue(m.contains("OPENAI_BASE_URL") && m.contains("user-info") && !m.contains("u:pw"), m);
    assertTrue(refused("azure:dep?model=text-embedding-3-large&api-version=latest", env("AZURE_OPENAI_API_KEY", "k-123456",
        "AZURE_OPENAI_ENDPOINT", "https://r.openai.azure.com")).contains("api-version must look like"));
  }

  @Test
  void googleApiKeyWinsOverGeminiApiKeyAsInGooglesSdk() throws Exception {
    ProviderCase p = ProviderCase.GEMINI;
    try (FakeProviderServer fake = new FakeProviderServer(p.documented())) {
      Map<String, String> m = new HashMap<>(p.env(fake, "gem-key-1"));
      m.put("GOOGLE_API_KEY", "goog-key-2");
      try (Embedder e = SOURCES.open("gemini:gemini-embedding-001?dimensions=4", new SourceContext(m, null, 1, null))) {
        e.embed(List.of("a"));
      }
      assertEquals("goog-key-2", fake.requests.get(0).header("x-goog-api-key"));
    }
  }

  @Test
  void idAndProvenanceNameTheCandidateWithoutTheKey() throws Exception {
    ProviderCase p = ProviderCase.COHERE;
    try (FakeProviderServer fake = new FakeProviderServer(p.documented());
         Embedder e = p.open(fake, "co-secret-key-42", "?dim=4")) {
      assertEquals("cohere:embed-multilingual-v3.0?dim=4", e.id());
      RemoteEmbedder r = (RemoteEmbedder) e;
      String prov = r.provenance().canonical();
      assertTrue(prov.contains("provider=cohere") && prov.contains("model=embed-multilingual-v3.0")
          && prov.contains("usdPerMillionTokens=0.1"), prov);
      assertFalse(prov.contains("co-secret") || r.fingerprint().contains("co-secret"), prov);
    }
  }
}
