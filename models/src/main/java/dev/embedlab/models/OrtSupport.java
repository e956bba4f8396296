package dev.embedlab.models;

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
 * finding the graph in an export folder, checking a declared tensor, probing the tokenizer's
 * largest id against the embedding table, and the direct buffers the inputs are written to.
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
}
