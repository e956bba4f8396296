package dev.embedlab.models.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.embedlab.core.CostReporting;
import dev.embedlab.core.Embedder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dated price table, its override file, and the cost arithmetic a report prints. */
class PriceTableTest {
  @TempDir
  Path dir;

  @Test
  void everyBuiltInPriceHasADateAndAnHttpsSource() {
    PriceTable t = PriceTable.builtIn();
    assertTrue(t.entries().size() >= 15, t.entries().keySet().toString());
    t.entries().forEach((k, p) -> {
      assertTrue(p.source().startsWith("https://"), k + " " + p.source());
      assertFalse(LocalDate.parse(p.date()).isAfter(LocalDate.of(2026, 12, 31)), k);
    });
    assertEquals(0.02, t.price("openai", "text-embedding-3-small").orElseThrow().usdPerMillionTokens(), 0);
    assertEquals(0.10, t.price("cohere", "embed-multilingual-v3.0").orElseThrow().usdPerMillionTokens(), 0);
    assertTrue(t.price("gemini", "text-embedding-004").isEmpty(), "no list price: unknown, not free");
  }

  @Test
  void aFileOverridesAndAddsEntriesAndBadEntriesAreNamed() throws Exception {
    Path f = dir.resolve("prices.json");
    Files.writeString(f, "{\"prices\":[{\"provider\":\"openai\",\"model\":\"text-embedding-3-small\","
        + "\"usdPerMillionTokens\":0.01,\"date\":\"2026-12-01\",\"source\":\"our contract\"},"
        + "{\"provider\":\"voyage\",\"model\":\"voyage-x\",\"usdPerMillionTokens\":0.5,\"date\":\"2026-12-02\",\"source\":\"s\"}]}");
    PriceTable t = PriceTable.fromEnv(Map.of(PriceTable.ENV, f.toString()));
    assertEquals(0.01, t.price("openai", "text-embedding-3-small").orElseThrow().usdPerMillionTokens(), 0);
    assertEquals("our contract", t.price("openai", "text-embedding-3-small").orElseThrow().source());
    assertEquals(0.5, t.price("voyage", "voyage-x").orElseThrow().usdPerMillionTokens(), 0);
    assertEquals(0.13, t.price("openai", "text-embedding-3-large").orElseThrow().usdPerMillionTokens(), 0);

    Files.writeString(f, "{\"prices\":[{\"provider\":\"openai\",\"model\":\"m\",\"usdPerMillionTokens\":-1,"
        + "\"date\":\"2026-12-01\",\"source\":\"s\"}]}");
    String m = assertThrows(IllegalArgumentException.class, () -> PriceTable.builtIn().withFile(f)).getMessage();
    assertTrue(m.contains(f.toString()) && m.contains("prices[0] (openai:m)") && m.contains("usdPerMillionTokens=-1.0"), m);
    Files.writeString(f, "{\"prices\":[{\"provider\":\"openai\",\"model\":\"m\",\"usdPerMillionTokens\":1,"
        + "\"date\":\"yesterday\",\"source\":\"s\"}]}");
    m = assertThrows(IllegalArgumentException.class, () -> PriceTable.builtIn().withFile(f)).getMessage();
    assertTrue(m.contains("ISO-8601") && m.contains("date=yesterday"), m);
    Files.writeString(f, "{oops");
    m = assertThrows(java.io.IOException.class, () -> PriceTable.builtIn().withFile(f)).getMessage();
    assertTrue(m.contains("cannot read price file " + f), m);
  }

  @Test
  void costAndTheProjectionPerMillionDocuments() {
    CostReporting.Cost c = new CostReporting.Cost(3_000, true, 0.02, "2026-12-07", "https://openai.com/api/pricing/");
    assertEquals(3_000 / 1e6 * 0.02, c.usd(), 1e-18);
    assertEquals(30.0, c.meanTokensPer(100), 0);
    // 1M documents of 30 tokens at 0.02 USD per 1M tokens = 30 M tokens = 0.60 USD.
    assertEquals(0.60, c.usdPerMillionDocuments(100), 1e-12);
    assertEquals(0.60, CostReporting.usdPerMillionDocuments(30, 0.02), 1e-12);
    CostReporting.Cost unpriced = new CostReporting.Cost(10, false, Double.NaN, null, null);
    assertFalse(unpriced.priced());
    assertTrue(Double.isNaN(unpriced.usdPerMillionDocuments(5)));
    assertThrows(IllegalArgumentException.class, () -> new CostReporting.Cost(-1, true, 0.02, "", ""));
    class Wrapper implements Embedder, CostReporting {
      final Embedder inner;

      Wrapper(Embedder inner) {
        this.inner = inner;
      }

      @Override
      public float[][] embed(List<String> texts, Role role) {
        return inner.embed(texts, role);
      }

      @Override
      public int dimension() {
        return inner.dimension();
      }

      @Override
      public String id() {
        return "w";
      }

      @Override
      public Cost cost() {
        return CostReporting.costOf(inner).orElse(Cost.NONE);
      }
    }
    Embedder local = new Wrapper(new Wrapper(null) {
      @Override
      public Cost cost() {
        return Cost.NONE;
      }
    });
    assertTrue(CostReporting.costOf(local).isEmpty(), "a wrapper over no paid API reports no cost");
    assertThrows(IllegalArgumentException.class, () -> CostReporting.usdPerMillionDocuments(-1, 0.02));
  }

  @Test
  void aPriceOptionOnTheCandidateWinsOverTheTable() throws Exception {
    ProviderCase p = ProviderCase.OPENAI;
    try (FakeProviderServer fake = new FakeProviderServer(p.documented());
         Embedder e = p.open(fake, "sk-x-123456", "?dimensions=4&price=0.5")) {
      e.embed(List.of("a", "b"));
      CostReporting.Cost c = CostReporting.costOf(e).orElseThrow();
      assertEquals(0.5, c.usdPerMillionTokens(), 0);
      assertEquals(6 / 1e6 * 0.5, c.usd(), 1e-15);
      assertTrue(c.priceSource().contains("price="), c.priceSource());
    }
  }
}
