package dev.embedlab.models;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * Opens and validates what an {@link OnnxEmbedder} runs: the session, the graph's inputs and its
 * output, the tokenizer (checked against a {@link KnownConfig} and probed against the embedding
 * table). Package-private.
 *
 * <p>The output is {@code last_hidden_state} (FLOAT {@code [batch, seq, hidden]}, pooled by
 * embedlab) when the graph declares it, else {@code sentence_embedding} (FLOAT
 * {@code [batch, hidden]}): sentence-transformers exports that include the Pooling module, whose
 * rows are already pooled (and normalised again per the builder, which is idempotent when the
 * graph normalised too).
 */
final class EmbedderLoading {
  private EmbedderLoading() {}

  /**
   * @param output the output read: {@link OnnxEmbedder#HIDDEN_STATE_OUTPUT} or
   *     {@link OnnxEmbedder#SENTENCE_EMBEDDING_OUTPUT}
   */
  record Shape(boolean tokenTypeIds, int hiddenSize, String output) {
    boolean pooledByGraph() {
      return OnnxEmbedder.SENTENCE_EMBEDDING_OUTPUT.equals(output);
    }
  }

  /**
   * An opened model; the caller owns the session and the tokenizer. {@code vocabularySize} is the
   * tokenizer's largest id + 1, which the graph was probed to accept.
   */
  record Loaded(OrtSession session, HuggingFaceTokenizer tokenizer, Shape shape, long padTokenId, int vocabularySize) {}

  static Loaded load(OrtEnvironment env, OnnxEmbedder.Builder b, Path modelPath, Path tokenizerPath) {
    OrtSession s = null;
    HuggingFaceTokenizer tok = null;
    try {
      s = OrtSupport.openSession(env, modelPath, b.intraOpThreads, b.sessionConfig, "a sentence-transformer"
          + " export with output " + OnnxEmbedder.HIDDEN_STATE_OUTPUT + " or " + OnnxEmbedder.SENTENCE_EMBEDDING_OUTPUT);
      Shape shape = validate(s, modelPath, b.expectedDimension, b.config);
      TokenizerJsonInfo info = OrtSupport.tokenizerInfo(tokenizerPath);
      KnownConfig config = b.config;
      if (config != null && !config.tokenizerModelType().equals(info.modelType())) {
        // An XLM-R config given a BERT WordPiece tokenizer would embed garbage.
        throw new IllegalArgumentException("tokenizer " + tokenizerPath + ": config " + config.id()
            + " expects a " + config.tokenizerModelType() + " (SentencePiece, XLM-R) tokenizer.json, found"
            + " model type " + info.modelType() + "; is the folder an export of another model?");
      }
      OrtSupport.probeVocabulary(env, s, Set.of(shape.output()), modelPath, tokenizerPath, info.maxId(),
          shape.tokenTypeIds());
      tok = OrtSupport.openTokenizer(tokenizerPath, "LONGEST_FIRST", b.maxLength, b.maxPositions);
      return new Loaded(s, tok, shape, info.padId() >= 0 ? info.padId() : 0L, info.maxId() + 1);
    } catch (RuntimeException e) {
      OrtSupport.closeAfterFailure(e, tok, s);
      throw e;
    }
  }

  static Shape validate(OrtSession s, Path modelPath, int expectedDim, KnownConfig config) {
    OrtSupport.Io io = OrtSupport.checkInputs(s, modelPath);
    Map<String, NodeInfo> outs = io.outputs();
    String output;
    long h;
    if (outs.containsKey(OnnxEmbedder.HIDDEN_STATE_OUTPUT)) {
      output = OnnxEmbedder.HIDDEN_STATE_OUTPUT;
      h = OrtSupport.checkTensor(modelPath, "output", output, outs.get(output).getInfo(), OnnxJavaType.FLOAT, 3)
          .getShape()[2];
    } else if (outs.containsKey(OnnxEmbedder.SENTENCE_EMBEDDING_OUTPUT)) {
      output = OnnxEmbedder.SENTENCE_EMBEDDING_OUTPUT;
      TensorInfo ti = OrtSupport.checkTensor(modelPath, "output", output, outs.get(output).getInfo(),
          OnnxJavaType.FLOAT, 2);
      h = ti.getShape()[1];
    } else {
      throw new IllegalArgumentException("model " + modelPath + ": expected output '"
          + OnnxEmbedder.HIDDEN_STATE_OUTPUT + "' (FLOAT [batch, seq, hidden]) or '"
          + OnnxEmbedder.SENTENCE_EMBEDDING_OUTPUT + "' (FLOAT [batch, hidden], pooled in the graph); found outputs "
          + outs.keySet());
    }
    if (h <= 0 && expectedDim <= 0) {
      throw new IllegalArgumentException("model " + modelPath + ": hidden size of " + output
          + " is dynamic; set the builder's expectedDimension");
    }
    if (h > 0 && expectedDim > 0 && h != expectedDim) {
      if (config != null && expectedDim == config.dimension()) {
        throw new IllegalArgumentException("model " + modelPath + ": config " + config.id() + " ("
            + config.huggingFaceName() + ") has hidden size " + expectedDim + ", but " + output
            + " has hidden size " + h + "; is the folder an export of another"
            + " model? (expectedDimension(0) accepts the graph's size)");
      }
      throw new IllegalArgumentException("model " + modelPath + ": expected hidden size "
          + expectedDim + " in " + output + ", found " + h);
    }
    return new Shape(io.tokenTypeIds(), (int) (h > 0 ? h : expectedDim), output);
  }
}
