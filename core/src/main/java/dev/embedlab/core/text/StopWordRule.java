package dev.embedlab.core.text;

import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Removes whole whitespace-separated tokens that are stop words (compared lower-cased with
 * {@link Locale#ROOT}) and joins what remains with single spaces. Punctuation attached to a token
 * keeps it ({@code "the,"} is not {@code "the"}). Id: {@code stopwords(<sorted words joined by ,>)}
 * or {@code stopwords(en)} for the built-in list.
 *
 * <p><b>Usually harmful for neural embedders.</b> Transformer models were trained on natural text
 * and use function words for meaning ({@code "flights to Seoul"} vs {@code "flights from Seoul"};
 * negations such as {@code not}); removing them typically lowers retrieval quality. It exists for
 * measurement and for lexical pipelines, not as a default; measure it in a bake-off before using it.
 */
public final class StopWordRule extends BaseTextRule {
  /** A small English list (articles, auxiliaries, prepositions, conjunctions — no negations). */
  public static final Set<String> ENGLISH =
      Set.of("a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "in", "into", "is",
          "it", "of", "on", "or", "that", "the", "their", "then", "there", "these", "they", "this",
          "to", "was", "were", "will", "with");

  private final Set<String> words;
  private final String id;

  private StopWordRule(Set<String> words, String id) {
    this.words = words;
    this.id = id;
  }

  /** The built-in {@link #ENGLISH} list; id {@code stopwords(en)}. */
  public static StopWordRule english() {
    return new StopWordRule(ENGLISH, "stopwords(en)");
  }

  /**
   * A rule for the given words (lower-cased with {@link Locale#ROOT}).
   *
   * @throws IllegalArgumentException if {@code words} is null or empty, or holds a null, blank word
   *     or a word containing whitespace or a comma
   */
  public static StopWordRule of(Set<String> words) {
    if (words == null || words.isEmpty()) {
      throw new IllegalArgumentException("stop words must be a non-empty set; words=" + words);
    }
    TreeSet<String> lower = new TreeSet<>();
    for (String w : words) {
      if (w == null || w.isBlank() || w.chars().anyMatch(c -> Character.isWhitespace(c) || c == ',')) {
        throw new IllegalArgumentException(
            "a stop word must be non-blank without whitespace or commas; word='" + w + "'");
      }
      lower.add(w.toLowerCase(Locale.ROOT));
    }
    return new StopWordRule(Set.copyOf(lower), "stopwords(" + String.join(",", lower) + ")");
  }

  @Override
  public String apply(String text) {
    Rules.requireText(text);
    StringBuilder sb = new StringBuilder(text.length());
    for (String token : text.trim().split("\\s+")) {
      if (token.isEmpty() || words.contains(token.toLowerCase(Locale.ROOT))) {
        continue;
      }
      if (sb.length() > 0) {
        sb.append(' ');
      }
      sb.append(token);
    }
    return sb.toString();
  }

  /** The stop words, lower-cased. */
  public Set<String> words() {
    return words;
  }

  @Override
  public String id() {
    return id;
  }
}
