package dev.embedlab.core.text;

import java.util.Locale;

/**
 * Lower-cases with {@link Locale#ROOT} (locale-independent: no Turkish dotless i). Hangul has no case
 * and is unchanged. Id: {@code lowercase}. Uncased models (all-MiniLM, bge, e5 — all lower-case
 * their input in the tokenizer) gain nothing from it; it exists for cased models and for BM25-like uses.
 */
public final class LowercaseRule extends BaseTextRule {
  /** The one instance (the rule has no parameters). */
  public static final LowercaseRule INSTANCE = new LowercaseRule();

  private LowercaseRule() {}

  @Override
  public String apply(String text) {
    return Rules.requireText(text).toLowerCase(Locale.ROOT);
  }

  @Override
  public String id() {
    return "lowercase";
  }
}
