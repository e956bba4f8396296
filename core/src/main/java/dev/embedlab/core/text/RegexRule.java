package dev.embedlab.core.text;

import dev.embedlab.core.Checks;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Replaces every match of a Java regular expression ({@link Pattern}) with a replacement in
 * {@link Matcher#replaceAll(String)} syntax: {@code $1} is group 1, {@code \$} a literal dollar.
 * Both are checked when the rule is made, so a bad group reference fails at load time, not on the
 * first text that happens to match. Id: {@code regex(<pattern>=><replacement>)}.
 *
 * <p><b>Bounded cost.</b> {@code java.util.regex} backtracks, so a user's pattern can take time
 * exponential or quadratic in the text ({@code (a+)+$}: 1.5 s at 10,000 characters, 28 s at
 * 40,000), and an alternation under a quantifier ({@code (\w|-)+}, {@code (?:\s|\u00a0)+})
 * recurses once per repetition and overflows the stack on a long run. Each application therefore
 * reads the text through a counter: the matcher may read at most
 * {@code max(}{@value #MIN_STEPS}{@code , }{@value #STEPS_PER_CHAR}{@code  × length)} characters
 * (a linear pattern reads each character a few times), and a stack overflow is caught. Either
 * ends in a {@link RuleLimitException} naming the rule, its file and line, the text index and
 * length, and the rewrite that avoids it (a character class {@code [\w-]+} or a possessive
 * quantifier {@code (?:\w|-)++}). The budget counts steps, not wall time, so whether a text
 * passes is the same on every machine.
 *
 * <p><b>Bounded output.</b> A replacement may grow the text ({@code a → $0$0}); applied again and
 * again it doubles the text each time, and thirty such rules ran into an OutOfMemoryError after
 * 48 s. One application may therefore write at most {@link #maxOutput maxOutput(length)} =
 * {@code max(}{@value #MIN_OUTPUT_CHARS}{@code , }{@value #MAX_GROWTH}{@code  × length)} characters
 * (checked while the output is built, so the heap never holds more), and {@link TextPreprocessor}
 * holds a whole chain to the same bound of its input; either ends in a {@link RuleLimitException}
 * naming the rule, its file and line and the text index.
 */
public final class RegexRule extends BaseTextRule {
  /** Character reads allowed per character of text. */
  public static final int STEPS_PER_CHAR = 256;
  /** Character reads always allowed, whatever the text length. */
  public static final int MIN_STEPS = 1 << 20;
  /** Output characters allowed per input character, for one rule and for a whole chain. */
  public static final int MAX_GROWTH = 8;
  /** Output characters always allowed, whatever the input length. */
  public static final int MIN_OUTPUT_CHARS = 1 << 16;

  /** The most characters a rule (or a chain) may make of a text of {@code inputLength} characters. */
  public static long maxOutput(int inputLength) {
    return Math.max(MIN_OUTPUT_CHARS, (long) MAX_GROWTH * inputLength);
  }

  private final Pattern pattern;
  private final String replacement;
  private final String origin;

  /**
   * @param regex a {@link Pattern} expression, compiled with no flags (use inline flags such as
   *     {@code (?i)})
   * @param replacement the replacement, {@code $n} group references allowed
   * @throws IllegalArgumentException if the pattern does not compile, is empty, or the replacement
   *     refers to a group the pattern lacks
   */
  public RegexRule(String regex, String replacement) {
    this(regex, replacement, null);
  }

  /**
   * As {@link #RegexRule(String, String)}, remembering where the rule was defined ({@code
   * file:line}) for error messages; the origin is not part of the id.
   */
  public RegexRule(String regex, String replacement, String origin) {
    if (regex == null || regex.isEmpty()) {
      throw new IllegalArgumentException("regex must be a non-empty pattern; regex=" + regex);
    }
    Checks.notNull("replacement", replacement);
    try {
      this.pattern = Pattern.compile(regex);
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException(
          "regex does not compile: " + e.getDescription() + " near index " + e.getIndex()
              + "; regex=" + regex, e);
    }
    checkReplacement(replacement, pattern.matcher("").groupCount(), regex);
    this.replacement = replacement;
    this.origin = origin;
  }

  private static void checkReplacement(String r, int groups, String regex) {
    for (int i = 0; i < r.length(); i++) {
      char c = r.charAt(i);
      if (c == '\\') {
        if (i + 1 >= r.length()) {
          throw new IllegalArgumentException(
              "replacement ends with a lone backslash; replacement=" + r);
        }
        i++;
      } else if (c == '$') {
        if (i + 1 >= r.length()) {
          throw new IllegalArgumentException(
              "replacement ends with '$' (write \\$ for a literal dollar); replacement=" + r);
        }
        char n = r.charAt(i + 1);
        if (n == '{') {
          int end = r.indexOf('}', i + 2);
          if (end < 0) {
            throw new IllegalArgumentException(
                "replacement has an unclosed ${name}; replacement=" + r);
          }
          String name = r.substring(i + 2, end);
          if (!regex.contains("(?<" + name + ">")) {
            throw new IllegalArgumentException(
                "replacement refers to group ${" + name + "} which the pattern does not define;"
                    + " replacement=" + r);
          }
          i = end;
        } else if (n >= '0' && n <= '9') {
          if (n - '0' > groups) {
            throw new IllegalArgumentException(
                "replacement refers to group " + n + " but the pattern has " + groups
                    + " group(s); replacement=" + r);
          }
          i++;
        } else {
          throw new IllegalArgumentException(
              "replacement has '$' not followed by a group number or {name} (write \\$ for a"
                  + " literal dollar); replacement=" + r);
        }
      }
    }
  }

  @Override
  public String apply(String text) {
    String t = Rules.requireText(text);
    long budget = Math.max(MIN_STEPS, (long) STEPS_PER_CHAR * t.length());
    long maxOut = maxOutput(t.length());
    try {
      // Matcher.replaceAll's own loop, with the output length checked after every replacement
      Matcher m = pattern.matcher(new CountingText(t, budget));
      if (!m.find()) {
        return t;
      }
      StringBuilder sb = new StringBuilder(t.length() + 16);
      do {
        m.appendReplacement(sb, replacement);
        if (sb.length() > maxOut) {
          throw limit(growth(t.length(), maxOut), null);
        }
      } while (m.find());
      m.appendTail(sb);
      if (sb.length() > maxOut) {
        throw limit(growth(t.length(), maxOut), null);
      }
      return sb.toString();
    } catch (StepBudgetExceeded e) {
      throw limit("needed more than " + budget + " character reads (" + STEPS_PER_CHAR
          + " per character) on a text of " + t.length() + " characters: the pattern backtracks"
          + " catastrophically; make it linear (no nested quantifiers such as (a+)+, possessive ++ or"
          + " atomic (?>...) groups)", null);
    } catch (StackOverflowError e) {
      throw limit("overflowed the thread stack on a text of " + t.length() + " characters: an"
          + " alternation or group under a quantifier recurses once per repetition; use a character"
          + " class ([\\w-]+ rather than (\\w|-)+) or a possessive quantifier ((?:\\w|-)++)", e);
    }
  }

  static String growth(int inputLength, long maxOut) {
    return "would make more than " + maxOut + " characters of a text of " + inputLength + " characters (at most max("
        + MIN_OUTPUT_CHARS + ", " + MAX_GROWTH + " per input character)): the replacement grows the text";
  }

  private RuleLimitException limit(String what, Throwable cause) {
    String where = origin != null ? origin + ": " : "";
    return new RuleLimitException(where + "rule " + id() + " " + what,
        origin != null ? origin : id(), -1, cause);
  }

  /** Where the rule was defined ({@code file:line}), or null when built in code. */
  public String origin() {
    return origin;
  }

  /** Thrown by {@link CountingText} when the budget runs out; carries no stack trace. */
  private static final class StepBudgetExceeded extends RuntimeException {
    private static final long serialVersionUID = 1L;

    StepBudgetExceeded() {
      super(null, null, false, false);
    }
  }

  /** The text, counting every character the matcher reads. Not thread-safe: one per application. */
  private static final class CountingText implements CharSequence {
    private final String s;
    private final long budget;
    private long steps;

    CountingText(String s, long budget) {
      this.s = s;
      this.budget = budget;
    }

    @Override
    public char charAt(int index) {
      if (++steps > budget) {
        throw new StepBudgetExceeded();
      }
      return s.charAt(index);
    }

    @Override
    public int length() {
      return s.length();
    }

    @Override
    public CharSequence subSequence(int start, int end) {
      return s.subSequence(start, end);
    }

    @Override
    public String toString() {
      return s;
    }
  }

  /** The pattern's source text. */
  public String regex() {
    return pattern.pattern();
  }

  /** The replacement. */
  public String replacement() {
    return replacement;
  }

  @Override
  public String id() {
    return "regex(" + pattern.pattern() + "=>" + replacement + ")";
  }
}
