package dev.embedlab.core.text;

import java.text.Normalizer;

/**
 * Unicode compatibility normalisation, NFKC ({@link Normalizer.Form#NFKC}): full-width Latin letters
 * and digits become ASCII ({@code ＡＢＣ１２３} → {@code ABC123}), compatibility characters are
 * decomposed ({@code ㎏} → {@code kg}, {@code ①} → {@code 1}), and decomposed Hangul jamo are composed
 * into syllables. Id: {@code nfkc}.
 */
public final class NfkcRule extends BaseTextRule {
  /** The one instance (the rule has no parameters). */
  public static final NfkcRule INSTANCE = new NfkcRule();

  private NfkcRule() {}

  @Override
  public String apply(String text) {
    return Normalizer.normalize(Rules.requireText(text), Normalizer.Form.NFKC);
  }

  @Override
  public String id() {
    return "nfkc";
  }
}
