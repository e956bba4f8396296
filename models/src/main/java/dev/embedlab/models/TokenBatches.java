package dev.embedlab.models;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.LongBuffer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Runs tokenized rows (texts or pairs) through an ONNX session in length-sorted batches whose
 * padded size {@code batch * longest} stays within a token budget. Padded positions get the
 * tokenizer's pad id, attention mask 0 and type id 0, so a row's output does not depend on its
 * batch mates. Shared by {@link OnnxEmbedder} and {@link OnnxCrossEncoder}. Package-private.
 */
final class TokenBatches {

  /**
   * A chunk's token ids (and type ids, or null when the model is not fed them), each cut at
   * {@code maxLength}, with the tokens fed and the rows the tokenizer truncated.
   */
  record Tokens(long[][] ids, long[][] types, long count, long truncated) {
    static Tokens of(Encoding[] enc, int maxLength, boolean withTypes) {
      int m = enc.length;
      long[][] ids = new long[m][];
      long[][] types = withTypes ? new long[m][] : null;
      long count = 0;
      long cut = 0;
      for (int i = 0; i < m; i++) {
        ids[i] = enc[i].getIds();
        if (types != null) {
          types[i] = enc[i].getTypeIds();
        }
        if (ids[i].length > maxLength) {
          // Defensive: the tokenizer truncates, but never feed more than the model's positions.
          ids[i] = Arrays.copyOf(ids[i], maxLength);
          if (types != null) {
            types[i] = Arrays.copyOf(types[i], maxLength);
          }
        }
        if (enc[i].exceedMaxLength()) {
          cut++;
        }
        count += ids[i].length;
      }
      return new Tokens(ids, types, count, cut);
    }
  }

  /** Receives one batch's output: {@code rows[r]} is the chunk index of batch row {@code r}. */
  interface Sink {
    void accept(OnnxTensor output, int[] rows, int[] lengths, int seq) throws OrtException;
  }

  private final String id;
  private final String unit;
  private final OrtEnvironment env;
  private final OrtSession session;
  private final Set<String> outputs;
  private final boolean feedTypes;
  private final long padId;
  private final int tokenBudget;
  private final int maxLength;

  /**
   * @param unit what a row is, for error messages ("texts", "pairs")
   * @param output the one output requested from the session
   */
  TokenBatches(String id, String unit, OrtEnvironment env, OrtSession session, String output,
      boolean feedTypes, long padId, int tokenBudget, int maxLength) {
    this.id = id;
    this.unit = unit;
    this.env = env;
    this.session = session;
    this.outputs = Set.of(output);
    this.feedTypes = feedTypes;
    this.padId = padId;
    this.tokenBudget = tokenBudget;
    this.maxLength = maxLength;
  }

  /**
   * Runs every row of {@code t}, longest first, one row per call when {@code oneAtATime}.
   *
   * @return the number of model calls
   */
  int run(Tokens t, boolean oneAtATime, Sink sink) {
    long[][] ids = t.ids();
    int m = ids.length;
    Integer[] order = new Integer[m];
    for (int i = 0; i < m; i++) {
      order[i] = i;
    }
    // Longest first: each batch's first row fixes its padded length.
    Arrays.sort(order, (a, b) -> Integer.compare(ids[b].length, ids[a].length));
    int capacity = Math.max(tokenBudget, maxLength);
    LongBuffer idBuf = OrtSupport.directLongs(capacity);
    LongBuffer maskBuf = OrtSupport.directLongs(capacity);
    LongBuffer typeBuf = feedTypes ? OrtSupport.directLongs(capacity) : null;
    int calls = 0;
    int start = 0;
    while (start < m) {
      int seq = ids[order[start]].length;
      int size = oneAtATime ? 1 : Math.max(1, Math.min(m - start, tokenBudget / seq));
      int[] rows = new int[size];
      for (int r = 0; r < size; r++) {
        rows[r] = order[start + r];
      }
      runBatch(rows, seq, t, idBuf, maskBuf, typeBuf, sink);
      calls++;
      start += size;
    }
    return calls;
  }

  private void runBatch(int[] rows, int seq, Tokens t, LongBuffer idBuf, LongBuffer maskBuf,
      LongBuffer typeBuf, Sink sink) {
    int size = rows.length;
    int cells = size * seq;
    idBuf.clear();
    maskBuf.clear();
    if (typeBuf != null) {
      typeBuf.clear();
    }
    int[] lengths = new int[size];
    for (int r = 0; r < size; r++) {
      long[] row = t.ids()[rows[r]];
      lengths[r] = row.length;
      idBuf.put(row);
      if (typeBuf != null) {
        if (t.types() != null) {
          typeBuf.put(t.types()[rows[r]], 0, row.length);
        } else {
          for (int k = 0; k < row.length; k++) {
            typeBuf.put(0L);
          }
        }
      }
      for (int k = 0; k < row.length; k++) {
        maskBuf.put(1L);
      }
      for (int k = row.length; k < seq; k++) {
        idBuf.put(padId); // the tokenizer's <pad>/[PAD]; masked out
        maskBuf.put(0L);
        if (typeBuf != null) {
          typeBuf.put(0L);
        }
      }
    }
    long[] shape = {size, seq};
    Map<String, OnnxTensor> inputs = new HashMap<>(4);
    try {
      inputs.put("input_ids", OnnxTensor.createTensor(env, OrtSupport.window(idBuf, cells), shape));
      inputs.put("attention_mask", OnnxTensor.createTensor(env, OrtSupport.window(maskBuf, cells), shape));
      if (typeBuf != null) {
        inputs.put("token_type_ids", OnnxTensor.createTensor(env, OrtSupport.window(typeBuf, cells), shape));
      }
      try (OrtSession.Result result = session.run(inputs, outputs)) {
        sink.accept((OnnxTensor) result.get(0), rows, lengths, seq);
      }
    } catch (OrtException e) {
      throw new IllegalStateException(id + ": ONNX Runtime failed on a batch of " + size + " " + unit + " x "
          + seq + " tokens: " + e.getMessage(), e);
    } finally {
      for (OnnxTensor x : inputs.values()) {
        x.close();
      }
    }
  }
}
