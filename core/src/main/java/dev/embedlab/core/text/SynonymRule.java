package dev.embedlab.core.text;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A brand/synonym dictionary: replaces each occurrence of a key with its value, e.g.
 * {@code 갤럭시 S23 → Galaxy S23}, {@code 아이폰 → iPhone}.
 *
 * <h2>Matching</h2>
 * <ul>
 *   <li>Left to right, non-overlapping; at each position the <b>longest</b> key that matches wins
 *       ({@code 갤럭시 S23 울트라} before {@code 갤럭시 S23} before {@code 갤럭시}). Replaced text is not
 *       scanned again (no cascades: {@code a→b, b→c} turns {@code a} into {@code b}).</li>
 *   <li>Case-sensitive, exact characters: put a {@link WhitespaceRule} / {@link NfkcRule} /
 *       {@link LowercaseRule} before this rule if the input may vary in spacing, width or case.</li>
 *   <li><b>Word boundaries.</b> Characters are classed as Latin-like word characters (letters and
 *       digits that are not Hangul or CJK), Hangul, or other. A key may not start right after, or end
 *       right before, a word character of the same class as its own first/last character — so
 *       {@code S23} does not match inside {@code S230} and {@code 갤럭시} does not match inside
 *       {@code 삼성갤럭시}. One exception, for Korean particles: a key ending in Hangul may be followed
 *       by Hangul ({@code 갤럭시가 → Galaxy가}, {@code 아이폰은 → iPhone은}).</li>
 * </ul>
 * Id: {@code synonyms(<n>:<first 12 hex of SHA-256 of the sorted entries>)}.
 */
public final class SynonymRule extends BaseTextRule {
  private final Map<String, String> entries; // sorted by key, for the id and for display
  private final Map<Integer, List<String>> keysByFirstCodePoint; // longest first
  private final String id;

  /**
   * @param dictionary key → replacement; keys non-empty, no key or value null
   * @throws IllegalArgumentException if the dictionary is null or empty, or has an empty key or a
   *     null key/value
   */
  public SynonymRule(Map<String, String> dictionary) {
    if (dictionary == null || dictionary.isEmpty()) {
      throw new IllegalArgumentException("dictionary must have at least one entry; dictionary="
          + dictionary);
    }
    TreeMap<String, String> sorted = new TreeMap<>();
    for (Map.Entry<String, String> e : dictionary.entrySet()) {
      if (e.getKey() == null || e.getKey().isEmpty()) {
        throw new IllegalArgumentException("dictionary keys must be non-empty; key=" + e.getKey());
      }
      if (e.getValue() == null) {
        throw new IllegalArgumentException("dictionary value for key '" + e.getKey() + "' is null");
      }
      sorted.put(e.getKey(), e.getValue());
    }
    this.entries = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(sorted));
    Map<Integer, List<String>> byFirst = new HashMap<>();
    for (String k : sorted.keySet()) {
      byFirst.computeIfAbsent(k.codePointAt(0), x -> new ArrayList<>()).add(k);
    }
    for (List<String> keys : byFirst.values()) {
      keys.sort(Comparator.comparingInt(String::length).reversed().thenComparing(Comparator.naturalOrder()));
    }
    this.keysByFirstCodePoint = byFirst;
    this.id = "synonyms(" + sorted.size() + ":" + digest(sorted) + ")";
  }

  private static String digest(Map<String, String> sorted) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      for (Map.Entry<String, String> e : sorted.entrySet()) {
        md.update(e.getKey().getBytes(StandardCharsets.UTF_8));
        md.update((byte) 0);
        md.update(e.getValue().getBytes(StandardCharsets.UTF_8));
        md.update((byte) '\n');
      }
      return HexFormat.of().formatHex(md.digest()).substring(0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available in this JVM", e);
    }
  }

  private enum CharClass { WORD, HANGUL, OTHER }

  private static CharClass classOf(int cp) {
    Character.UnicodeScript s = Character.UnicodeScript.of(cp);
    if (s == Character.UnicodeScript.HANGUL) {
      return CharClass.HANGUL;
    }
    if (s == Character.UnicodeScript.HAN
        || s == Character.UnicodeScript.HIRAGANA
        || s == Character.UnicodeScript.KATAKANA) {
      return CharClass.OTHER;
    }
    return Character.isLetterOrDigit(cp) ? CharClass.WORD : CharClass.OTHER;
  }

  private static boolean startsAtBoundary(String text, int start, String key) {
    if (start == 0) {
      return true;
    }
    CharClass first = classOf(key.codePointAt(0));
    return first == CharClass.OTHER || classOf(text.codePointBefore(start)) != first;
  }

  private static boolean endsAtBoundary(String text, int end, String key) {
    if (end == text.length()) {
      return true;
    }
    CharClass last = classOf(key.codePointBefore(key.length()));
    if (last == CharClass.OTHER || last == CharClass.HANGUL) {
      return true; // Hangul: particles may follow
    }
    return classOf(text.codePointAt(end)) != last;
  }

  @Override
  public String apply(String text) {
    Rules.requireText(text);
    StringBuilder sb = null;
    int copied = 0;
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      List<String> keys = keysByFirstCodePoint.get(cp);
      String hit = null;
      if (keys != null) {
        for (String k : keys) {
          if (text.startsWith(k, i)
              && startsAtBoundary(text, i, k)
              && endsAtBoundary(text, i + k.length(), k)) {
            hit = k;
            break;
          }
        }
      }
      if (hit != null) {
        if (sb == null) {
          sb = new StringBuilder(text.length() + 16);
        }
        sb.append(text, copied, i).append(entries.get(hit));
        i += hit.length();
        copied = i;
      } else {
        i += Character.charCount(cp);
      }
    }
    if (sb == null) {
      return text;
    }
    return sb.append(text, copied, text.length()).toString();
  }

  /** The dictionary, sorted by key (unmodifiable). */
  public Map<String, String> entries() {
    return entries;
  }

  @Override
  public String id() {
    return id;
  }
}
