package dev.embedlab.data;

import java.nio.file.Path;
import java.util.Locale;

/**
 * The one id policy of this package, applied by every reader and writer: an id (document, query,
 * question) is non-empty and holds no whitespace ({@link Character#isWhitespace},
 * {@link Character#isSpaceChar}, so no-break spaces too) and no control character
 * ({@link Character#isISOControl}). TREC run and qrels files are whitespace-separated columns, so
 * {@code "doc 1"} would be written as two columns and trec_eval would read the wrong ones. Any
 * other character (non-ASCII letters, punctuation) and any length are accepted and round-trip.
 * Package-private.
 */
final class Ids {
  private Ids() {}

  /** @return null when {@code id} is acceptable, else why not (e.g. "a space (U+0020) at index 3") */
  static String problem(String id) {
    if (id == null || id.isEmpty()) {
      return "it is empty";
    }
    for (int i = 0; i < id.length(); ) {
      int cp = id.codePointAt(i);
      if (Character.isWhitespace(cp) || Character.isSpaceChar(cp) || Character.isISOControl(cp)) {
        String kind = Character.isISOControl(cp) && !Character.isWhitespace(cp) ? "a control character"
            : cp == ' ' ? "a space" : cp == '\t' ? "a tab" : "a whitespace character";
        return kind + " (U+" + String.format(Locale.ROOT, "%04X", cp) + ") at index " + i;
      }
      i += Character.charCount(cp);
    }
    return null;
  }

  /** Checks an id read from {@code file} at {@code line}; {@code what} names it, e.g. "_id". */
  static String check(Path file, long line, String what, String id) throws MalformedDataException {
    String p = problem(id);
    if (p != null) {
      throw new MalformedDataException(file, line, "expected " + what + " without whitespace or control "
          + "characters (TREC files are whitespace-separated), found " + quote(id) + ": " + p);
    }
    return id;
  }

  /** Checks an id about to be written; {@link IllegalArgumentException} naming it. */
  static void checkForWriting(String what, String id) {
    String p = problem(id);
    if (p != null) {
      throw new IllegalArgumentException(what + " must be non-empty without whitespace or control characters "
          + "(TREC files are whitespace-separated); " + what + "=" + quote(id) + ": " + p);
    }
  }

  /** The id in quotes with control characters escaped, shortened to 80 characters. */
  static String quote(String id) {
    if (id == null) {
      return "null";
    }
    StringBuilder sb = new StringBuilder("'");
    int shown = 0;
    for (int i = 0; i < id.length() && shown < 80; ) {
      int cp = id.codePointAt(i);
      if (cp == '\t') {
        sb.append("\\t");
      } else if (cp == '\n') {
        sb.append("\\n");
      } else if (cp == '\r') {
        sb.append("\\r");
      } else if (Character.isISOControl(cp)) {
        sb.append(String.format(Locale.ROOT, "\\u%04X", cp));
      } else {
        sb.appendCodePoint(cp);
      }
      shown++;
      i += Character.charCount(cp);
    }
    sb.append('\'');
    if (id.codePointCount(0, id.length()) > 80) {
      sb.append("… (").append(id.length()).append(" chars)");
    }
    return sb.toString();
  }
}
