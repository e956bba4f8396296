package dev.embedlab.core.text;

import java.math.BigDecimal;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Normalises Korean-won amounts written with Korean or English multipliers to plain digits followed by
 * {@code 원}, so that {@code "3만원"}, {@code "30,000원"}, {@code "30k원"} and {@code "3만 원"} all become
 * {@code "30000원"}. Id: {@code units-v1} (bump the version when the grammar changes, since the id goes
 * into provenance and cache keys).
 *
 * <h2>Exactly what is handled</h2>
 * An amount is one or more <em>groups</em> followed by optional spaces/tabs and {@code 원}:
 * <pre>
 *   amount := group ([ \t]* group)* [ \t]* 원
 *   group  := number unit          (every group but the last needs a unit)
 *   number := digits with optional thousands commas (1,234,567: groups of exactly three) and an
 *             optional decimal part (1.5)
 *   unit   := k | K (×10³) | M (×10⁶)
 *           | [십 백 천] (×10, ×10², ×10³), optionally followed by [만 억 조] (×10⁴, ×10⁸, ×10¹²)
 *           | 만 | 억 | 조
 * </pre>
 * The value is {@code Σ number × unit}, computed exactly ({@link BigDecimal}); units must strictly
 * decrease from group to group (the Korean reading order), otherwise the span is left unchanged.
 * Examples: {@code 10k원→10000원}, {@code 3만원→30000원}, {@code 5천원→5000원},
 * {@code 1.5만원→15000원}, {@code 2,000원→2000원}, {@code 3만 5천원→35000원},
 * {@code 3만5천원→35000원}, {@code 1억 2천만원→120000000원}, {@code 3만 5000원→35000원},
 * {@code 5백원→500원}, {@code 1.2345천원→1234.5원}, {@code 3만 원→30000원}.
 *
 * <h2>Not handled (left unchanged)</h2>
 * Amounts without {@code 원} ({@code 3만 명}, {@code 10k steps}); Hangul numerals ({@code 삼만원},
 * {@code 천원} with no digit); other currencies or symbols ({@code ₩10,000}, {@code $10k},
 * {@code 10k won}); badly grouped commas ({@code 1,00원}); a lower-case {@code m} (metre/mile
 * ambiguity). A number glued to a preceding digit, dot or comma is never a match start.
 * Caveat: {@code 원} is recognised even when a Hangul word follows it ({@code 3만원짜리} →
 * {@code 30000원짜리}, which is wanted, but also the rare {@code 3만 원숭이}).
 */
public final class MoneyUnitRule extends BaseTextRule {
  /** The one instance (the rule has no parameters). */
  public static final MoneyUnitRule INSTANCE = new MoneyUnitRule();

  private static final String NUM = "(?:\\d{1,3}(?:,\\d{3})+|\\d+)(?:\\.\\d+)?";
  private static final String UNIT = "(?:[kKM]|[십백천][만억조]?|[만억조])";
  private static final Pattern AMOUNT =
      Pattern.compile(
          "(?<![\\d.,])(?:" + NUM + UNIT + "(?:[ \\t]*" + NUM + UNIT + ")*(?:[ \\t]*" + NUM
              + ")?|" + NUM + ")[ \\t]*원");
  private static final Pattern GROUP = Pattern.compile("(" + NUM + ")(" + UNIT + ")?");

  private MoneyUnitRule() {}

  @Override
  public String apply(String text) {
    Rules.requireText(text);
    Matcher m = AMOUNT.matcher(text);
    if (!m.find()) {
      return text;
    }
    StringBuilder sb = new StringBuilder(text.length());
    int last = 0;
    do {
      sb.append(text, last, m.start());
      String value = value(m.group());
      sb.append(value == null ? m.group() : value + "원");
      last = m.end();
    } while (m.find());
    sb.append(text, last, text.length());
    return sb.toString();
  }

  /** The plain value of an amount span, or null when its units are out of order. */
  private static String value(String span) {
    Matcher g = GROUP.matcher(span);
    BigDecimal total = BigDecimal.ZERO;
    BigDecimal previousUnit = null;
    while (g.find()) {
      BigDecimal number = new BigDecimal(g.group(1).replace(",", ""));
      BigDecimal unit = multiplier(g.group(2));
      if (previousUnit != null && unit.compareTo(previousUnit) >= 0) {
        return null;
      }
      previousUnit = unit;
      total = total.add(number.multiply(unit));
    }
    BigDecimal plain = total.stripTrailingZeros();
    if (plain.scale() < 0) {
      plain = plain.setScale(0);
    }
    return plain.toPlainString();
  }

  private static BigDecimal multiplier(String unit) {
    if (unit == null) {
      return BigDecimal.ONE;
    }
    long m = 1;
    for (int i = 0; i < unit.length(); i++) {
      switch (unit.charAt(i)) {
        case 'k', 'K', '천' -> m *= 1_000L;
        case 'M' -> m *= 1_000_000L;
        case '십' -> m *= 10L;
        case '백' -> m *= 100L;
        case '만' -> m *= 10_000L;
        case '억' -> m *= 100_000_000L;
        case '조' -> m *= 1_000_000_000_000L;
        default -> throw new IllegalStateException("unexpected unit character in " + unit);
      }
    }
    return BigDecimal.valueOf(m);
  }

  @Override
  public String id() {
    return "units-v1";
  }
}
