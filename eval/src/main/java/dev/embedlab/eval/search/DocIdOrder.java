package dev.embedlab.eval.search;

import java.util.Comparator;

/**
 * The order trec_eval uses to break score ties: document ids compared as C strings with
 * {@code strcmp}, i.e. byte by byte on their UTF-8 encoding, and the <em>larger</em> id ranked first.
 *
 * <p>Comparing Unicode code points gives exactly the UTF-8 byte order, whereas
 * {@link String#compareTo} compares UTF-16 units and disagrees for characters above U+FFFF versus
 * U+E000–U+FFFF; this class therefore compares code points.
 */
public final class DocIdOrder {
  private DocIdOrder() {}

  /** Ascending UTF-8 byte order (what {@code strcmp} returns). */
  public static final Comparator<String> UTF8_ASCENDING = DocIdOrder::compareUtf8;

  /**
   * Compares two ids as {@code strcmp} compares their UTF-8 bytes.
   *
   * @return negative, zero or positive as {@code a} sorts before, equal to or after {@code b}
   */
  public static int compareUtf8(String a, String b) {
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
