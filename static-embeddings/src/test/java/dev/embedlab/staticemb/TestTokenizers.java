package dev.embedlab.staticemb;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** tokenizer.json files for tests. */
final class TestTokenizers {
  private TestTokenizers() {}

  /**
   * A WordLevel tokenizer (lower-casing, whitespace/punctuation split) over {@code [UNK]} (id 0)
   * and {@code words} (ids 1, 2, ...).
   */
  static byte[] wordLevel(List<String> words) {
    StringBuilder vocab = new StringBuilder("\"[UNK]\":0");
    for (int i = 0; i < words.size(); i++) {
      vocab.append(",\"").append(words.get(i)).append("\":").append(i + 1);
    }
    String json = "{\"version\":\"1.0\",\"truncation\":null,\"padding\":null,"
        + "\"added_tokens\":[{\"id\":0,\"content\":\"[UNK]\",\"single_word\":false,\"lstrip\":false,"
        + "\"rstrip\":false,\"normalized\":false,\"special\":true}],"
        + "\"normalizer\":{\"type\":\"Lowercase\"},\"pre_tokenizer\":{\"type\":\"Whitespace\"},"
        + "\"post_processor\":null,\"decoder\":null,"
        + "\"model\":{\"type\":\"WordLevel\",\"vocab\":{" + vocab + "},\"unk_token\":\"[UNK]\"}}";
    return json.getBytes(StandardCharsets.UTF_8);
  }

  /** all-MiniLM-L6-v2's WordPiece tokenizer.json from the langchain4j weights jar on the test classpath. */
  static byte[] miniLm() throws IOException {
    try (InputStream in = TestTokenizers.class.getClassLoader().getResourceAsStream("all-minilm-l6-v2-tokenizer.json")) {
      if (in == null) {
        throw new IllegalStateException("all-minilm-l6-v2-tokenizer.json not on the test classpath");
      }
      return in.readAllBytes();
    }
  }

  /** Pieces of {@link #unigram()} in id order (XLM-R's fairseq order for the specials). */
  static final List<String> UNIGRAM_PIECES = List.of("<s>", "<pad>", "</s>", "<unk>", "▁", "▁서울", "은",
      "▁서울은", "▁한국", "의", "▁수도", "입니다", "▁김치", "를", "▁좋아", "해요", "▁부산", "▁도시", "▁큰",
      "▁Seoul", "▁is", "▁the", "▁capital", "▁of", "▁Korea", "▁Busan", "▁big", "▁city", "▁I", "▁like",
      "▁kimchi", ".", "<mask>");

  /**
   * A SentencePiece Unigram tokenizer.json shaped like XLM-R's (NFKC normaliser, Metaspace
   * pre-tokenizer, {@code <s> A </s>} template), whose Viterbi split of {@code 서울은} is
   * {@code ▁서울 + 은} (the single piece scores worse).
   */
  static byte[] unigram() {
    StringBuilder vocab = new StringBuilder();
    for (int i = 0; i < UNIGRAM_PIECES.size(); i++) {
      String p = UNIGRAM_PIECES.get(i);
      double score = p.startsWith("<") ? 0.0 : p.equals("▁서울은") ? -20.0 : -3.0 - (i % 5);
      vocab.append(i == 0 ? "" : ",").append("[\"").append(p).append("\",").append(score).append("]");
    }
    StringBuilder added = new StringBuilder();
    String[] specials = {"<s>", "<pad>", "</s>", "<unk>", "<mask>"};
    for (int k = 0; k < specials.length; k++) {
      added.append(k == 0 ? "" : ",").append("{\"id\":").append(UNIGRAM_PIECES.indexOf(specials[k]))
          .append(",\"content\":\"").append(specials[k]).append("\",\"single_word\":false,\"lstrip\":false,"
              + "\"rstrip\":false,\"normalized\":false,\"special\":true}");
    }
    String metaspace = "{\"type\":\"Metaspace\",\"replacement\":\"▁\",\"prepend_scheme\":\"always\",\"split\":true}";
    String json = "{\"version\":\"1.0\",\"truncation\":null,\"padding\":null,\"added_tokens\":[" + added + "],"
        + "\"normalizer\":{\"type\":\"NFKC\"},\"pre_tokenizer\":" + metaspace + ","
        + "\"post_processor\":{\"type\":\"TemplateProcessing\","
        + "\"single\":[{\"SpecialToken\":{\"id\":\"<s>\",\"type_id\":0}},{\"Sequence\":{\"id\":\"A\",\"type_id\":0}},"
        + "{\"SpecialToken\":{\"id\":\"</s>\",\"type_id\":0}}],"
        + "\"pair\":[{\"SpecialToken\":{\"id\":\"<s>\",\"type_id\":0}},{\"Sequence\":{\"id\":\"A\",\"type_id\":0}},"
        + "{\"SpecialToken\":{\"id\":\"</s>\",\"type_id\":0}},{\"Sequence\":{\"id\":\"B\",\"type_id\":0}},"
        + "{\"SpecialToken\":{\"id\":\"</s>\",\"type_id\":0}}],"
        + "\"special_tokens\":{\"<s>\":{\"id\":\"<s>\",\"ids\":[0],\"tokens\":[\"<s>\"]},"
        + "\"</s>\":{\"id\":\"</s>\",\"ids\":[2],\"tokens\":[\"</s>\"]}}},"
        + "\"decoder\":" + metaspace + ","
        + "\"model\":{\"type\":\"Unigram\",\"unk_id\":3,\"vocab\":[" + vocab + "],\"byte_fallback\":false}}";
    return json.getBytes(StandardCharsets.UTF_8);
  }
}
