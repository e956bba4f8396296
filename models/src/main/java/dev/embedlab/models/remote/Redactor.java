package dev.embedlab.models.remote;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one redaction rule for every remote provider: whatever a server echoes back, no form of the
 * secret reaches an exception message or a log.
 *
 * <p>The secret is removed in every encoding a server is known to echo it in: raw, JSON-escaped
 * ({@code /} as {@code \/}, {@code \\uXXXX} escapes), percent-encoded (upper- and lower-case hex,
 * {@code +} or {@code %20} for space), Base64 and Base64url at all three byte alignments (an echoed
 * {@code Authorization: Basic} header or a token inside a Base64 blob), each matched without regard
 * to case (a server that lower-cases the text still leaks it). A text that ENDS with the beginning
 * of any of those forms (at least {@value #MIN_TAIL} characters; a body cut by a size limit in the
 * middle of the key) has that tail removed too. On top of the secret itself, generic patterns remove
 * {@code Bearer} tokens, key-looking strings ({@code sk-…}, {@code pa-…}, {@code AIza…}),
 * {@code key=…}/{@code api_key: …}/{@code token=…} values and URI user-info.
 *
 * <p>Callers redact the WHOLE text first and cut it for display afterwards ({@link #redactAndCut}),
 * never the other way round: a cut inside the key would leave a prefix no full-key match finds.
 */
public final class Redactor {
  /** The replacement text. */
  public static final String MARK = "[REDACTED]";
  /** The shortest tail of a secret's encoding that is removed from the end of a text. */
  static final int MIN_TAIL = 4;

  private static final Pattern BEARER = Pattern.compile("(?i)(bearer\\s+)[^\\s\"',;\\\\]+");
  private static final Pattern BASIC = Pattern.compile("(?i)(basic\\s+)[A-Za-z0-9+/=_-]{6,}");
  private static final Pattern KEY_LIKE = Pattern.compile(
      "\\b(?:(?:sk|pk|rk|pa)-[A-Za-z0-9_\\-*]{6,}|AIza[0-9A-Za-z_\\-]{20,})");
  private static final Pattern KEY_FIELD = Pattern.compile(
      "(?i)((?:api[_-]?key|x-goog-api-key|key|[a-z_-]{0,40}token|secret|password|authorization)[\"']?\\s*[:=]\\s*[\"']?)"
      + "[^\\s\"',;&}\\\\]+");
  private static final Pattern USER_INFO = Pattern.compile("(?i)\\b([a-z][a-z0-9+.-]{0,31}://)[^/@\\s]{1,512}@");

  // Every repetition in these patterns is bounded or anchored, so a 68 KiB body of letters is
  // scanned in linear time (an unbounded "[a-z]*://" backtracks quadratically).
  private final List<String> forms;
  private final Pattern secretPattern;

  private Redactor(List<String> secrets) {
    Set<String> f = new LinkedHashSet<>();
    for (String s : secrets) {
      if (s != null && !s.isEmpty()) {
        f.addAll(encodings(s));
      }
    }
    List<String> sorted = new ArrayList<>(f);
    sorted.removeIf(x -> x.length() < MIN_TAIL);
    sorted.sort(Comparator.comparingInt(String::length).reversed());
    this.forms = List.copyOf(sorted);
    StringBuilder alt = new StringBuilder();
    for (String x : forms) {
      alt.append(alt.length() == 0 ? "" : "|").append(Pattern.quote(x));
    }
    this.secretPattern = forms.isEmpty() ? null
        : Pattern.compile(alt.toString(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
  }

  /** A redactor for these secrets (nulls and empty strings are ignored). */
  public static Redactor of(String... secrets) {
    return new Redactor(java.util.Arrays.stream(secrets).filter(s -> s != null).toList());
  }

  /** A redactor that removes only the generic patterns (no configured secret). */
  public static Redactor none() {
    return new Redactor(List.of());
  }

  /** Every form in which {@code s} is removed (see the class doc). */
  static List<String> encodings(String s) {
    Set<String> out = new LinkedHashSet<>();
    out.add(s);
    out.add(jsonEscaped(s, false));
    out.add(jsonEscaped(s, true));
    String pct = URLEncoder.encode(s, StandardCharsets.UTF_8);
    out.add(pct);
    out.add(pct.replace("+", "%20"));
    out.add(percentAll(s));
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    for (int shift = 0; shift < 3; shift++) {
      // The secret preceded by `shift` unknown bytes: drop the characters those bytes touch, and the
      // last group's characters that depend on bytes after the secret.
      byte[] padded = new byte[shift + b.length];
      System.arraycopy(b, 0, padded, shift, b.length);
      String enc = Base64.getEncoder().withoutPadding().encodeToString(padded);
      int skip = shift == 0 ? 0 : (shift * 8 + 5) / 6;
      int stable = (padded.length * 8) / 6;
      if (stable - skip >= 8) {
        String core = enc.substring(skip, stable);
        out.add(core);
        out.add(core.replace('+', '-').replace('/', '_'));
      }
    }
    return List.copyOf(out);
  }

  private static String jsonEscaped(String s, boolean asciiOnly) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '/' -> sb.append("\\/");
        default -> {
          if (c < 0x20 || (asciiOnly && c > 0x7e)) {
            sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.toString();
  }

  private static String percentAll(String s) {
    StringBuilder sb = new StringBuilder();
    for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
      sb.append('%').append(String.format(Locale.ROOT, "%02X", x & 0xff));
    }
    return sb.toString();
  }

  /** {@code s} with every form of the secret, its cut-off tail and the generic patterns replaced by {@link #MARK}. */
  public String redact(String s) {
    if (s == null) {
      return "";
    }
    String t = s;
    if (secretPattern != null) {
      t = secretPattern.matcher(t).replaceAll(Matcher.quoteReplacement(MARK));
      t = cutTail(t);
    }
    t = USER_INFO.matcher(t).replaceAll("$1" + Matcher.quoteReplacement(MARK) + "@");
    t = BEARER.matcher(t).replaceAll("$1" + Matcher.quoteReplacement(MARK));
    t = BASIC.matcher(t).replaceAll("$1" + Matcher.quoteReplacement(MARK));
    t = KEY_FIELD.matcher(t).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + MARK));
    return KEY_LIKE.matcher(t).replaceAll(Matcher.quoteReplacement(MARK));
  }

  /** Removes the longest tail of {@code t} (>= MIN_TAIL characters) that begins some form of the secret. */
  private String cutTail(String t) {
    String lower = t.toLowerCase(Locale.ROOT);
    int best = -1;
    for (String f : forms) {
      String lf = f.toLowerCase(Locale.ROOT);
      for (int n = Math.min(lf.length() - 1, lower.length()); n >= MIN_TAIL; n--) {
        if (lower.regionMatches(lower.length() - n, lf, 0, n)) {
          best = Math.max(best, n);
          break;
        }
      }
    }
    return best < 0 ? t : t.substring(0, t.length() - best) + MARK;
  }

  /**
   * Redacts all of {@code s}, then collapses whitespace and keeps at most {@code maxChars} characters
   * (with "..." when cut): the order that never leaves part of a secret behind.
   */
  public String redactAndCut(String s, int maxChars) {
    String t = redact(s).replaceAll("\\s+", " ");
    return t.length() > maxChars ? t.substring(0, maxChars) + "..." : t;
  }
}
