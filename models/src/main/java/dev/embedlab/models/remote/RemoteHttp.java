package dev.embedlab.models.remote;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * The HTTP core every provider shares: one POST with a JSON body, retried on 429, 5xx, timeouts and
 * I/O errors per {@link RetryPolicy}; bounded bodies; a deadline on the whole exchange; Jackson's
 * stream limits; and every message through the one {@link Redactor}.
 *
 * <ul>
 *   <li>A success body may hold at most the caller's budget ({@code count * dimension * 48 + 1 MiB});
 *       a larger one fails at once without being buffered. An error body is read up to
 *       {@value #ERROR_BODY_BYTES} bytes plus {@value #REDACTION_MARGIN} bytes of margin, redacted
 *       whole, and only then cut for the message (its first 300 and last 200 characters).
 *   <li>Parsing uses {@link StreamReadConstraints}: numbers of at most {@value #MAX_NUMBER_LENGTH}
 *       characters, nesting at most {@value #MAX_DEPTH} deep, strings of at most 1 MiB; a body past a
 *       limit is refused with the limit named (not a {@code NullPointerException} from a missing
 *       location).
 *   <li>Redirects are never followed, so the key only goes to the configured host. The last
 *       {@code x-ratelimit-*} headers seen are kept for {@link #rateLimits()}.
 * </ul>
 */
final class RemoteHttp {
  /** How much of an error body is shown at most (before the display cut). */
  static final int ERROR_BODY_BYTES = 64 << 10;
  /** Bytes read past {@link #ERROR_BODY_BYTES} so a key straddling the limit is still seen whole. */
  static final int REDACTION_MARGIN = 4 << 10;
  static final int MAX_NUMBER_LENGTH = 200;
  static final int MAX_DEPTH = 64;
  static final int MAX_STRING_LENGTH = 1 << 20;
  static final ObjectMapper JSON = JsonMapper.builder(JsonFactory.builder()
          .streamReadConstraints(StreamReadConstraints.builder().maxNumberLength(MAX_NUMBER_LENGTH)
              .maxNestingDepth(MAX_DEPTH).maxStringLength(MAX_STRING_LENGTH).build())
          .build())
      .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION).build();

  private final String id;
  private final Redactor redactor;
  private final Duration timeout;
  private final RetryPolicy retry;
  private final Clock clock;
  private final HttpClient http;
  final LongAdder requests = new LongAdder();
  final LongAdder retries = new LongAdder();
  private final AtomicReference<Map<String, String>> rateLimits = new AtomicReference<>(Map.of());

  RemoteHttp(String id, Redactor redactor, Duration timeout, RetryPolicy retry, Clock clock) {
    this.id = id;
    this.redactor = redactor;
    this.timeout = timeout;
    this.retry = retry;
    this.clock = clock;
    this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
  }

  /** Refuses a base URI that is not http(s) or carries user-info, without printing its secrets. */
  static URI checkBase(URI baseUri) {
    if (baseUri == null || baseUri.getScheme() == null
        || !(baseUri.getScheme().equals("http") || baseUri.getScheme().equals("https"))) {
      throw new IllegalArgumentException("baseUri must be an http(s) URI; baseUri="
          + (baseUri == null ? null : Redactor.none().redact(baseUri.toString())));
    }
    if (baseUri.getRawUserInfo() != null) {
      throw new IllegalArgumentException("baseUri must not carry user-info (credentials are not sent "
          + "from a URI; pass the key with apiKey(...)); baseUri=" + Redactor.none().redact(baseUri.toString()));
    }
    return baseUri;
  }

  /** {@code base} + {@code path}, with exactly one slash between. */
  static URI join(URI base, String path) {
    String b = base.toString();
    return URI.create((b.endsWith("/") ? b.substring(0, b.length() - 1) : b) + (path.startsWith("/") ? path : "/" + path));
  }

  /** The last {@code x-ratelimit-*} headers a response carried, names lower-cased. */
  Map<String, String> rateLimits() {
    return rateLimits.get();
  }

  /**
   * POSTs {@code body} and returns the parsed success body.
   *
   * @param count texts in the batch (for messages)
   * @param successLimit the largest success body accepted, in bytes
   * @throws IllegalStateException on a refused request, exhausted retries, an oversized or malformed body
   */
  JsonNode post(URI uri, Map<String, String> headers, String body, int count, long successLimit) {
    String lastProblem = "";
    String where = redactor.redact(uri.toString());
    for (int attempt = 0; attempt <= retry.maxRetries(); attempt++) {
      HttpRequest.Builder rb = HttpRequest.newBuilder(uri).timeout(timeout)
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
      headers.forEach(rb::header);
      Duration wait;
      requests.increment();
      CompletableFuture<HttpResponse<byte[]>> call = http.sendAsync(rb.build(),
          info -> info.statusCode() / 100 == 2
              ? new BoundedBody(successLimit, true) : new BoundedBody(ERROR_BODY_BYTES + REDACTION_MARGIN, false));
      try {
        // The request timeout only covers the wait for headers; this bounds the body too.
        HttpResponse<byte[]> r = call.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        keepRateLimits(r);
        int s = r.statusCode();
        String text = new String(r.body(), StandardCharsets.UTF_8);
        if (s / 100 == 2) {
          return parse(text, where);
        }
        lastProblem = "HTTP " + s + ": " + errorText(text);
        if (s != 429 && s / 100 != 5) {
          throw new IllegalStateException(id + ": " + where + " rejected a batch of " + count
              + " texts with " + lastProblem);
        }
        wait = retry.waitAfter(s, r.headers(), attempt, clock);
      } catch (TimeoutException e) {
        call.cancel(true);
        lastProblem = "no complete response within the timeout of " + timeout.toMillis() + " ms";
        wait = retry.backoff(attempt);
      } catch (ExecutionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof BodyTooLargeException) {
          throw new IllegalStateException(id + ": " + where + " answered a batch of " + count
              + " texts with a body over " + successLimit + " bytes; not retried");
        }
        lastProblem = cause instanceof HttpTimeoutException
            ? "timeout after " + timeout.toMillis() + " ms"
            : redactor.redact(String.valueOf(cause));
        wait = retry.backoff(attempt);
      } catch (CancellationException e) {
        lastProblem = "request cancelled";
        wait = retry.backoff(attempt);
      } catch (InterruptedException e) {
        call.cancel(true);
        Thread.currentThread().interrupt();
        throw new IllegalStateException(id + ": interrupted", e);
      }
      if (attempt < retry.maxRetries()) {
        retries.increment();
        sleep(wait);
      }
    }
    throw new IllegalStateException(id + ": " + where + " failed after " + (retry.maxRetries() + 1)
        + " attempts; last: " + lastProblem);
  }

  /** Redacts the whole error body, then shows its first 300 and last 200 characters. */
  String errorText(String body) {
    String t = redactor.redact(body).replaceAll("\\s+", " ");
    return t.length() <= 520 ? t : t.substring(0, 300) + " ... " + t.substring(t.length() - 200);
  }

  private void keepRateLimits(HttpResponse<?> r) {
    Map<String, String> m = new TreeMap<>();
    r.headers().map().forEach((k, v) -> {
      String lk = k.toLowerCase(Locale.ROOT);
      if (lk.startsWith("x-ratelimit-") && !v.isEmpty()) {
        m.put(lk, v.get(0));
      }
    });
    if (!m.isEmpty()) {
      rateLimits.set(Map.copyOf(m));
    }
  }

  private JsonNode parse(String text, String where) {
    try {
      return JSON.readTree(text);
    } catch (StreamConstraintsException e) {
      throw new IllegalStateException(id + ": " + where + " answered with JSON past a safety limit ("
          + redactor.redact(e.getOriginalMessage()) + "; limits: numbers of at most " + MAX_NUMBER_LENGTH
          + " characters, nesting at most " + MAX_DEPTH + " deep, strings of at most " + MAX_STRING_LENGTH
          + " characters)");
    } catch (JsonProcessingException e) {
      JsonLocation loc = e.getLocation();
      throw new IllegalStateException(id + ": " + where + " answered with malformed JSON ("
          + redactor.redact(e.getOriginalMessage())
          + (loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr()) + "): "
          + redactor.redactAndCut(text, 200));
    }
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while backing off", e);
    }
  }

  /** Thrown inside the body subscriber when a success body exceeds its budget. */
  private static final class BodyTooLargeException extends IOException {
    private static final long serialVersionUID = 1L;

    BodyTooLargeException(long limit) {
      super("response body exceeds " + limit + " bytes");
    }
  }

  /**
   * Collects at most {@code limit} bytes. Past the limit it cancels the exchange and either fails
   * ({@code failOnOverflow}: a success body that cannot be valid) or completes with what it has
   * (an error body, kept only for its message).
   */
  private static final class BoundedBody implements HttpResponse.BodySubscriber<byte[]> {
    private final long limit;
    private final boolean failOnOverflow;
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private final ByteArrayOutputStream buf = new ByteArrayOutputStream();
    private Flow.Subscription subscription;

    BoundedBody(long limit, boolean failOnOverflow) {
      this.limit = limit;
      this.failOnOverflow = failOnOverflow;
    }

    @Override
    public CompletionStage<byte[]> getBody() {
      return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
      subscription = s;
      s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
      if (result.isDone()) {
        return;
      }
      for (ByteBuffer b : items) {
        int n = b.remaining();
        long room = limit - buf.size();
        if (n > room) {
          byte[] part = new byte[(int) room];
          b.get(part);
          buf.write(part, 0, part.length);
          subscription.cancel();
          if (failOnOverflow) {
            result.completeExceptionally(new BodyTooLargeException(limit));
          } else {
            result.complete(buf.toByteArray());
          }
          return;
        }
        byte[] a = new byte[n];
        b.get(a);
        buf.write(a, 0, n);
      }
    }

    @Override
    public void onError(Throwable t) {
      result.completeExceptionally(t);
    }

    @Override
    public void onComplete() {
      result.complete(buf.toByteArray());
    }
  }
}
