package dev.embedlab.core;

/**
 * The order trec_eval gives document ids when scores tie: {@code strcmp} on their UTF-8 bytes,
 * which equals comparing Unicode code points (not Java's UTF-16 {@code String.compareTo}, which
 * differs for characters above U+FFFF). Shared by every module that ranks documents so that exact,
 * compressed and lexical search all break ties the same way.
 */
public final class IdOrder {
  private IdOrder() {}

  /**
   * Compares two ids by Unicode code point.
   *
   * @return negative, zero or positive as {@code a} sorts before, equal to or after {@code b}
   */
  public static int compareCodePoints(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) {
        return Integer.compare(ca, cb);
      }
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }
}
