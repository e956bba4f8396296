package dev.embedlab.models.hub;

import dev.embedlab.models.hub.HubException.Kind;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The Hub's HTTP API as {@code huggingface_hub} calls it ({@code hf_api.model_info},
 * {@code file_download.get_hf_file_metadata} and {@code http_get}):
 *
 * <ul>
 *   <li>{@code GET {endpoint}/api/models/{repo}/revision/{rev}?blobs=true}: commit sha and files.</li>
 *   <li>{@code HEAD {endpoint}/{repo}/resolve/{rev}/{file}} with {@code Accept-Encoding: identity},
 *       following only relative redirects (a renamed repo): {@code X-Repo-Commit},
 *       {@code X-Linked-Etag} (else {@code ETag}), {@code X-Linked-Size} (else
 *       {@code Content-Length}), and the {@code Location} of a large file on a CDN.</li>
 *   <li>{@code GET} of that location, following relative and absolute redirects, with
 *       {@code Range: bytes=N-} to resume.</li>
 * </ul>
 * The token is sent as {@code Authorization: Bearer} to the endpoint's own origin only, never to a
 * CDN host a redirect points to. Errors use the Hub's {@code X-Error-Code} header
 * ({@code RepoNotFound}, {@code GatedRepo}, {@code RevisionNotFound}, {@code EntryNotFound}) as
 * {@code hf_raise_for_status} does. 429 and 502/503/504 are retried up to
 * {@link HubSettings#maxRetries()} times, honouring {@code Retry-After} (seconds or an HTTP date)
 * up to {@link HubSettings#maxRetryWait()}, else waiting 0.5 s, 1 s, 2 s, …
 */
final class HubHttp {
  private static final int MAX_REDIRECTS = 10;
  private static final int ERROR_BODY_LIMIT = 2048;
  private static final Duration API_TIMEOUT = Duration.ofSeconds(30);
  private static final Set<String> HTTP = Set.of("http", "https");

  private final HubSettings settings;
  private final HttpClient client;
  private final Consumer<String> progress;

  HubHttp(HubSettings settings, Consumer<String> progress) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.progress = progress == null ? s -> { } : progress;
    this.client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(Duration.ofSeconds(10)).build();
  }

  HubSettings settings() {
    return settings;
  }

  /** What the Hub says about one file at one revision (the HEAD answer). */
  record FileMeta(String commit, String etag, long size, URI location) {}

  /** The model info of {@code ref}: its commit sha and files. */
  ModelInfo modelInfo(HubRepoRef ref) throws IOException {
    URI uri = URI.create(settings.endpoint() + "/api/models/" + ref.repo() + "/revision/" + quote(ref.revision())
        + "?blobs=true");
    for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
      HttpResponse<InputStream> r = send(request(uri, "GET").timeout(API_TIMEOUT), ref, null);
      try (InputStream in = r.body()) {
        if (isRedirect(r.statusCode())) {
          URI next = location(r, uri, ref, null);
          if (!sameOrigin(next, uri)) {
            throw new HubException(Kind.PROTOCOL, where(ref, null) + ": model info redirects to another host ("
                + next.getHost() + "); set HF_ENDPOINT to that Hub");
          }
          uri = next; // a renamed repo
          continue;
        }
        check(r, ref, null);
        return ModelInfo.parse(in.readAllBytes(), ref, settings);
      }
    }
    throw new HubException(Kind.PROTOCOL, where(ref, null) + ": more than " + MAX_REDIRECTS + " redirects");
  }

  /** The HEAD answer for {@code file} at {@code revision}, following relative redirects only. */
  FileMeta head(HubRepoRef ref, String revision, String file) throws IOException {
    URI uri = resolveUrl(ref.repo(), revision, file);
    for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
      HttpResponse<InputStream> r = send(request(uri, "HEAD").timeout(API_TIMEOUT), ref, file);
      r.body().close();
      int s = r.statusCode();
      HttpHeaders h = r.headers();
      if (isRedirect(s)) {
        URI next = location(r, uri, ref, file);
        if (sameOrigin(next, uri)) {
          uri = next;
          continue;
        }
        return meta(h, next, true, ref, file);
      }
      check(r, ref, file);
      return meta(h, uri, false, ref, file);
    }
    throw new HubException(Kind.PROTOCOL, where(ref, file) + ": more than " + MAX_REDIRECTS + " redirects");
  }

  /** The file's metadata; a redirect's own Content-Length is not the file's (as get_hf_file_metadata). */
  private FileMeta meta(HttpHeaders h, URI location, boolean redirect, HubRepoRef ref, String file) throws HubException {
    String etag = h.firstValue("X-Linked-Etag").or(() -> h.firstValue("ETag")).map(HubHttp::normalizeEtag).orElse(null);
    String commit = h.firstValue("X-Repo-Commit").orElse(null);
    if (etag == null || etag.isEmpty() || commit == null) {
      throw new HubException(Kind.PROTOCOL, where(ref, file) + ": the Hub's answer lacks "
          + (etag == null || etag.isEmpty() ? "an ETag/X-Linked-Etag" : "X-Repo-Commit")
          + " header; is " + settings.endpoint() + " a Hugging Face Hub (or a mirror of one)?");
    }
    if (!etag.matches("[A-Za-z0-9][A-Za-z0-9_-]{0,127}")) {
      throw new HubException(Kind.PROTOCOL, where(ref, file) + ": ETag '" + settings.redact(etag)
          + "' cannot name a cache blob (expected a sha256 or git sha1)");
    }
    long size = h.firstValue("X-Linked-Size").or(() -> redirect ? java.util.Optional.empty() : h.firstValue("Content-Length"))
        .map(HubHttp::parseLongOrMinus).orElse(-1L);
    return new FileMeta(commit, etag, size, location);
  }

  /**
   * {@code GET location} from byte {@code from}, following redirects; the caller closes the body.
   * The answer is 200 (whole file) or 206 (from {@code from}).
   */
  HttpResponse<InputStream> get(URI location, long from, HubRepoRef ref, String file) throws IOException {
    URI uri = location;
    for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
      HttpRequest.Builder b = request(uri, "GET");
      if (from > 0) {
        b.header("Range", "bytes=" + from + "-");
      }
      HttpResponse<InputStream> r = send(b, ref, file);
      if (isRedirect(r.statusCode())) {
        r.body().close();
        uri = location(r, uri, ref, file);
        continue;
      }
      if (r.statusCode() == 416 && from > 0) {
        r.body().close();
        return get(location, 0, ref, file);
      }
      check(r, ref, file);
      return r;
    }
    throw new HubException(Kind.PROTOCOL, where(ref, file) + ": more than " + MAX_REDIRECTS + " redirects");
  }

  /** {@code {endpoint}/{repo}/resolve/{rev}/{file}} with the revision and file URL-quoted. */
  URI resolveUrl(String repo, String revision, String file) {
    StringBuilder path = new StringBuilder();
    for (String part : file.split("/")) {
      path.append(path.length() == 0 ? "" : "/").append(quote(part));
    }
    return URI.create(settings.endpoint() + "/" + repo + "/resolve/" + quote(revision) + "/" + path);
  }

  private HttpRequest.Builder request(URI uri, String method) {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).method(method, HttpRequest.BodyPublishers.noBody())
        .header("User-Agent", "embedlab/0.1; java/" + Runtime.version().feature())
        .header("Accept-Encoding", "identity");
    if (settings.token() != null && sameOrigin(uri, settings.endpoint())) {
      b.header("Authorization", "Bearer " + settings.token());
    }
    return b;
  }

  /** Sends, retrying 429 and 502/503/504 with {@code Retry-After} or exponential backoff. */
  private HttpResponse<InputStream> send(HttpRequest.Builder b, HubRepoRef ref, String file) throws IOException {
    HttpRequest req = b.build();
    String last = null;
    for (int attempt = 0; ; attempt++) {
      HttpResponse<InputStream> r;
      try {
        r = client.send(req, HttpResponse.BodyHandlers.ofInputStream());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException(where(ref, file) + ": interrupted");
      }
      int s = r.statusCode();
      if (s != 429 && s != 502 && s != 503 && s != 504) {
        return r;
      }
      String body = errorBody(r);
      last = "HTTP " + s + (body.isEmpty() ? "" : " " + body);
      if (attempt >= settings.maxRetries()) {
        throw new HubException(Kind.UNAVAILABLE, where(ref, file) + ": " + settings.endpoint().getHost()
            + " answered " + last + " after " + (attempt + 1) + " attempts"
            + (s == 429 ? "; the Hub rate-limits requests: wait and retry"
                + (settings.token() == null ? ", or set HF_TOKEN (logged-in requests get higher limits)" : "")
                : "; the Hub is unavailable, retry later"));
      }
      Duration wait = r.headers().firstValue("Retry-After").map(HubHttp::retryAfter)
          .orElse(Duration.ofMillis(500L << Math.min(attempt, 6)));
      if (wait.compareTo(settings.maxRetryWait()) > 0) {
        wait = settings.maxRetryWait();
      }
      progress.accept("hf:" + ref.repo() + ": HTTP " + s + " from " + settings.endpoint().getHost() + ", retry "
          + (attempt + 1) + "/" + settings.maxRetries() + " in " + wait.toMillis() + " ms");
      try {
        Thread.sleep(wait.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException(where(ref, file) + ": interrupted while waiting to retry (" + last + ")");
      }
    }
  }

  /** Throws the {@link HubException} a 4xx/5xx answer stands for; returns for 2xx. */
  private void check(HttpResponse<InputStream> r, HubRepoRef ref, String file) throws IOException {
    int s = r.statusCode();
    if (s >= 200 && s < 300) {
      return;
    }
    String code = r.headers().firstValue("X-Error-Code").orElse("");
    String hubMessage = r.headers().firstValue("X-Error-Message").orElse("");
    String body = errorBody(r);
    String said = " (HTTP " + s + (code.isEmpty() ? "" : ", " + code) + (hubMessage.isEmpty() ? "" : ": "
        + settings.redact(hubMessage)) + (hubMessage.isEmpty() && !body.isEmpty() ? ": " + body : "") + ")";
    String page = settings.endpoint() + "/" + ref.repo();
    String w = where(ref, file);
    if ("GatedRepo".equals(code)) {
      throw new HubException(Kind.GATED, w + ": the repo is gated" + said + ". Open " + page
          + " while logged in and accept its conditions, create a read token at " + settings.endpoint()
          + "/settings/tokens, and set HF_TOKEN to it"
          + (settings.token() == null ? " (no token was sent)" : " (the token sent has no access to it yet)"));
    }
    if ("RevisionNotFound".equals(code)) {
      throw new HubException(Kind.REVISION_NOT_FOUND, w + ": revision '" + ref.revision() + "' not found in "
          + ref.repo() + said + "; expected a branch, tag or commit sha listed at " + page + "/commits");
    }
    if ("EntryNotFound".equals(code) || (s == 404 && file != null && code.isEmpty())) {
      throw new HubException(Kind.FILE_NOT_FOUND, w + ": file '" + file + "' not found at revision '"
          + ref.revision() + "' of " + ref.repo() + said);
    }
    if ("RepoNotFound".equals(code) || s == 404) {
      throw new HubException(Kind.REPO_NOT_FOUND, w + ": repository " + ref.repo() + " not found on "
          + settings.endpoint() + said + "; check the name at " + page
          + (settings.token() == null ? ", or set HF_TOKEN if it is private" : " (a private repo needs a token with access)"));
    }
    if (s == 401 || s == 403) {
      throw new HubException(Kind.UNAUTHORIZED, w + ": access refused" + said + "; "
          + (settings.token() == null ? "set HF_TOKEN to a token with access (" + settings.endpoint() + "/settings/tokens)"
              : "HF_TOKEN is invalid or has no access to " + ref.repo()));
    }
    throw new HubException(Kind.PROTOCOL, w + ": unexpected answer" + said + " from " + settings.endpoint().getHost());
  }

  private String errorBody(HttpResponse<InputStream> r) {
    try (InputStream in = r.body()) {
      String text = new String(in.readNBytes(ERROR_BODY_LIMIT), StandardCharsets.UTF_8).strip();
      return settings.redact(text).replaceAll("\\s+", " ");
    } catch (IOException e) {
      return "";
    }
  }

  private URI location(HttpResponse<?> r, URI base, HubRepoRef ref, String file) throws HubException {
    String loc = r.headers().firstValue("Location").orElseThrow(() -> new HubException(Kind.PROTOCOL,
        where(ref, file) + ": HTTP " + r.statusCode() + " redirect without a Location header"));
    try {
      URI next = base.resolve(loc);
      if (next.getScheme() == null || !HTTP.contains(next.getScheme().toLowerCase(Locale.ROOT))) {
        throw new IllegalArgumentException("not http(s)");
      }
      return next;
    } catch (IllegalArgumentException e) {
      throw new HubException(Kind.PROTOCOL, where(ref, file) + ": redirect to an invalid location '"
          + settings.redact(loc) + "'", e);
    }
  }

  static boolean isRedirect(int s) {
    return s == 301 || s == 302 || s == 303 || s == 307 || s == 308;
  }

  static boolean sameOrigin(URI a, URI b) {
    return a.getScheme().equalsIgnoreCase(b.getScheme()) && a.getHost().equalsIgnoreCase(b.getHost())
        && port(a) == port(b);
  }

  private static int port(URI u) {
    return u.getPort() >= 0 ? u.getPort() : ("https".equalsIgnoreCase(u.getScheme()) ? 443 : 80);
  }

  /** {@code _normalize_etag}: drops a weak {@code W/} prefix and the quotes. */
  static String normalizeEtag(String etag) {
    String e = etag.strip();
    if (e.startsWith("W/")) {
      e = e.substring(2);
    }
    return e.replace("\"", "");
  }

  /** {@code Retry-After} as seconds or an HTTP date; unparsable = 1 s. */
  static Duration retryAfter(String v) {
    String t = v.strip();
    try {
      return Duration.ofSeconds(Math.max(0, Long.parseLong(t)));
    } catch (NumberFormatException e) {
      try {
        Duration d = Duration.between(java.time.Instant.now(),
            ZonedDateTime.parse(t, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
        return d.isNegative() ? Duration.ZERO : d;
      } catch (DateTimeParseException e2) {
        return Duration.ofSeconds(1);
      }
    }
  }

  private static long parseLongOrMinus(String s) {
    try {
      return Long.parseLong(s.strip());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** URL-quotes a path segment with no safe characters, as {@code quote(revision, safe="")}. */
  static String quote(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  static String where(HubRepoRef ref, String file) {
    return "hf:" + ref.repo() + "@" + ref.revision() + (file == null ? "" : " " + file);
  }
}
