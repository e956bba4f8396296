package dev.embedlab.core.text;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Replaces every match of a Java regular expression ({@link Pattern}) with a replacement in
 * {@link Matcher#replaceAll(String)} syntax: {@code $1} is group 1, {@code \$} a literal dollar.
 * Both are checked when the rule is made, so a bad group reference fails at load time, not on the
 * first text that happens to match. Id: {@code regex(<pattern>=><replacement>)}.
 */
public final class RegexRule implements TextRule {
  private final Pattern pattern;
  private final String replacement;

  /**
   * @param regex a {@link Pattern} expression, compiled with no flags (use inline flags such as
   *     {@code (?i)})
   * @param replacement the replacement, {@code $n} group references allowed
   * @throws IllegalArgumentException if the pattern does not compile, is empty, or the replacement
   *     refers to a group the pattern lacks
   */
  public RegexRule(String regex, String replacement) {
    if (regex == null || regex.isEmpty()) {
      throw new IllegalArgumentException("regex must be a non-empty pattern; regex=" + regex);
    }
    if (replacement == null) {
      throw new IllegalArgumentException("replacement must not be null");
    }
    try {
      this.pattern = Pattern.compile(regex);
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException(
          "regex does not compile: " + e.getDescription() + " near index " + e.getIndex()
              + "; regex=" + regex, e);
    }
    checkReplacement(replacement, pattern.matcher("").groupCount(), regex);
    this.replacement = replacement;
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
    return pattern.matcher(Rules.requireText(text)).replaceAll(replacement);
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

  @Override
  public String toString() {
    return id();
  }
}
