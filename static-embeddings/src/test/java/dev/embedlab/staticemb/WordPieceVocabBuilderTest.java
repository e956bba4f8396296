package dev.embedlab.staticemb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class WordPieceVocabBuilderTest {
  private static final List<String> CORPUS = List.of("서울은 크다", "서울에 간다", "부산은 바다", "서울은 수도",
      "부산에 간다", "Seoul, Korea!");

  @Test
  void splitsAnUnseenInflectionIntoAKnownStemAndEnding() throws IOException {
    byte[] tok = WordPieceVocabBuilder.build(CORPUS, 1000, 1, 3);
    TokenizerVocab v = TokenizerVocab.parse(tok, "built");
    assertEquals("WordPiece", v.modelType());
    assertEquals(1, v.unkId());
    List<String> t = v.tokens();
    assertTrue(t.contains("서울") && t.contains("##은") && t.contains("##에"), t.toString());
    StaticModel m = StaticModel.builder(tok, new float[t.size()], 1).build();
    try (StaticEmbedder e = new StaticEmbedder(m, "wp")) {
      // "부산에서" is not in the corpus: longest match gives the seen word 부산에 + ##서 (서 was only
      // seen word-initially, its ## form is in the vocabulary all the same).
      long[] ids = e.tokenIds("부산에서");
      assertArrayEquals(new long[] {t.indexOf("부산에"), t.indexOf("##서")}, ids, t.toString());
      // Lower-cased, punctuation split; an unseen character is unknown.
      assertArrayEquals(new long[] {t.indexOf("seoul"), t.indexOf(","), t.indexOf("korea"), t.indexOf("!"), 1},
          e.tokenIds("SEOUL, Korea! 猫"));
    }
  }

  @Test
  void sameCorpusSameBytes() {
    assertArrayEquals(WordPieceVocabBuilder.build(CORPUS, 50, 1, 2), WordPieceVocabBuilder.build(CORPUS, 50, 1, 2));
    TokenizerVocab small;
    try {
      small = TokenizerVocab.parse(WordPieceVocabBuilder.build(CORPUS, 30, 1, 2), "small");
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    assertTrue(small.size() <= 30 || small.size() == 5 + countChars(), "size cap (characters always kept): " + small.size());
  }

  private static int countChars() {
    return (int) CORPUS.stream().flatMap(s -> WordPieceVocabBuilder.preTokenize(s).stream())
        .flatMap(w -> {
          int[] cps = w.codePoints().toArray();
          java.util.List<String> out = new java.util.ArrayList<>();
          for (int i = 0; i < cps.length; i++) {
            out.add(new String(cps, i, 1));
            out.add("##" + new String(cps, i, 1));
          }
          return out.stream();
        }).distinct().count();
  }
}
