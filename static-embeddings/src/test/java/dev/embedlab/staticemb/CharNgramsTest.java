package dev.embedlab.staticemb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hashed character n-grams: the buckets match a hand computation of FNV-1a over UTF-8 (values from
 * Python: {@code h = 0x811C9DC5; h = ((h ^ b) * 0x01000193) & 0xFFFFFFFF} per byte), pooling adds
 * their rows, the folder says so in config.json and a reader refuses what it cannot honour.
 */
class CharNgramsTest {
  @TempDir Path dir;

  @Test
  void bucketsAreFnv1aOfUtf8ModuloBucketsPerWordInTextOrder() {
    CharNgrams g = new CharNgrams(2, 3, 1000);
    // "ab" 1294271946, "abc" 440920331, "bc" 1043048946, "cd" 1529452802 (mod 1000: 946 331 946 802;
    // "ab" and "bc" collide, as hashes do). Punctuation splits words; "x" is shorter than min.
    assertArrayEquals(new int[] {946, 331, 946, 802}, g.buckets("ABC, x cd!"));
    // Korean syllables are 3 UTF-8 bytes each: 한국 4250545347, 한국어 18907935, 국어 600206507.
    assertArrayEquals(new int[] {347, 935, 507}, g.buckets("한국어"));
    assertArrayEquals(new int[0], g.buckets(" . a "));
    // NFKC: full-width letters are the ASCII ones.
    assertArrayEquals(g.buckets("ab"), g.buckets("ＡＢ"));
  }

  @Test
  void rejectsBadSettings() {
    assertThrows(IllegalArgumentException.class, () -> new CharNgrams(0, 2, 10));
    assertThrows(IllegalArgumentException.class, () -> new CharNgrams(3, 2, 10));
    assertThrows(IllegalArgumentException.class, () -> new CharNgrams(2, 3, 0));
  }

  /** Vocabulary [UNK] a b, 2 dims, 3 buckets of 2-grams; rows given by hand. */
  private static StaticModel model() {
    float[] t = {
      9, 9, // [UNK]
      1, 0, // a
      0, 1, // b
      3, 0, // bucket 0
      0, 5, // bucket 1
      7, 7, // bucket 2
    };
    return StaticModel.builder(TestTokenizers.wordLevel(List.of("a", "b")), t, 2).normalize(false)
        .charNgrams(new CharNgrams(2, 2, 3)).build();
  }

  @Test
  void poolingAveragesTokenAndNgramRows() {
    StaticModel m = model();
    CharNgrams g = m.charNgrams();
    int[] bk = g.buckets("ab");
    // 1294271946 mod 3 = 0: bucket 0, row (3, 0).
    assertArrayEquals(new int[] {0}, bk);
    float[] ngramRow = m.row(3 + bk[0]);
    assertArrayEquals(new float[] {3, 0}, ngramRow);
    try (StaticEmbedder e = new StaticEmbedder(m, "ngrams")) {
      // "a b": tokens a and b, no 2-gram (two one-letter words).
      assertArrayEquals(new float[] {0.5f, 0.5f}, e.embed(List.of("a b"))[0], 1e-6f);
      // "ab": unknown to the word-level vocabulary (dropped), one 2-gram: its row alone.
      assertArrayEquals(ngramRow, e.embed(List.of("ab"))[0], 1e-6f);
      // "a ab": token a and the 2-gram, averaged.
      float[] v = e.embed(List.of("a ab"))[0];
      assertArrayEquals(new float[] {(1 + ngramRow[0]) / 2, ngramRow[1] / 2}, v, 1e-6f);
    }
  }

  @Test
  void folderKeepsTheTokenTableModel2vecShapedAndTheNgramsInConfig() throws IOException {
    StaticModel m = model();
    m.write(dir.resolve("m"), Precision.FLOAT32);
    var tensors = SafeTensors.read(dir.resolve("m/model.safetensors"));
    assertArrayEquals(new int[] {3, 2}, tensors.get("embeddings").shape(), "one row per token id, as model2vec expects");
    assertArrayEquals(new int[] {3, 2}, tensors.get(StaticModel.NGRAM_TENSOR).shape());
    var cfg = new ObjectMapper().readTree(dir.resolve("m/config.json").toFile());
    assertEquals(3, cfg.path(CharNgrams.CONFIG_KEY).path("buckets").asInt());
    StaticModel back = StaticModel.read(dir.resolve("m"));
    assertEquals(m.charNgrams(), back.charNgrams());
    assertEquals(m.sha256(), back.sha256());
  }

  @Test
  void readerRefusesNgramsItCannotHonour() throws IOException {
    model().write(dir.resolve("m"), Precision.FLOAT32);
    Path cfgFile = dir.resolve("m/config.json");
    ObjectMapper mapper = new ObjectMapper();
    ObjectNode cfg = (ObjectNode) mapper.readTree(cfgFile.toFile());
    ((ObjectNode) cfg.get(CharNgrams.CONFIG_KEY)).put("version", 2);
    Files.writeString(cfgFile, mapper.writeValueAsString(cfg));
    IOException e = assertThrows(IOException.class, () -> StaticModel.read(dir.resolve("m")));
    assertTrue(e.getMessage().contains("cannot be honoured"), e.getMessage());
    // The n-gram tensor without the config entry: refused, not silently pooled as tokens only.
    cfg.remove(CharNgrams.CONFIG_KEY);
    Files.writeString(cfgFile, mapper.writeValueAsString(cfg));
    e = assertThrows(IOException.class, () -> StaticModel.read(dir.resolve("m")));
    assertTrue(e.getMessage().contains(StaticModel.NGRAM_TENSOR), e.getMessage());
    // Bucket count that does not match the tensor.
    cfg.set(CharNgrams.CONFIG_KEY, new CharNgrams(2, 2, 4).toConfig());
    Files.writeString(cfgFile, mapper.writeValueAsString(cfg));
    e = assertThrows(IOException.class, () -> StaticModel.read(dir.resolve("m")));
    assertTrue(e.getMessage().contains("[4, 2]"), e.getMessage());
  }

  @Test
  void tableMustHaveTheBucketRows() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StaticModel.builder(
        TestTokenizers.wordLevel(List.of("a", "b")), new float[6], 2).charNgrams(new CharNgrams(2, 2, 3)).build());
    assertTrue(e.getMessage().contains("3 n-gram buckets"), e.getMessage());
  }
}
