package dev.embedlab.models.remote;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.embedlab.core.CostReporting;
import dev.embedlab.core.Embedder;
import dev.embedlab.core.UsageReporting;
import dev.embedlab.core.source.EmbedderSources;
import dev.embedlab.core.source.SourceContext;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The remote-embedder cases of issue 16, each by name, run against every provider where the case
 * applies: Jackson's stream limits instead of a NullPointerException, a non-ASCII key refused at
 * construction, a negative token count refused with the counters intact, and a wrong vector length
 * named by the text's index in the caller's list.
 */
class RemoteHostileCasesTest {
  static final String KEY = "sk-hostile-0123456789abcdef";

  static Stream<ProviderCase> providers() {
    return ProviderCase.all().stream();
  }

  static Stream<ProviderCase> tokenReporting() {
    return ProviderCase.all().stream().filter(ProviderCase::reportsTokens);
  }

  private static String fail(ProviderCase p, FakeProviderServer fake, String body) throws Exception {
    fake.answer = (r, n) -> FakeProviderServer.Reply.ok(body);
    try (Embedder e = p.open(fake, KEY, p.dimOption())) {
      return assertThrows(IllegalStateException.class, () -> e.embed(List.of("a"))).getMessage();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("providers")
  void aFiveThousandDigitNumberIsRefusedByTheNumberLimitNotANullPointer(ProviderCase p) throws Exception {
    try (FakeProviderServer fake = new FakeProviderServer(p.documented())) {
      String m = fail(p, fake, "{\"data\":[{\"index\":0,\"embedding\":[" + "7".repeat(5000) + ",1,1,1]}],"
          + "\"embeddings\":{\"float\":[[" + "7".repeat(5000) + "]]}}");
      assertTrue(m.contains("JSON past a safety limit") && m.contains("Number value length")
          && m.contains("numbers of at most " + RemoteHttp.MAX_NUMBER_LENGTH), m);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("providers")
  void twoHundredThousandNestedArraysAreRefusedByTheDepthLimit(ProviderCase p) throws Exception {
    try (FakeProviderServer fake = new FakeProviderServer(p.documented())) {
      String m = fail(p, fake, "[".repeat(200_000) + "]".repeat(200_000));
      assertTrue(m.contains("JSON past a safety limit") && m.contains("nesting depth")
          && m.contains("nesting at most " + RemoteHttp.MAX_DEPTH), m);
    }
  }

  @Test
  void aStringLongerThanTheStringLimitIsRefused() throws Exception {
    ProviderCase p = ProviderCase.OPENAI;
    try (FakeProviderServer fake = new FakeProviderServer(p.documented());
         Embedder e = RemoteEmbedder.builder(OpenAiProtocol.openAi(fake.uri("/v1"), "m", null), 40_000)
             .retry(new RetryPolicy(0, java.time.Duration.ofMillis(1), java.time.Duration.ofMillis(1))).build()) {
      fake.answer = (r, n) -> FakeProviderServer.Reply.ok("{\"object\":\"" + "s".repeat(RemoteHttp.MAX_STRING_LENGTH + 1) + "\"}");
      String m = assertThrows(IllegalStateException.class, () -> e.embed(List.of("a"))).getMessage();
      assertTrue(m.contains("JSON past a safety limit") && m.contains("String value length"), m);
    }
  }

  @Test
  void aNonAsciiKeyIsRefusedAtConstructionNamingThePositionNotTheKey() {
    String key = "sk-abc\u00e9defghijklmnop";
    String m = assertThrows(IllegalArgumentException.class,
        () -> RemoteEmbedder.builder(OpenAiProtocol.openAi(URI.create("http://127.0.0.1:9/v1"), "m", null), 2)
            .apiKey(key)).getMessage();
    assertTrue(m.contains("non-ASCII character at position 6 of 20"), m);
    assertFalse(m.contains("sk-abc") || m.contains("defghijk"), m);
    String nbsp = assertThrows(IllegalArgumentException.class,
        () -> RemoteEmbedder.Builder.checkKey("sk-123456\u00a0")).getMessage();
    assertTrue(nbsp.contains("position 9 of 10"), nbsp);
    String cr = assertThrows(IllegalArgumentException.class, () -> RemoteEmbedder.Builder.checkKey("sk-1\r\nX: y"))
        .getMessage();
    assertTrue(cr.contains("control characters") && cr.contains("position 4"), cr);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("providers")
  void aNonAsciiKeyInTheEnvironmentIsRefusedBeforeAnyRequest(ProviderCase p) throws Exception {
    try (FakeProviderServer fake = new FakeProviderServer(p.documented())) {
      Map<String, String> env = p.env(fake, "secret\u2019s-key-123");
      String m = assertThrows(IllegalArgumentException.class, () -> EmbedderSources.load()
          .open(p.scheme() + ":" + p.name() + p.dimOption(), new SourceContext(env, null, 1, null))).getMessage();
      assertTrue(m.contains("environment variable " + p.keyVariable()) && m.contains("position 6 of 16"), m);
      assertFalse(m.contains("secret"), m);
      assertEquals(0, fake.requests.size());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("tokenReporting")
  void aNegativeTokenCountRefusesTheResponseAndLeavesCountersIntact(ProviderCase p) throws Exception {
    FakeProviderServer.Answer ok = p.documented();
    try (FakeProviderServer fake = new FakeProviderServer((r, n) -> {
      FakeProviderServer.Reply good = ok.answer(r, n);
      return n == 1 ? FakeProviderServer.Reply.ok(good.body().replaceAll("(_tokens\":)3", "$1-5")) : good;
    });
         Embedder e = p.open(fake, KEY, p.dimOption())) {
      e.embed(List.of("one"));
      String m = assertThrows(IllegalStateException.class, () -> e.embed(List.of("two"))).getMessage();
      assertTrue(m.contains("must be a non-negative integer; found -5") && m.contains("usage counters unchanged"), m);
      UsageReporting.Usage u = UsageReporting.usageOf(e).orElseThrow();
      assertEquals(1, u.texts());
      assertEquals(ProviderCase.TOKENS_PER_TEXT, u.tokens());
      e.embed(List.of("three"));
      assertEquals(2 * ProviderCase.TOKENS_PER_TEXT, UsageReporting.usageOf(e).orElseThrow().tokens());
      assertEquals(2 * ProviderCase.TOKENS_PER_TEXT, CostReporting.costOf(e).orElseThrow().tokens());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("tokenReporting")
  void fractionalOrTextTokenCountsAreRefusedAndWholeFloatsAccepted(ProviderCase p) throws Exception {
    FakeProviderServer.Answer ok = p.documented();
    String[] bad = {"2.5", "\"3\"", "1e300"};
    for (String b : bad) {
      try (FakeProviderServer fake = new FakeProviderServer(
              (r, n) -> FakeProviderServer.Reply.ok(ok.answer(r, n).body().replaceAll("(_tokens\":)3", "$1" + b)));
           Embedder e = p.open(fake, KEY, p.dimOption())) {
        String m = assertThrows(IllegalStateException.class, () -> e.embed(List.of("x"))).getMessage();
        assertTrue(m.contains("must be a non-negative integer"), b + ": " + m);
        assertEquals(0, UsageReporting.usageOf(e).orElseThrow().texts());
      }
    }
    try (FakeProviderServer fake = new FakeProviderServer(
            (r, n) -> FakeProviderServer.Reply.ok(ok.answer(r, n).body().replaceAll("(_tokens\":)3", "$112.0")));
         Embedder e = p.open(fake, KEY, p.dimOption())) {
      e.embed(List.of("x"));
      assertEquals(12, UsageReporting.usageOf(e).orElseThrow().tokens());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("providers")
  void aWrongVectorLengthNamesTheTextsIndexInTheCallersList(ProviderCase p) throws Exception {
    FakeProviderServer.Answer ok = p.documented();
    try (FakeProviderServer fake = new FakeProviderServer((r, n) -> {
      FakeProviderServer.Reply good = ok.answer(r, n);
      // The third request carries text 4 alone; its vector loses its last component.
      return n == 2 ? FakeProviderServer.Reply.ok(good.body().replace(",0.5]", "]")) : good;
    });
         Embedder e = p.open(fake, KEY, p.dimOption() + "&batch=2")) {
      List<String> texts = List.of("a", "b", "c", "d", "e");
      String m = assertThrows(IllegalStateException.class, () -> e.embed(texts)).getMessage();
      assertTrue(m.contains("embedding of text 4 (position 0 in its batch of 1) has length 3; expected 4"), m);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("providers")
  void aVectorWithANonFiniteComponentIsRefused(ProviderCase p) throws Exception {
    FakeProviderServer.Answer ok = p.documented();
    try (FakeProviderServer fake = new FakeProviderServer(
            (r, n) -> FakeProviderServer.Reply.ok(ok.answer(r, n).body().replace(",0.5]", ",1e39]")));
         Embedder e = p.open(fake, KEY, p.dimOption())) {
      String m = assertThrows(IllegalStateException.class, () -> e.embed(List.of("ab", "c"))).getMessage();
      assertTrue(m.contains("has component 3 = 1.0E39") && m.contains("expected a finite JSON number"), m);
    }
  }

  @Test
  void vectorsFromTheFakesRoundTrip() throws Exception {
    for (ProviderCase p : ProviderCase.all()) {
      try (FakeProviderServer fake = new FakeProviderServer(p.documented());
           Embedder e = p.open(fake, KEY, p.dimOption())) {
        assertArrayEquals(ProviderCase.vector("abc", 0), e.embed(List.of("abc"), Embedder.Role.QUERY)[0], p.scheme());
      }
    }
  }
}
