package dev.embedlab.core.text;

/**
 * Whitespace folding: every run of whitespace becomes one ASCII space and the ends are trimmed. Counts
 * as whitespace: {@link Character#isWhitespace(int)} (space, tab, newline, CR, ideographic space
 * {@code U+3000}, ...) plus the no-break spaces {@code U+00A0}, {@code U+2007}, {@code U+202F}, the
 * zero-width space {@code U+200B} and the BOM {@code U+FEFF}; so {@code " a\u00A0\t b\n"} becomes
 * {@code "a b"}.
 * Id: {@code whitespace}.
 */
public final class WhitespaceRule extends BaseTextRule {
  /** The one instance (the rule has no parameters). */
  public static final WhitespaceRule INSTANCE = new WhitespaceRule();

  private WhitespaceRule() {}

  static boolean isSpace(int cp) {
    return Character.isWhitespace(cp)
        || cp == 0x00A0
        || cp == 0x2007
        || cp == 0x202F
        || cp == 0x200B
        || cp == 0xFEFF;
  }

  @Override
  public String apply(String text) {
    Rules.requireText(text);
    StringBuilder sb = new StringBuilder(text.length());
    boolean pendingSpace = false;
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      i += Character.charCount(cp);
      if (isSpace(cp)) {
        pendingSpace = sb.length() > 0;
      } else {
        if (pendingSpace) {
          sb.append(' ');
          pendingSpace = false;
        }
        sb.appendCodePoint(cp);
      }
    }
    return sb.toString();
  }

  @Override
  public String id() {
    return "whitespace";
  }
}
