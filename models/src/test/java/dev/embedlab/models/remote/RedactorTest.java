package dev.embedlab.models.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** The redaction rule on its own: encodings, the cut tail, the generic patterns, and linear time. */
class RedactorTest {
  static final String KEY = "Zq7/XyAb9+Kd/Lm0pQrStUvWx83hJ";

  @Test
  void genericPatternsAreRedactedWithoutAKey() {
    assertEquals("x [REDACTED] https://[REDACTED]@h/ Bearer [REDACTED] token=[REDACTED]",
        Redactor.none().redact("x sk-abcdefgh123 https://u:p@h/ Bearer abc.def token=zzz"));
    assertEquals("key=[REDACTED]&x=1 [REDACTED] Basic [REDACTED]",
        Redactor.none().redact("key=AIzaSyA-1234567890abcdefghij&x=1 AIzaSyB0123456789012345678901 Basic dXNlcjpwYXNz"));
  }

  @Test
  void onlyTheEndOfATextIsTreatedAsACutKey() {
    Redactor r = Redactor.of(KEY);
    assertEquals("error: [REDACTED]", r.redact("error: " + KEY.substring(0, 10)));
    assertEquals("error: " + "[REDACTED]", r.redact("error: " + KEY.substring(0, Redactor.MIN_TAIL)));
    assertEquals("error: Zq7", r.redact("error: Zq7"), "shorter than MIN_TAIL: nothing to hide");
    assertEquals("Zq7/ and more", r.redact("Zq7/ and more"), "a key prefix in the middle is text, not a cut");
    String b64 = Base64.getEncoder().encodeToString(("u:" + KEY).getBytes(StandardCharsets.UTF_8));
    assertFalse(r.redact("x " + b64.substring(0, 20)).contains(b64.substring(6, 20)));
  }

  @Test
  void redactThenCutNeverCutsFirst() {
    Redactor r = Redactor.of(KEY);
    String body = "a".repeat(195) + KEY;
    String shown = r.redactAndCut(body, 200);
    assertFalse(shown.contains("Zq7/X"), shown);
    assertTrue(shown.endsWith("[REDA..."), shown);
  }

  @Test
  void aLargeErrorBodyIsRedactedInLinearTime() {
    Redactor r = Redactor.of(KEY);
    String letters = "x".repeat(RemoteHttp.ERROR_BODY_BYTES + RemoteHttp.REDACTION_MARGIN);
    long t0 = System.nanoTime();
    for (int i = 0; i < 5; i++) {
      assertEquals(letters, r.redact(letters));
      r.redact(letters.replace('x', 'a') + "://");
      r.redact("token".repeat(10_000));
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    assertTrue(seconds < 5, "15 redactions of ~68 KiB took " + seconds + " s (quadratic backtracking?)");
  }
}
