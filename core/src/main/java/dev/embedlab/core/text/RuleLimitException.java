package dev.embedlab.core.text;

/**
 * A rule could not be applied within its bounded cost: a regular expression exceeded its step
 * budget (catastrophic backtracking such as {@code (a+)+$}) or overflowed the thread stack
 * (alternation under a quantifier, such as {@code (\w|-)+}, recurses once per repetition in
 * {@code java.util.regex}). The message names the rule, where it was defined (file:line when it
 * came from a rule file), the text index when known, the text length and how to rewrite the rule.
 *
 * <p>Unchecked, like the {@code IllegalArgumentException} a bad text gets: the text, together
 * with the rule, is what cannot be processed.
 */
public final class RuleLimitException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String origin;
  private final int textIndex;

  RuleLimitException(String message, String origin, int textIndex, Throwable cause) {
    super(message, cause);
    this.origin = origin;
    this.textIndex = textIndex;
  }

  /** Where the rule was defined, {@code file:line}, or the rule id when it was built in code. */
  public String origin() {
    return origin;
  }

  /** Index of the text in the batch, or -1 when the rule was applied to a single text. */
  public int textIndex() {
    return textIndex;
  }

  /** The same failure, now naming the text's index in its batch. */
  RuleLimitException atIndex(int index) {
    String m = getMessage().replaceFirst("^(\\S+: )?", "$1texts[" + index + "]: ");
    return new RuleLimitException(m, origin, index, getCause());
  }
}
