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
}
