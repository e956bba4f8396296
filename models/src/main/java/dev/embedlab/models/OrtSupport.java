package dev.embedlab.models;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import ai.onnxruntime.ValueInfo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * What {@link OnnxEmbedder} and {@link OnnxCrossEncoder} share around an ONNX Runtime session:
 * finding the graph in an export folder, opening the session and the tokenizer (with
 * {@link DjlDefaults} applied), checking the declared inputs and a tensor, probing the tokenizer's
 * largest id against the embedding table, the direct buffers the inputs are written to, and
 * releasing it all.
 */
final class OrtSupport {
  private OrtSupport() {}

  static Path findOnnx(Path dir) {
    for (Path p : List.of(dir.resolve("model.onnx"), dir.resolve("onnx").resolve("model.onnx"))) {
      if (Files.isRegularFile(p)) {
        return p;
      }
    }
    try (Stream<Path> s = Files.list(dir)) {
      List<Path> onnx = s.filter(p -> p.getFileName().toString().endsWith(".onnx")).toList();
      if (onnx.size() == 1) {
        return onnx.get(0);
      }
      throw new UncheckedIOException(new NoSuchFileException(dir.resolve("model.onnx").toString(),
          null, "expected model.onnx, onnx/model.onnx or exactly one *.onnx in the folder; found "
              + onnx.size() + " *.onnx files"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
  }

  static LongBuffer directLongs(int n) {
    return ByteBuffer.allocateDirect(n * Long.BYTES).order(ByteOrder.nativeOrder()).asLongBuffer();
  }

  static LongBuffer window(LongBuffer buf, int cells) {
    LongBuffer w = buf.duplicate();
    w.position(0).limit(cells);
    return w.slice();
  }

  static TensorInfo checkTensor(Path modelPath, String kind, String name, ValueInfo info,
      OnnxJavaType type, int rank) {
    if (!(info instanceof TensorInfo ti) || ti.type != type || ti.getShape().length != rank) {
      throw new IllegalArgumentException("model " + modelPath + ": expected " + kind + " '" + name
          + "' to be a " + type + " tensor of rank " + rank + ", found " + info);
    }
    return ti;
  }


  /**
   * Runs the graph once on the tokenizer's largest id, so that a tokenizer whose ids exceed the
   * model's embedding table fails here, naming both files.
   */
  static void probeVocabulary(OrtEnvironment env, OrtSession s, Set<String> requestedOutputs, Path modelPath, Path tokenizerPath, int maxId, boolean tokenTypes) {
    if (maxId < 0) {
      return;
    }
    long[] shape = {1, 1};
    Map<String, OnnxTensor> in = new HashMap<>();
    try {
      in.put("input_ids", OnnxTensor.createTensor(env, LongBuffer.wrap(new long[] {maxId}), shape));
      in.put("attention_mask", OnnxTensor.createTensor(env, LongBuffer.wrap(new long[] {1}), shape));
      if (tokenTypes) {
        in.put("token_type_ids", OnnxTensor.createTensor(env, LongBuffer.wrap(new long[] {0}), shape));
      }
      try (OrtSession.Result r = s.run(in, requestedOutputs)) {
        // the id is inside the embedding table
      }
    } catch (OrtException e) {
      throw new IllegalArgumentException("tokenizer " + tokenizerPath + " emits ids up to " + maxId
          + ", but model " + modelPath + " fails on id " + maxId + " (its embedding table is smaller):"
          + " the tokenizer.json belongs to another model; ONNX Runtime said: " + e.getMessage(), e);
    } finally {
      for (OnnxTensor t : in.values()) {
        t.close();
      }
    }
  }

  /** The transformer inputs a graph may declare; {@code token_type_ids} is optional. */
  private static final Set<String> INPUTS = Set.of("input_ids", "attention_mask", "token_type_ids");

  /**
   * Opens {@code modelPath} with sequential execution, full graph optimisation and the given
   * intra-op threads and session configuration entries.
   *
   * @param expected what the graph should be, for the error message (e.g. "a cross-encoder export
   *     with output logits")
   */
  static OrtSession openSession(OrtEnvironment env, Path modelPath, int threads, Map<String, String> config,
      String expected) {
    try (OrtSession.SessionOptions opts = new OrtSession.SessionOptions()) {
      opts.setIntraOpNumThreads(threads);
      for (Map.Entry<String, String> c : config.entrySet()) {
        opts.addConfigEntry(c.getKey(), c.getValue());
      }
      opts.setInterOpNumThreads(1);
      opts.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
      opts.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      return env.createSession(modelPath.toString(), opts);
    } catch (OrtException e) {
      throw new UncheckedIOException(new IOException("cannot load ONNX model " + modelPath
          + ": expected a valid ONNX graph (" + expected + "); ONNX Runtime said: " + e.getMessage(), e));
    }
  }

  /** A graph's declared outputs, and whether it takes {@code token_type_ids}. */
  record Io(Map<String, NodeInfo> outputs, boolean tokenTypeIds) {}

  /**
   * Checks the graph's inputs: {@code input_ids} and {@code attention_mask} (INT64, rank 2) must be
   * declared, {@code token_type_ids} may be, nothing else may be.
   */
  static Io checkInputs(OrtSession s, Path modelPath) {
    Map<String, NodeInfo> in;
    Map<String, NodeInfo> outs;
    try {
      in = s.getInputInfo();
      outs = s.getOutputInfo();
    } catch (OrtException e) {
      throw new IllegalArgumentException("model " + modelPath + ": cannot read graph inputs/outputs", e);
    }
    for (String required : List.of("input_ids", "attention_mask")) {
      if (!in.containsKey(required)) {
        throw new IllegalArgumentException("model " + modelPath + ": expected input '" + required
            + "' (INT64 [batch, seq]); found inputs " + in.keySet());
      }
    }
    for (Map.Entry<String, NodeInfo> e : in.entrySet()) {
      if (!INPUTS.contains(e.getKey())) {
        throw new IllegalArgumentException("model " + modelPath + ": unexpected input '" + e.getKey()
            + "'; expected only input_ids, attention_mask and optionally token_type_ids");
      }
      checkTensor(modelPath, "input", e.getKey(), e.getValue().getInfo(), OnnxJavaType.INT64, 2);
    }
    return new Io(outs, in.containsKey("token_type_ids"));
  }

  /** Reads what DJL does not expose from {@code tokenizer.json} (pad id, model type, largest id). */
  static TokenizerJsonInfo tokenizerInfo(Path tokenizerPath) {
    try {
      return TokenizerJsonInfo.read(tokenizerPath);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read tokenizer " + tokenizerPath
          + ": expected a HuggingFace tokenizer.json", e);
    }
  }

  /**
   * A DJL tokenizer with explicit options (special tokens added, no padding, the given
   * truncation strategy and lengths), after {@link DjlDefaults#apply()}: no usage tracking, the
   * bundled CPU build, no CUDA-probe warning or INFO lines.
   */
  static HuggingFaceTokenizer openTokenizer(Path tokenizerPath, String truncation, int maxLength,
      int maxPositions) {
    DjlDefaults.apply();
    Map<String, String> opts = new HashMap<>();
    opts.put("addSpecialTokens", "true");
    opts.put("truncation", truncation);
    opts.put("padding", "false");
    opts.put("maxLength", Integer.toString(maxLength));
    opts.put("modelMaxLength", Integer.toString(maxPositions));
    opts.put("stride", "0");
    opts.put("padToMultipleOf", "0");
    try {
      return HuggingFaceTokenizer.newInstance(tokenizerPath, opts);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read tokenizer " + tokenizerPath
          + ": expected a HuggingFace tokenizer.json", e);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("cannot load tokenizer " + tokenizerPath
          + ": expected a HuggingFace tokenizer.json; " + e.getMessage(), e);
    }
  }

  /** Closes what was opened before a failed load, adding close failures to {@code primary}. */
  static void closeAfterFailure(RuntimeException primary, AutoCloseable... opened) {
    for (AutoCloseable c : opened) {
      if (c != null) {
        try {
          c.close();
        } catch (Exception suppressed) {
          primary.addSuppressed(suppressed);
        }
      }
    }
  }

  /** Closes the tokenizers, then the session; a session failure names {@code id}. */
  static void release(String id, OrtSession session, HuggingFaceTokenizer... tokenizers) {
    try {
      for (HuggingFaceTokenizer t : tokenizers) {
        t.close();
      }
    } finally {
      try {
        session.close();
      } catch (OrtException e) {
        throw new IllegalStateException(id + ": failed to close the ONNX session", e);
      }
    }
  }
}
