package dev.embedlab.staticemb;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.huggingface.tokenizers.jni.TokenizersLibrary;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Token ids of texts through DJL's HuggingFace tokenizer, without special tokens, padding or
 * truncation. Asks the native library for ids only: DJL's {@code batchEncode} also copies token
 * strings, character spans, masks and word ids across JNI for every text, which costs more than the
 * whole static model. Owns the native tokenizer; {@link #close()} is idempotent.
 */
final class TokenIdEncoder implements AutoCloseable {
  private final HuggingFaceTokenizer tokenizer;
  private volatile boolean closed;

  TokenIdEncoder(byte[] tokenizerJson, String source) {
    applyDjlDefaults();
    Map<String, String> opts = new HashMap<>();
    opts.put("addSpecialTokens", "false");
    opts.put("truncation", "false");
    opts.put("padding", "false");
    try {
      this.tokenizer = HuggingFaceTokenizer.newInstance(new ByteArrayInputStream(tokenizerJson), opts);
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("cannot load tokenizer " + source
          + ": expected a HuggingFace tokenizer.json; " + e.getMessage(), e);
    }
  }

  /** DJL's settings (no tracking, the bundled CPU build, quiet probes): the one setup in embedlab-models. */
  static void applyDjlDefaults() {
    dev.embedlab.models.DjlDefaults.apply();
  }

  /** Token ids of each text, in input order. */
  long[][] encode(String[] texts) {
    if (closed) {
      throw new IllegalStateException("tokenizer is closed");
    }
    TokenizersLibrary lib = TokenizersLibrary.LIB;
    long[] encodings = lib.batchEncode(tokenizer.getHandle(), texts, false);
    long[][] out = new long[encodings.length][];
    try {
      for (int i = 0; i < encodings.length; i++) {
        out[i] = lib.getTokenIds(encodings[i]);
      }
    } finally {
      for (long e : encodings) {
        lib.deleteEncoding(e);
      }
    }
    return out;
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      tokenizer.close();
    }
  }
}
