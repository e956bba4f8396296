package dev.embedlab.models;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.util.List;

/**
 * The running half of an {@link OnnxEmbedder}: tokenizes texts in chunks, runs them through the
 * session in token-budget batches ({@link TokenBatches}), pools and normalises ({@link Pooler}),
 * and counts usage. Owns the session and the tokenizer. Package-private; the embedder guards
 * calls and close with its {@link Lifecycle}.
 */
final class EmbeddingRunner {
  private static final int TOKENIZE_CHUNK = 1024;

  private final OrtSession session;
  private final HuggingFaceTokenizer tokenizer;
  private final TokenBatches batches;
  private final EmbedderLoading.Shape shape;
  private final Pooling pooling;
  private final boolean normalize;
  private final int maxLength;
  private final boolean oneAtATime;
  private final int vocabularySize;
  final UsageCounters usage = new UsageCounters();

  EmbeddingRunner(String id, OrtEnvironment env, EmbedderLoading.Loaded loaded, Pooling pooling,
      boolean normalize, int maxLength, int tokenBudget, boolean oneAtATime) {
    this.session = loaded.session();
    this.tokenizer = loaded.tokenizer();
    this.shape = loaded.shape();
    this.pooling = pooling;
    this.normalize = normalize;
    this.maxLength = maxLength;
    this.oneAtATime = oneAtATime;
    this.vocabularySize = loaded.vocabularySize();
    this.batches = new TokenBatches(id, "texts", env, session, shape.output(), shape.tokenTypeIds(),
        loaded.padTokenId(), tokenBudget, maxLength);
  }

  /** One vector per text, in input order; {@code prefix} is prepended to each. */
  float[][] embed(List<String> input, String prefix) {
    int n = input.size();
    float[][] out = new float[n][];
    for (int from = 0; from < n; from += TOKENIZE_CHUNK) {
      TokenBatches.Tokens t = TokenBatches.Tokens.of(encode(input, from, Math.min(n, from + TOKENIZE_CHUNK), prefix),
          maxLength, false);
      usage.tokenized(t);
      int offset = from;
      usage.batches(batches.run(t, oneAtATime, (output, rows, lengths, seq) -> Pooler.collect(output,
          shape.pooledByGraph(), pooling, normalize, shape.hiddenSize(), rows, lengths, seq, out, offset)));
    }
    usage.items(n);
    return out;
  }

  /**
   * One vector per token-id row, fed as given (no special tokens added), in input order; rows are
   * checked against the maximum length and the vocabulary before anything runs.
   */
  float[][] embedIds(long[][] input) {
    int n = input.length;
    long[][] rows = new long[n][];
    long count = 0;
    for (int i = 0; i < n; i++) {
      long[] row = input[i];
      if (row == null || row.length == 0 || row.length > maxLength) {
        throw new IllegalArgumentException("token-id row " + i + " must hold 1.." + maxLength
            + " ids (the model's maximum length); length=" + (row == null ? "null" : row.length));
      }
      for (int t = 0; t < row.length; t++) {
        if (row[t] < 0 || row[t] >= vocabularySize) {
          throw new IllegalArgumentException("token-id row " + i + " position " + t + ": id must be in [0, "
              + vocabularySize + "); id=" + row[t]);
        }
      }
      rows[i] = row.clone();
      count += row.length;
    }
    float[][] out = new float[n][];
    TokenBatches.Tokens t = new TokenBatches.Tokens(rows, null, count, 0);
    usage.tokenized(t);
    usage.batches(batches.run(t, oneAtATime, (output, r, lengths, seq) -> Pooler.collect(output,
        shape.pooledByGraph(), pooling, normalize, shape.hiddenSize(), r, lengths, seq, out, 0)));
    usage.items(n);
    return out;
  }

  int vocabularySize() {
    return vocabularySize;
  }

  /** Tokens each text would feed the model, after truncation; runs nothing, counts nothing. */
  int[] tokenCounts(List<String> input, String prefix) {
    int[] out = new int[input.size()];
    for (int from = 0; from < out.length; from += TOKENIZE_CHUNK) {
      Encoding[] enc = encode(input, from, Math.min(out.length, from + TOKENIZE_CHUNK), prefix);
      for (int i = 0; i < enc.length; i++) {
        out[from + i] = Math.min(enc[i].getIds().length, maxLength);
      }
    }
    return out;
  }

  private Encoding[] encode(List<String> input, int from, int to, String prefix) {
    String[] chunk = new String[to - from];
    for (int i = from; i < to; i++) {
      String t = input.get(i);
      chunk[i - from] = prefix.isEmpty() ? t : prefix + t;
    }
    return tokenizer.batchEncode(chunk, true, false);
  }

  /** Releases the tokenizer and the session. */
  void release(String id) {
    OrtSupport.release(id, session, tokenizer);
  }
}
