package dev.embedlab.models.remote;

import dev.embedlab.core.Checks;
import java.net.http.HttpHeaders;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How long to wait before retrying: exponential backoff {@code min(max, initial * 2^attempt)} (no
 * jitter, so runs are reproducible), or what the server asks for — {@code Retry-After} per RFC 9110
 * §10.2.3, else OpenAI's {@code x-ratelimit-reset-requests}/{@code x-ratelimit-reset-tokens}
 * durations on a 429 — every wait capped at {@code max}.
 *
 * @param maxRetries retries after the first attempt, {@code >= 0}
 * @param initial the first backoff, {@code > 0}
 * @param max the longest wait, {@code > 0}
 */
public record RetryPolicy(int maxRetries, Duration initial, Duration max) {

  /** Five retries from 500 ms up to 30 s. */
  public static final RetryPolicy DEFAULT = new RetryPolicy(5, Duration.ofMillis(500), Duration.ofSeconds(30));

  public RetryPolicy {
    Checks.atLeast("maxRetries", maxRetries, 0);
    positive("initialBackoff", initial);
    positive("maxBackoff", max);
  }

  static Duration positive(String name, Duration d) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be > 0; " + name + "=" + d);
    }
    return d;
  }

  /** The backoff before retry number {@code attempt + 1}. */
  public Duration backoff(int attempt) {
    long ms = initial.toMillis() << Math.min(attempt, 30);
    return Duration.ofMillis(Math.min(max.toMillis(), ms < 0 ? Long.MAX_VALUE : ms));
  }

  /** The wait after a 429/5xx answer with these headers (also used by the rag module's chat client). */
  public Duration waitAfter(int status, HttpHeaders headers, int attempt, Clock clock) {
    Optional<Duration> asked = headers.firstValue("Retry-After").flatMap(h -> retryAfter(h, clock));
    if (asked.isEmpty() && status == 429) {
      asked = resetDuration(headers.firstValue("x-ratelimit-reset-requests").orElse(null))
          .or(() -> resetDuration(headers.firstValue("x-ratelimit-reset-tokens").orElse(null)));
    }
    return asked.map(d -> d.compareTo(max) > 0 ? max : d).orElse(backoff(attempt));
  }

  private static final Pattern DELAY_SECONDS = Pattern.compile("[0-9]+");
  private static final DateTimeFormatter RFC_850 =
      DateTimeFormatter.ofPattern("EEEE, dd-MMM-yy HH:mm:ss zzz", Locale.US);
  private static final DateTimeFormatter ASCTIME =
      DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.US).withZone(ZoneOffset.UTC);

  /**
   * The wait a {@code Retry-After} value asks for, per RFC 9110 §10.2.3: {@code delay-seconds}
   * (digits only) or an HTTP-date (IMF-fixdate, or the obsolete RFC 850 and asctime forms), a date
   * in the past meaning zero. Anything else — a sign, a fraction, words — is empty, so the caller
   * falls back to its own backoff. Digits too many for a {@code long} mean "very long".
   */
  public static Optional<Duration> retryAfter(String header, Clock clock) {
    String h = header.trim();
    if (DELAY_SECONDS.matcher(h).matches()) {
      return Optional.of(h.length() > 18 ? Duration.ofSeconds(Long.MAX_VALUE / 1_000_000_000L)
          : Duration.ofSeconds(Long.parseLong(h)));
    }
    for (DateTimeFormatter f : new DateTimeFormatter[] {DateTimeFormatter.RFC_1123_DATE_TIME, RFC_850, ASCTIME}) {
      try {
        Duration d = Duration.between(clock.instant(), ZonedDateTime.parse(h, f).toInstant());
        return Optional.of(d.isNegative() ? Duration.ZERO : d);
      } catch (DateTimeParseException e) {
        // try the next form
      }
    }
    return Optional.empty();
  }

  private static final Pattern RESET = Pattern.compile("(?:([0-9]+)h)?(?:([0-9]+)m(?!s))?(?:([0-9]+(?:\\.[0-9]+)?)s)?(?:([0-9]+)ms)?");

  /**
   * OpenAI's reset durations ({@code "1s"}, {@code "6m0s"}, {@code "20ms"}, {@code "1h2m3.5s"}),
   * documented under "Rate limits" (https://platform.openai.com/docs/guides/rate-limits); empty for
   * anything else.
   */
  static Optional<Duration> resetDuration(String v) {
    if (v == null || v.isBlank()) {
      return Optional.empty();
    }
    Matcher m = RESET.matcher(v.trim());
    if (!m.matches() || (m.group(1) == null && m.group(2) == null && m.group(3) == null && m.group(4) == null)) {
      return Optional.empty();
    }
    try {
      long ms = 0;
      ms += m.group(1) == null ? 0 : Math.multiplyExact(Long.parseLong(m.group(1)), 3_600_000L);
      ms += m.group(2) == null ? 0 : Math.multiplyExact(Long.parseLong(m.group(2)), 60_000L);
      ms += m.group(3) == null ? 0 : (long) Math.ceil(Double.parseDouble(m.group(3)) * 1000);
      ms += m.group(4) == null ? 0 : Long.parseLong(m.group(4));
      return Optional.of(Duration.ofMillis(ms));
    } catch (ArithmeticException | NumberFormatException e) {
      return Optional.empty();
    }
  }
}
