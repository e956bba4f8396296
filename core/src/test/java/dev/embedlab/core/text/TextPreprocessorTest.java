package dev.embedlab.core.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TextPreprocessorTest {
  static final String SEED_RULES = String.join("\n",
      "# seed rules: width, spaces, money, brands",
      "nfkc",
      "whitespace",
      "units",
      "synonym\t갤럭시 S23\tGalaxy S23",
      "",
      "regex\t(\\d+)\\s*GB\t$1GB",
      "synonym\t갤럭시\tGalaxy",
      "   # an indented comment",
      "");

  @Test
  void chainAppliesRulesInOrderOnTheSeedExamples() throws Exception {
    TextPreprocessor pp = TextPreprocessor.parse("seed.rules", SEED_RULES);
    assertEquals(5, pp.rules().size()); // both synonym lines form one dictionary in slot 4
    assertTrue(pp.rules().get(3) instanceof SynonymRule);
    assertEquals("Galaxy S23 256GB 10000원", pp.apply("갤럭시　S23  256 GB   10k원"));
    assertEquals("Galaxy S23 가격 30000원", pp.apply("갤럭시 S23 가격 3만원"));
    assertEquals("Galaxy 탭 35000원", pp.apply(" 갤럭시 탭 ３만 5천원 "));
    assertEquals("nfkc > whitespace > units-v1 > " + pp.rules().get(3).id()
        + " > regex((\\d+)\\s*GB=>$1GB)", pp.description());
  }

  @Test
  void idIsStableAndChangesWithAnyParameterOrOrder() throws Exception {
    TextPreprocessor a = TextPreprocessor.of(NfkcRule.INSTANCE, WhitespaceRule.INSTANCE);
    TextPreprocessor b = TextPreprocessor.of(List.of(NfkcRule.INSTANCE, WhitespaceRule.INSTANCE));
    TextPreprocessor swapped = TextPreprocessor.of(WhitespaceRule.INSTANCE, NfkcRule.INSTANCE);
    assertEquals(a.id(), b.id());
    assertNotEquals(a.id(), swapped.id());
    assertTrue(a.id().matches("pp-[0-9a-f]{10}"), a.id());
    assertEquals("pp-none", TextPreprocessor.identity().id());
    TextPreprocessor p1 = TextPreprocessor.parse("x", "regex\ta\tb");
    TextPreprocessor p2 = TextPreprocessor.parse("x", "regex\ta\tc");
    assertNotEquals(p1.id(), p2.id());
    // pinned: the id must not drift between versions/JVMs (it keys caches and reports)
    assertEquals("pp-" + sha10("nfkc\nwhitespace\n"), a.id());
  }

  private static String sha10(String s) throws Exception {
    byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    return java.util.HexFormat.of().formatHex(d).substring(0, 10);
  }

  @Test
  void loadsFromAFileWithBomAndCrlf(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("rules.txt");
    Files.writeString(f, "\uFEFFnfkc\r\nwhitespace\r\nstopwords\ten\r\n", StandardCharsets.UTF_8);
    TextPreprocessor pp = TextPreprocessor.load(f);
    assertEquals("cat mat", pp.apply("The  cat on the ｍａｔ"));
  }

  @Test
  void badLinesNameFileLineAndReason(@TempDir Path dir) throws Exception {
    assertBad("nfkc\nnfc\n", 2, "unknown rule 'nfc'; expected one of nfkc, whitespace, lowercase,"
        + " units, regex, synonym, stopwords");
    assertBad("# c\nregex\t(a\tb\n", 2, "regex does not compile");
    assertBad("regex\ta\n", 1, "expected regex<TAB>pattern<TAB>replacement (3 tab-separated fields);"
        + " found 2 field(s)");
    assertBad("whitespace\textra\n", 1, "'whitespace' takes no arguments");
    assertBad("synonym\t\tx\n", 1, "synonym 'from' is empty");
    assertBad("synonym\ta\tb\nsynonym\ta\tc\n", 2, "synonym 'a' is already mapped to 'b' on line 1;"
        + " found 'c'");
    assertBad("stopwords\ta,,b\n", 1, "a stop word must be non-blank");
    assertBad("NFKC\n", 1, "(rule names are lower-case)");
    assertBad("regex\t(a)\t$3\n", 1, "replacement refers to group 3");

    Path f = dir.resolve("bad.rules");
    Files.write(f, new byte[] {'n', 'f', 'k', 'c', '\n', (byte) 0xC3, (byte) 0x28});
    RuleFileException e = assertThrows(RuleFileException.class, () -> TextPreprocessor.load(f));
    assertEquals(f + ":0: file is not valid UTF-8", e.getMessage());

    Files.writeString(f, "whitespace\nunits\nsynonym\tonly-two-fields\n");
    e = assertThrows(RuleFileException.class, () -> TextPreprocessor.load(f));
    assertEquals(f.toString(), e.file());
    assertEquals(3, e.line());
    assertTrue(e.getMessage().startsWith(f + ":3: expected synonym<TAB>from<TAB>to"), e.getMessage());
  }

  private static void assertBad(String content, int line, String reasonPrefix) {
    RuleFileException e = assertThrows(RuleFileException.class,
        () -> TextPreprocessor.parse("my.rules", content));
    assertEquals(line, e.line(), e.getMessage());
    assertTrue(e.reason().startsWith(reasonPrefix) || e.reason().contains(reasonPrefix), e.getMessage());
    assertTrue(e.getMessage().startsWith("my.rules:" + line + ": "), e.getMessage());
  }

  @Test
  void emptyFileIsTheIdentityAndApplyAllNamesNulls() throws Exception {
    TextPreprocessor pp = TextPreprocessor.parse("empty", "# nothing\n\n");
    assertEquals("pp-none", pp.id());
    assertTrue(pp.isIdentity());
    assertEquals(List.of(" a "), pp.applyAll(List.of(" a ")));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> pp.applyAll(java.util.Arrays.asList("a", null)));
    assertEquals("texts[1] is null; every text must be non-null", e.getMessage());
  }
}
