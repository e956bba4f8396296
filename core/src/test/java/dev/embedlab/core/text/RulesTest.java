package dev.embedlab.core.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RulesTest {

  @Test
  void whitespaceFoldsEveryKindOfSpaceAndTrims() {
    assertEquals("a b c", WhitespaceRule.INSTANCE.apply(" \t a\u00A0\u00A0b\n\r\u3000c \u200B"));
    assertEquals("", WhitespaceRule.INSTANCE.apply(" \n\t "));
    assertEquals("갤럭시 S23", WhitespaceRule.INSTANCE.apply("갤럭시   S23"));
  }

  @Test
  void nfkcFoldsFullWidthAndCompatibilityCharacters() {
    assertEquals("ABC123", NfkcRule.INSTANCE.apply("ＡＢＣ１２３"));
    assertEquals("5kg", NfkcRule.INSTANCE.apply("5㎏"));
    assertEquals("1", NfkcRule.INSTANCE.apply("①"));
    // decomposed jamo (ᄀ + ᅡ + ᆨ) compose into the syllable 각
    assertEquals("각", NfkcRule.INSTANCE.apply("\u1100\u1161\u11A8"));
  }

  @Test
  void lowercaseIsLocaleIndependent() {
    assertEquals("title iphone 갤럭시", LowercaseRule.INSTANCE.apply("TITLE iPhone 갤럭시"));
  }

  @Test
  void regexReplacesWithGroupsAndValidatesAtConstruction() {
    RegexRule r = new RegexRule("(\\d+)\\s*GB", "$1GB");
    assertEquals("256GB and 1GB", r.apply("256 GB and 1  GB"));
    assertEquals("regex((\\d+)\\s*GB=>$1GB)", r.id());
    assertEquals("ab", new RegexRule("\\(.*?\\)", "").apply("a(x)b"));
    assertEquals("a-b", new RegexRule("(?<x>a)_", "${x}-").apply("a_b"));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new RegexRule("(a", "b"));
    assertTrue(e.getMessage().startsWith("regex does not compile"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new RegexRule("(a)", "$2"));
    assertEquals("replacement refers to group 2 but the pattern has 1 group(s); replacement=$2",
        e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new RegexRule("a", "$"));
    assertThrows(IllegalArgumentException.class, () -> new RegexRule("a", "x\\"));
    assertThrows(IllegalArgumentException.class, () -> new RegexRule("a", "${nope}"));
    assertThrows(IllegalArgumentException.class, () -> new RegexRule("", "x"));
    assertEquals("$5", new RegexRule("a", "\\$5").apply("a"));
  }

  private static SynonymRule brands() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("갤럭시", "Galaxy");
    m.put("갤럭시 S23", "Galaxy S23");
    m.put("갤럭시 S23 울트라", "Galaxy S23 Ultra");
    m.put("아이폰", "iPhone");
    m.put("S23", "S23");
    m.put("삼성", "Samsung");
    return new SynonymRule(m);
  }

  @Test
  void synonymsTakeTheLongestMatchFirst() {
    SynonymRule r = brands();
    assertEquals("Galaxy S23 가격", r.apply("갤럭시 S23 가격")); // a brand-name case for DESIGN.md's brand/synonym dictionary
    assertEquals("Galaxy S23 Ultra 리뷰", r.apply("갤럭시 S23 울트라 리뷰"));
    assertEquals("Galaxy 탭", r.apply("갤럭시 탭"));
    assertEquals("Samsung Galaxy S23", r.apply("삼성 갤럭시 S23"));
  }

  @Test
  void synonymsRespectWordBoundariesAndAllowKoreanParticles() {
    SynonymRule r = brands();
    // Latin/digit boundary: S230 is another model; "갤럭시 S230" falls back to the shorter key
    assertEquals("Galaxy S230", r.apply("갤럭시 S230"));
    // a Hangul key must not start inside a Hangul word
    assertEquals("Samsung갤럭시", r.apply("삼성갤럭시"));
    // particles after Hangul and after Latin/digit endings
    assertEquals("iPhone은 Galaxy S23보다", r.apply("아이폰은 갤럭시 S23보다"));
    assertEquals("Galaxy가", r.apply("갤럭시가"));
    // punctuation is a boundary
    assertEquals("(Galaxy S23)", r.apply("(갤럭시 S23)"));
    assertEquals("no match here", r.apply("no match here"));
  }

  @Test
  void synonymsDoNotCascadeAndIdDependsOnEveryEntry() {
    SynonymRule r = new SynonymRule(Map.of("a", "b", "b", "c"));
    assertEquals("b c", r.apply("a b"));
    SynonymRule r2 = new SynonymRule(Map.of("a", "b", "b", "d"));
    assertNotEquals(r.id(), r2.id());
    assertEquals(r.id(), new SynonymRule(new java.util.TreeMap<>(Map.of("b", "c", "a", "b"))).id());
    assertTrue(r.id().startsWith("synonyms(2:"), r.id());
    assertThrows(IllegalArgumentException.class, () -> new SynonymRule(Map.of()));
    assertThrows(IllegalArgumentException.class, () -> new SynonymRule(Map.of("", "x")));
  }

  @Test
  void stopWordsRemoveWholeTokensOnly() {
    StopWordRule en = StopWordRule.english();
    assertEquals("cat sat mat.", en.apply("The cat sat on the mat."));
    assertEquals("the, cat", en.apply("the, the cat")); // "the," keeps its comma and stays
    assertEquals("not good", en.apply("not good")); // negations are never in the list
    StopWordRule ko = StopWordRule.of(Set.of("그리고", "또는"));
    assertEquals("사과 배", ko.apply("사과 그리고 배"));
    assertEquals("stopwords(그리고,또는)", ko.id());
    assertThrows(IllegalArgumentException.class, () -> StopWordRule.of(Set.of("a b")));
    assertThrows(IllegalArgumentException.class, () -> StopWordRule.of(Set.of()));
  }

  @Test
  void everyRuleRejectsNull() {
    for (TextRule r : new TextRule[] {NfkcRule.INSTANCE, WhitespaceRule.INSTANCE,
        LowercaseRule.INSTANCE, MoneyUnitRule.INSTANCE, new RegexRule("a", "b"), brands(),
        StopWordRule.english(), TextPreprocessor.identity()}) {
      assertThrows(IllegalArgumentException.class, () -> r.apply(null), r.id());
    }
  }

  @Test
  void everyRuleOfTheLibraryPrintsAsItsId() {
    for (TextRule r : new TextRule[] {WhitespaceRule.INSTANCE, NfkcRule.INSTANCE, LowercaseRule.INSTANCE,
        MoneyUnitRule.INSTANCE, new RegexRule("\\s+", " "), StopWordRule.english(), StopWordRule.of(Set.of("Foo")),
        new SynonymRule(Map.of("갤럭시", "Galaxy"))}) {
      assertEquals(r.id(), r.toString(), r.getClass().getSimpleName());
      assertTrue(!r.id().isBlank(), r.getClass().getSimpleName());
    }
    assertEquals("stopwords(foo)", StopWordRule.of(Set.of("Foo")).toString());
  }
}
