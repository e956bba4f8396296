package dev.embedlab.models.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.embedlab.core.Embedder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The one redaction rule, run against every provider: an error body that echoes the key in any
 * encoding (raw, JSON-escaped, percent-encoded in either hex case, lower- or upper-cased, Base64 at
 * any alignment) or that is cut by the body limit in the middle of the key never puts any part of the
 * key into the exception message.
 */
class RemoteRedactionContractTest {
  /** '/' and '+' make the JSON-escaped and percent-encoded forms differ from the raw key. */
  static final String KEY = "Zq7/XyAb9+Kd/Lm0pQrStUvWx83hJ";

  static String jsonEscaped(String s) {
    return s.replace("/", "\\/");
  }

  static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  /** (label, error-body text containing the key in one form). */
  static List<String[]> echoes() {
    String pct = URLEncoder.encode(KEY, StandardCharsets.UTF_8);
    List<String[]> e = new ArrayList<>();
    e.add(new String[] {"raw", "{\"error\":{\"message\":\"Incorrect API key provided: " + KEY + "\"}}"});
    e.add(new String[] {"json-escaped", "{\"error\":{\"message\":\"Incorrect API key provided: " + jsonEscaped(KEY) + "\"}}"});
    e.add(new String[] {"percent-encoded", "{\"detail\":\"GET /v1/x?key=" + pct + " denied\"}"});
    e.add(new String[] {"percent-encoded lower-case hex", "{\"detail\":\"bad " + pct.toLowerCase(Locale.ROOT).replace("zq7", "Zq7") + "\"}"});
    e.add(new String[] {"lower-cased", "{\"message\":\"invalid api token " + KEY.toLowerCase(Locale.ROOT) + "\"}"});
    e.add(new String[] {"upper-cased", "{\"message\":\"INVALID TOKEN " + KEY.toUpperCase(Locale.ROOT) + "\"}"});
    e.add(new String[] {"base64", "{\"message\":\"credential " + b64(KEY) + " rejected\"}"});
    e.add(new String[] {"base64 after 5 bytes", "{\"message\":\"auth " + b64("user:" + KEY) + " rejected\"}"});
    e.add(new String[] {"base64 after 1 byte", "{\"message\":\"auth " + b64(":" + KEY) + " rejected\"}"});
    return e;
  }

  static Stream<Arguments> cases() {
    List<Arguments> out = new ArrayList<>();
    for (ProviderCase p : ProviderCase.all()) {
      for (String[] echo : echoes()) {
        out.add(Arguments.of(p, echo[0], echo[1]));
      }
    }
    return out.stream();
  }

  static Stream<ProviderCase> providers() {
    return ProviderCase.all().stream();
  }

  /** Every 6-character window of the key's raw, JSON and percent forms, and the middle of its Base64 forms. */
  static List<String> leaks() {
    List<String> forms = List.of(KEY, jsonEscaped(KEY), URLEncoder.encode(KEY, StandardCharsets.UTF_8));
    List<String> w = new ArrayList<>();
    for (String f : forms) {
      for (int i = 0; i + 6 <= f.length(); i++) {
        w.add(f.substring(i, i + 6).toLowerCase(Locale.ROOT));
      }
    }
    for (String prefix : new String[] {"", ":", "user:"}) {
      String b = b64(prefix + KEY);
      w.add(b.substring(b.length() / 2 - 6, b.length() / 2 + 6).toLowerCase(Locale.ROOT));
    }
    return w;
  }

  static void assertNoLeak(String message) {
    String lower = message.toLowerCase(Locale.ROOT);
    for (String w : leaks()) {
      assertFalse(lower.contains(w), () -> "key fragment '" + w + "' in: " + message);
    }
  }

  @ParameterizedTest(name = "{0}: key echoed {1}")
  @MethodSource("cases")
  void anEchoedKeyInAnyEncodingNeverReachesTheMessage(ProviderCase p, String label, String body) throws Exception {
    try (FakeProviderServer fake = new FakeProviderServer((r, n) -> FakeProviderServer.Reply.of(401, body));
         Embedder e = p.open(fake, KEY, p.dimOption())) {
      String m = assertThrows(IllegalStateException.class, () -> e.embed(List.of("a"))).getMessage();
      assertTrue(m.contains("HTTP 401") && m.contains(Redactor.MARK), m);
      assertNoLeak(m);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("providers")
  void anErrorBodyCutInsideTheKeyLeavesNoPrefixOfIt(ProviderCase p) throws Exception {
    int readLimit = RemoteHttp.ERROR_BODY_BYTES + RemoteHttp.REDACTION_MARGIN;
    // The body limit falls after the key's first 10 characters.
    String body = "{\"error\":{\"message\":\"" + "x".repeat(readLimit - 10 - 21) + KEY + " was rejected\"}}";
    assertEquals(readLimit, body.indexOf(KEY) + 10);
    try (FakeProviderServer fake = new FakeProviderServer((r, n) -> FakeProviderServer.Reply.of(403, body));
         Embedder e = p.open(fake, KEY, p.dimOption())) {
      String m = assertThrows(IllegalStateException.class, () -> e.embed(List.of("a"))).getMessage();
      assertTrue(m.contains("HTTP 403") && m.endsWith(Redactor.MARK), m);
      assertFalse(m.contains(KEY.substring(0, 4)), m);
      assertNoLeak(m);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("providers")
  void aKeyEchoedInAMalformedSuccessBodyIsRedactedToo(ProviderCase p) throws Exception {
    try (FakeProviderServer fake = new FakeProviderServer(
            (r, n) -> FakeProviderServer.Reply.ok("{\"echo\": \"" + jsonEscaped(KEY) + "\", oops"));
         Embedder e = p.open(fake, KEY, p.dimOption())) {
      String m = assertThrows(IllegalStateException.class, () -> e.embed(List.of("a"))).getMessage();
      assertTrue(m.contains("malformed JSON"), m);
      assertNoLeak(m);
    }
  }
}
