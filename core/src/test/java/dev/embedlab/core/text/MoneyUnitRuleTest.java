package dev.embedlab.core.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MoneyUnitRuleTest {
  private final MoneyUnitRule rule = MoneyUnitRule.INSTANCE;

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      // DESIGN.md's examples of unit normalisation (core, text)
      "10k원|10000원",
      "3만원|30000원",
      // neighbours
      "5천원|5000원",
      "1.5만원|15000원",
      "2,000원|2000원",
      "3만 5천원|35000원",
      "3만5천원|35000원",
      "3만 원|30000원",
      "3만 5000원|35000원",
      "1억 2천만원|120000000원",
      "1조 5000억원|1500000000000원",
      "5백원|500원",
      "10K원|10000원",
      "2M원|2000000원",
      "1.2345천원|1234.5원",
      "0.5k원|500원",
      "1,234,567원|1234567원",
      "10,000 원|10000원",
      "2000원|2000원",
      "2천만원|20000000원",
  })
  void normalisesAmounts(String in, String out) {
    assertEquals(out, rule.apply(in));
  }

  @ParameterizedTest(name = "{0} unchanged")
  @CsvSource(delimiter = '|', value = {
      "3만 명",          // no 원: not money
      "10k steps",
      "삼만원",           // Hangul numerals are not handled
      "₩10,000",
      "1,00원",           // bad thousands grouping
      "5천 3만원",        // units out of order: left as is
      "10m원",            // lower-case m is ambiguous
      "총 2,000",
  })
  void leavesOtherTextUnchanged(String in) {
    String text = in == null ? "" : in;
    assertEquals(text, rule.apply(text));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      "가격은 3만원입니다|가격은 30000원입니다",
      "10k원짜리와 5천원짜리|10000원짜리와 5000원짜리",
      "정가 2,000원, 할인가 1.5천원|정가 2000원, 할인가 1500원",
      "(3만원)|(30000원)",
  })
  void rewritesInsideSentences(String in, String out) {
    assertEquals(out, rule.apply(in));
  }

  @org.junit.jupiter.api.Test
  void isIdempotent() {
    String s = "3만 5천원, 10k원, 2,000원 and 1억 2천만원";
    String once = rule.apply(s);
    assertEquals(once, rule.apply(once));
    assertEquals("35000원, 10000원, 2000원 and 120000000원", once);
  }
}
