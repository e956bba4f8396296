package dev.embedlab.staticemb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import dev.embedlab.models.TokenIdEmbedder;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Distillation of an XLM-R/Unigram-shaped teacher: a generated SentencePiece tokenizer with
 * {@code <s> ... </s>} and a teacher that pools seeded random token vectors (special tokens included,
 * then a tanh, so it is not itself a static model). The static copy must order sentence
 * similarities like the teacher, on Korean and English.
 */
class MultilingualDistillationTest {
  private static final long SEED = 2024;
  @TempDir Path dir;

  /**
   * Mean of seeded random rows over the ids with special tokens, tanh, L2-normalised; takes token-id
   * rows too ({@link TokenIdEmbedder}), as an ONNX teacher does.
   */
  static final class TokenMeanTeacher implements TokenIdEmbedder {
    private final HuggingFaceTokenizer tok;
    private final float[][] rows;

    TokenMeanTeacher(byte[] tokenizerJson, int vocab, int dim) throws IOException {
      TokenIdEncoder.applyDjlDefaults();
      tok = HuggingFaceTokenizer.newInstance(new ByteArrayInputStream(tokenizerJson),
          Map.of("addSpecialTokens", "true", "truncation", "false", "padding", "false"));
      Random r = new Random(SEED);
      rows = new float[vocab][dim];
      for (float[] row : rows) {
        for (int j = 0; j < dim; j++) {
          row[j] = (float) r.nextGaussian();
        }
      }
    }

    @Override
    public float[][] embed(List<String> texts, Role role) {
      long[][] ids = new long[texts.size()][];
      for (int i = 0; i < ids.length; i++) {
        ids[i] = tok.encode(texts.get(i)).getIds();
      }
      return embedTokenIds(ids);
    }

    @Override
    public int vocabularySize() {
      return rows.length;
    }

    @Override
    public float[][] embedTokenIds(long[][] rowsOfIds) {
      float[][] out = new float[rowsOfIds.length][];
      for (int i = 0; i < out.length; i++) {
        long[] ids = rowsOfIds[i];
        float[] v = new float[dimension()];
        for (long id : ids) {
          for (int j = 0; j < v.length; j++) {
            v[j] += rows[(int) id][j] / ids.length;
          }
        }
        double n = 0;
        for (int j = 0; j < v.length; j++) {
          v[j] = (float) Math.tanh(v[j]);
          n += v[j] * v[j];
        }
        for (int j = 0; j < v.length; j++) {
          v[j] /= (float) Math.sqrt(n);
        }
        out[i] = v;
      }
      return out;
    }

    @Override
    public int dimension() {
      return rows[0].length;
    }

    @Override
    public String id() {
      return "tiny-xlmr-teacher";
    }

    @Override
    public void close() {
      tok.close();
    }
  }

  @Test
  void unigramTeacherDistilsIntoAStaticCopyThatRanksLikeIt() throws IOException {
    byte[] tok = TestTokenizers.unigram();
    List<String> pieces = TestTokenizers.UNIGRAM_PIECES;
    try (TokenMeanTeacher teacher = new TokenMeanTeacher(tok, pieces.size(), 48)) {
      StaticModel m = Distiller.builder(teacher, tok).pcaDims(16).sifCoefficient(null).build().distill();
      assertEquals(16, m.dimension());
      assertEquals("Unigram", m.vocab().modelType());
      assertArrayEquals(new float[m.dimension()], m.row(pieces.indexOf("<s>")), "special tokens get zero rows");
      m.write(dir.resolve("tiny"), Precision.FLOAT32);
      try (StaticEmbedder student = StaticEmbedder.open(dir.resolve("tiny"))) {
        // Viterbi segmentation through the shipped tokenizer, no <s>/</s>.
        long[] ids = student.tokenIds("서울은 한국의 수도입니다");
        assertArrayEquals(new long[] {pieces.indexOf("▁서울"), pieces.indexOf("은"), pieces.indexOf("▁한국"),
            pieces.indexOf("의"), pieces.indexOf("▁수도"), pieces.indexOf("입니다")}, ids);
        double rho = agreement(teacher, student);
        System.out.printf("tiny XLM-R teacher vs static copy: Spearman of %d pair similarities %.3f (seed %d)%n",
            SENTENCES.size() * (SENTENCES.size() - 1) / 2, rho, SEED);
        // The teacher's sentence vectors share its <s>/</s> component, which the centred static copy
        // drops, so agreement is partial by construction: 0.72 measured with tokens fed by id, 0.53 when
        // they were fed as text (a continuation piece then reads as "▁" + piece); random tables give ~0.
        assertTrue(rho > 0.6, "static copy must order similarities like its teacher; rho=" + rho);
      }
    }
  }

  @Test
  void tokensAreFedByIdBetweenTheTokenizersOwnSpecialTokens() throws IOException {
    byte[] tok = TestTokenizers.unigram();
    List<String> pieces = TestTokenizers.UNIGRAM_PIECES;
    long[][] xlmr = Distiller.specialTemplate(tok, TokenizerVocab.parse(tok, "unigram"));
    assertArrayEquals(new long[] {pieces.indexOf("<s>")}, xlmr[0]);
    assertArrayEquals(new long[] {pieces.indexOf("</s>")}, xlmr[1]);
    byte[] bert = TestTokenizers.miniLm();
    long[][] cls = Distiller.specialTemplate(bert, TokenizerVocab.parse(bert, "minilm"));
    assertArrayEquals(new long[] {101}, cls[0], "[CLS]");
    assertArrayEquals(new long[] {102}, cls[1], "[SEP]");
    try (TokenMeanTeacher teacher = new TokenMeanTeacher(tok, pieces.size(), 24)) {
      Distiller byId = Distiller.builder(teacher, tok).build();
      Distiller byText = Distiller.builder(teacher, tok).feedText(true).build();
      assertTrue(byId.feedsTokenIds());
      assertTrue(!byText.feedsTokenIds());
      float[] idRows = byId.embedVocabulary();
      float[] textRows = byText.embedVocabulary();
      // "은" is a continuation piece: by id the teacher sees <s> 은 </s>; as text "은" becomes ▁ + 은.
      int eun = pieces.indexOf("은");
      float[] want = teacher.embedTokenIds(new long[][] {{0, eun, 2}})[0];
      assertArrayEquals(want, java.util.Arrays.copyOfRange(idRows, eun * 24, (eun + 1) * 24));
      assertTrue(Quality.cosine(want, java.util.Arrays.copyOfRange(textRows, eun * 24, (eun + 1) * 24)) < 0.99,
          "the text path embeds another token sequence");
      // A word-initial piece reads the same either way.
      int seoul = pieces.indexOf("▁서울");
      assertArrayEquals(java.util.Arrays.copyOfRange(idRows, seoul * 24, (seoul + 1) * 24),
          java.util.Arrays.copyOfRange(textRows, seoul * 24, (seoul + 1) * 24));
    }
  }

  @Test
  void corpusRefinementBringsTheCopyCloserToItsTeacherOnUnseenSentences() throws IOException {
    byte[] tok = TestTokenizers.unigram();
    String[] words = {"서울은", "한국의", "수도입니다", "김치를", "좋아해요", "부산은", "큰", "도시", "Seoul", "is",
        "the", "capital", "of", "Korea", "Busan", "big", "city", "I", "like", "kimchi"};
    Random r = new Random(SEED);
    List<String> corpus = new ArrayList<>();
    for (int i = 0; i < 600; i++) {
      StringBuilder sb = new StringBuilder();
      for (int k = 2 + r.nextInt(5); k > 0; k--) {
        sb.append(words[r.nextInt(words.length)]).append(k > 1 ? " " : "");
      }
      corpus.add(sb.toString());
    }
    try (TokenMeanTeacher teacher = new TokenMeanTeacher(tok, TestTokenizers.UNIGRAM_PIECES.size(), 48)) {
      StaticModel plain = Distiller.builder(teacher, tok).pcaDims(16).sifCoefficient(null).build().distill();
      StaticModel refined = Distiller.builder(teacher, tok).pcaDims(16).sifCoefficient(null)
          .refineOn(corpus, CorpusRefiner.builder().epochs(10).learningRate(0.05).seed(SEED).build()).build().distill();
      double before = agreement(teacher, plain);
      double after = agreement(teacher, refined);
      System.out.printf("tiny XLM-R teacher vs copy on %d unseen sentences: Spearman of pair similarities %.3f"
          + " distilled, %.3f refined on %d generated sentences (seed %d)%n", SENTENCES.size(), before, after,
          corpus.size(), SEED);
      assertTrue(after > before + 0.04, "refinement must bring the copy closer: " + before + " -> " + after);
      assertTrue(refined.config().get("corpus_refinement").asText().contains("600 texts"));
    }
  }

  static final List<String> SENTENCES = List.of("서울은 한국의 수도입니다", "부산은 큰 도시", "김치를 좋아해요",
      "Seoul is the capital of Korea", "Busan is a big city", "I like kimchi", "서울은 큰 도시",
      "한국의 수도", "the capital of Korea is Seoul", "김치");

  /** Spearman of all pair similarities of {@link #SENTENCES}, teacher vs static copy. */
  static double agreement(TokenMeanTeacher teacher, StaticModel m) {
    try (StaticEmbedder student = new StaticEmbedder(m, "copy")) {
      return agreement(teacher, student);
    }
  }

  static double agreement(TokenMeanTeacher teacher, StaticEmbedder student) {
    float[][] t = teacher.embed(SENTENCES);
    float[][] s = student.embed(SENTENCES);
    List<Double> tc = new ArrayList<>();
    List<Double> sc = new ArrayList<>();
    for (int i = 0; i < SENTENCES.size(); i++) {
      for (int j = i + 1; j < SENTENCES.size(); j++) {
        tc.add(Quality.cosine(t[i], t[j]));
        sc.add(Quality.cosine(s[i], s[j]));
      }
    }
    return dev.embedlab.eval.metrics.PairMetrics.spearman(tc.stream().mapToDouble(Double::doubleValue).toArray(),
        sc.stream().mapToDouble(Double::doubleValue).toArray());
  }

  @Test
  void fullRankPcaKeepsTheTeachersCentredGeometryPerTokenId() throws IOException {
    byte[] tok = TestTokenizers.unigram();
    List<String> pieces = TestTokenizers.UNIGRAM_PIECES;
    try (TokenMeanTeacher teacher = new TokenMeanTeacher(tok, pieces.size(), 48)) {
      Distiller d = Distiller.builder(teacher, tok).pcaDims(0).sifCoefficient(null).build();
      float[] rows = d.embedVocabulary();
      StaticModel m = d.fromTeacherRows(rows);
      // Mean of the embedded (non-zero) teacher rows.
      double[] mu = new double[48];
      int count = 0;
      for (int i = 0; i < pieces.size(); i++) {
        if (rows[i * 48] != 0f) {
          count++;
          for (int j = 0; j < 48; j++) {
            mu[j] += rows[i * 48 + j];
          }
        }
      }
      for (int j = 0; j < 48; j++) {
        mu[j] /= count;
      }
      for (String[] pair : new String[][] {{"▁서울", "▁한국"}, {"은", "의"}, {"▁Seoul", "▁Korea"}, {"▁김치", "▁kimchi"}}) {
        int a = pieces.indexOf(pair[0]);
        int b = pieces.indexOf(pair[1]);
        double expected = 0;
        for (int j = 0; j < 48; j++) {
          expected += (rows[a * 48 + j] - mu[j]) * (rows[b * 48 + j] - mu[j]);
        }
        double actual = 0;
        float[] ra = m.row(a);
        float[] rb = m.row(b);
        for (int j = 0; j < ra.length; j++) {
          actual += ra[j] * rb[j];
        }
        assertEquals(expected, actual, 1e-4, pair[0] + "." + pair[1]);
      }
    }
  }

  @Test
  void distillationIsDeterministic() {
    byte[] tok = TestTokenizers.unigram();
    try (TokenMeanTeacher teacher = new TokenMeanTeacher(tok, TestTokenizers.UNIGRAM_PIECES.size(), 24)) {
      String a = Distiller.builder(teacher, tok).pcaDims(8).build().distill().sha256();
      String b = Distiller.builder(teacher, tok).pcaDims(8).build().distill().sha256();
      assertEquals(a, b);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void zipfWeightsFollowModel2vec() {
    // compute_weights(4, 1e-4): p = (1/2, 1/3, 1/4, 1/5) / 77/60
    double[] w = Distiller.sifWeights(4, 1e-4);
    double z = 1 / 2.0 + 1 / 3.0 + 1 / 4.0 + 1 / 5.0;
    assertEquals(1e-4 / (1e-4 + 0.5 / z), w[0], 1e-15);
    assertEquals(1e-4 / (1e-4 + 0.2 / z), w[3], 1e-15);
    assertArrayEquals(new double[] {0.5, 1.0}, Distiller.sifWeights(new long[] {1, 0}, 1.0), 1e-15);
  }
}
