package dev.embedlab.models.hub;

import dev.embedlab.core.Checks;
import dev.embedlab.core.source.SourceContext;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;

/**
 * Where the Hub is, where its cache lives, and who we are, read from the environment the way
 * {@code huggingface_hub} (constants.py) reads it:
 *
 * <ul>
 *   <li>{@code HF_ENDPOINT}: the Hub or a mirror (default {@code https://huggingface.co}).</li>
 *   <li>Cache: {@code HF_HUB_CACHE}, else {@code HUGGINGFACE_HUB_CACHE}, else {@code $HF_HOME/hub},
 *       else {@code $XDG_CACHE_HOME/huggingface/hub}, else {@code ~/.cache/huggingface/hub}.</li>
 *   <li>Token: {@code HF_TOKEN}, else {@code HUGGING_FACE_HUB_TOKEN}, else the file
 *       {@code HF_TOKEN_PATH} or {@code $HF_HOME/token} that {@code hf auth login} writes. Never
 *       printed: {@link #redact} removes it from every message.</li>
 *   <li>{@code HF_HUB_DOWNLOAD_TIMEOUT}: seconds without a byte before a download is resumed (10).</li>
 *   <li>{@code HF_HUB_OFFLINE} (or {@code TRANSFORMERS_OFFLINE}) = 1/true/yes/on: cache only.</li>
 * </ul>
 *
 * @param endpoint the Hub's base URI, without a trailing slash
 * @param cacheDir the hub cache folder (holding {@code models--ORG--NAME})
 * @param token the access token, or null
 * @param offline whether the network must not be used
 * @param maxRetries retries after a 429/5xx answer or an interrupted body, {@code >= 0}
 * @param maxRetryWait the longest wait honoured from a {@code Retry-After} header
 * @param downloadTimeout how long a download may go without receiving a byte before it is broken
 *     off and resumed ({@code HF_HUB_DOWNLOAD_TIMEOUT} seconds, default 10 as in huggingface_hub)
 */
public record HubSettings(URI endpoint, Path cacheDir, String token, boolean offline, int maxRetries,
    Duration maxRetryWait, Duration downloadTimeout) {

  /** The public Hub. */
  public static final String DEFAULT_ENDPOINT = "https://huggingface.co";
  private static final Set<String> TRUE = Set.of("1", "ON", "YES", "TRUE");

  public HubSettings {
    if (endpoint == null || endpoint.getScheme() == null || endpoint.getHost() == null
        || !Set.of("http", "https").contains(endpoint.getScheme().toLowerCase(Locale.ROOT))) {
      throw new IllegalArgumentException("HF_ENDPOINT must be an http(s) URL such as " + DEFAULT_ENDPOINT
          + "; endpoint=" + endpoint);
    }
    if (endpoint.getUserInfo() != null) {
      throw new IllegalArgumentException("HF_ENDPOINT must not carry user-info (use HF_TOKEN); endpoint host="
          + endpoint.getHost());
    }
    Checks.notNull("cacheDir", cacheDir);
    Checks.atLeast("maxRetries", maxRetries, 0);
    if (maxRetryWait == null || maxRetryWait.isNegative()) {
      throw new IllegalArgumentException("maxRetryWait must be >= 0; maxRetryWait=" + maxRetryWait);
    }
    if (downloadTimeout == null || downloadTimeout.isNegative() || downloadTimeout.isZero()) {
      throw new IllegalArgumentException("downloadTimeout must be > 0 (HF_HUB_DOWNLOAD_TIMEOUT seconds); downloadTimeout="
          + downloadTimeout);
    }
    token = token == null || token.isBlank() ? null : token.strip();
    String e = endpoint.toString();
    endpoint = URI.create(e.endsWith("/") ? e.substring(0, e.length() - 1) : e);
  }

  /** Settings from {@code context}'s environment (never from {@link System#getenv()} directly). */
  public static HubSettings from(SourceContext context) {
    String endpoint = nonBlank(context.env("HF_ENDPOINT"));
    URI uri;
    try {
      uri = URI.create(endpoint == null ? DEFAULT_ENDPOINT : endpoint);
    } catch (IllegalArgumentException ex) {
      throw new IllegalArgumentException("HF_ENDPOINT must be an http(s) URL such as " + DEFAULT_ENDPOINT
          + "; HF_ENDPOINT=" + endpoint, ex);
    }
    Path home = hfHome(context);
    Path cache;
    if (nonBlank(context.env("HF_HUB_CACHE")) != null) {
      cache = path(context.env("HF_HUB_CACHE"));
    } else if (nonBlank(context.env("HUGGINGFACE_HUB_CACHE")) != null) {
      cache = path(context.env("HUGGINGFACE_HUB_CACHE"));
    } else {
      cache = home.resolve("hub");
    }
    String token = nonBlank(context.env("HF_TOKEN"));
    if (token == null) {
      token = nonBlank(context.env("HUGGING_FACE_HUB_TOKEN"));
    }
    if (token == null) {
      String tp = nonBlank(context.env("HF_TOKEN_PATH"));
      token = readToken(tp != null ? path(tp) : home.resolve("token"));
    }
    boolean offline = isTrue(context.env("HF_HUB_OFFLINE")) || isTrue(context.env("TRANSFORMERS_OFFLINE"));
    String timeout = nonBlank(context.env("HF_HUB_DOWNLOAD_TIMEOUT"));
    Duration download;
    try {
      download = Duration.ofMillis(Math.round(1000 * (timeout == null ? 10 : Double.parseDouble(timeout.strip()))));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("HF_HUB_DOWNLOAD_TIMEOUT must be a number of seconds; HF_HUB_DOWNLOAD_TIMEOUT="
          + timeout, e);
    }
    return new HubSettings(uri, cache, token, offline, 5, Duration.ofSeconds(60), download);
  }

  private static Path hfHome(SourceContext context) {
    String home = nonBlank(context.env("HF_HOME"));
    if (home != null) {
      return path(home);
    }
    String xdg = nonBlank(context.env("XDG_CACHE_HOME"));
    return (xdg != null ? path(xdg) : Path.of(System.getProperty("user.home"), ".cache")).resolve("huggingface");
  }

  /** A path from the environment, {@code ~} expanded as Python's {@code os.path.expanduser} does. */
  private static Path path(String v) {
    String s = v.strip();
    if (s.equals("~") || s.startsWith("~/")) {
      return Path.of(System.getProperty("user.home") + s.substring(1));
    }
    return Path.of(s);
  }

  private static String readToken(Path file) {
    if (!Files.isRegularFile(file)) {
      return null;
    }
    try {
      return nonBlank(Files.readString(file, StandardCharsets.UTF_8).strip());
    } catch (IOException e) {
      return null; // an unreadable token file is the same as none: anonymous access, as huggingface_hub does
    }
  }

  private static boolean isTrue(String v) {
    return v != null && TRUE.contains(v.strip().toUpperCase(Locale.ROOT));
  }

  private static String nonBlank(String s) {
    return s == null || s.isBlank() ? null : s;
  }

  /** These settings with another retry policy (tests shorten the waits). */
  public HubSettings withRetries(int retries, Duration maxWait) {
    return new HubSettings(endpoint, cacheDir, token, offline, retries, maxWait, downloadTimeout);
  }

  /** {@code text} with the token (and its URL-encoded form) replaced by {@code [REDACTED]}. */
  public String redact(String text) {
    if (text == null || token == null) {
      return text;
    }
    String out = text.replace(token, "[REDACTED]");
    String encoded = java.net.URLEncoder.encode(token, StandardCharsets.UTF_8);
    return encoded.equals(token) ? out : out.replace(encoded, "[REDACTED]");
  }

  /** Never shows the token. */
  @Override
  public String toString() {
    return "HubSettings[endpoint=" + endpoint + ", cacheDir=" + cacheDir + ", token="
        + (token == null ? "none" : "[REDACTED]") + ", offline=" + offline + ", maxRetries=" + maxRetries
        + ", maxRetryWait=" + maxRetryWait + ", downloadTimeout=" + downloadTimeout + "]";
  }
}
