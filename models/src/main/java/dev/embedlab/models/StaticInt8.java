package dev.embedlab.models;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.embedlab.core.Checks;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Static int8: a dynamically quantised ONNX graph (int8 weights, activations quantised per call by
 * {@code DynamicQuantizeLinear}, as ONNX Runtime's {@code quantize_dynamic} writes them) turned into
 * one whose activation scales are fixed, calibrated once on texts the caller chooses.
 *
 * <p><b>Why.</b> A dynamic node takes one scale per tensor, that is per batch, so a text's vector
 * depends on the texts batched with it; {@link OnnxEmbedder} therefore runs such graphs one text per
 * call, which costs throughput ({@link OnnxEmbedder.Builder#batchDependentInt8}). With fixed scales
 * every row is quantised alike whatever its batch mates, so the static graph batches like an fp32
 * one and a text still gets the same vector bit for bit.
 *
 * <p><b>Method (MinMax calibration, as ONNX Runtime's {@code quantize_static} defaults to).</b> The
 * graph is run on each calibration text alone with every dynamic node's input added as an output;
 * over all texts, {@code rmin = min(0, min x)} and {@code rmax = max(0, max x)}. Each
 * {@code DynamicQuantizeLinear} becomes a {@code QuantizeLinear} with the scale
 * {@code (rmax − rmin) / 255} and zero point {@code round_half_even(−rmin / scale)} that the dynamic
 * node would have computed for that range (its own formula), stored as initializers under the
 * names the dynamic node gave its outputs, so the {@code MatMulInteger} and scale {@code Mul} nodes
 * are untouched. Activations outside the calibrated range saturate: calibrate on text like what
 * will be embedded, and measure (the README gives all-MiniLM-L6-v2's figures).
 *
 * <p>The graph is edited on the protobuf wire ({@link OnnxGraph}); every other byte is kept.
 * {@link OnnxEmbedder} loads such a graph with ONNX Runtime's constant folding off (unless
 * {@code optimization.disable_specified_optimizers} is set): folding would multiply each fixed
 * activation scale into its weight scale ahead of time and so hide {@code MatMulInteger → Cast → Mul}
 * from the {@code MatMulIntegerToFloat} fusion that the dynamic graph gets.
 */
public final class StaticInt8 {

  /**
   * What {@link #quantize} wrote: the static graph and the tokenizer beside it in the output folder,
   * how many texts calibrated it, and per quantised activation (the dynamic node's input name) its
   * {@code {rmin, rmax, scale, zeroPoint}}.
   */
  public record Result(Path model, Path tokenizer, int texts, Map<String, float[]> ranges) {}

  private StaticInt8() {}

  /**
   * Calibrates a catalog model's dynamic-int8 graph (e.g. {@link KnownModel#ALL_MINILM_L6_V2_Q}) on
   * {@code texts}, truncated at the model's default maximum length, and writes {@code model.onnx},
   * {@code tokenizer.json}, {@code sentence_bert_config.json} (the maximum length) and
   * {@code 1_Pooling/config.json} to {@code outDir}, so the folder also loads as {@code onnx:DIR}.
   * Build it with {@link #builder(KnownModel, Result)}, which also sets the catalog's prefixes.
   */
  public static Result quantize(KnownModel model, List<String> texts, Path outDir) {
    Checks.notNull("model", model);
    ClasspathModel.Located files = ClasspathModel.locate(model);
    Result r;
    try {
      r = quantize(files.model(), files.tokenizer(), model.defaultMaxLength(), texts, outDir);
    } finally {
      ClasspathModel.deleteTree(files.tmp());
    }
    // The folder also loads as onnx:DIR (the catalog's length and pooling; prefixes only through builder)
    String mode = switch (model.pooling()) {
      case CLS -> "pooling_mode_cls_token";
      case MEAN -> "pooling_mode_mean_tokens";
      case MAX -> "pooling_mode_max_tokens";
    };
    try {
      Files.writeString(outDir.resolve("sentence_bert_config.json"),
          "{\"max_seq_length\": " + model.defaultMaxLength() + "}\n");
      Files.createDirectories(outDir.resolve("1_Pooling"));
      Files.writeString(outDir.resolve("1_Pooling").resolve("config.json"), "{\"word_embedding_dimension\": "
          + model.dimension() + ", \"" + mode + "\": true}\n");
    } catch (IOException e) {
      throw new UncheckedIOException("writing the sentence-transformers configuration into " + outDir + " failed", e);
    }
    return r;
  }

  /**
   * Calibrates the dynamic-int8 graph {@code dynamicModel} on {@code texts} (tokenised with
   * {@code tokenizerJson}, truncated at {@code maxLength} tokens) and writes {@code model.onnx} and
   * {@code tokenizer.json} to {@code outDir} (created if needed).
   *
   * @throws IllegalArgumentException when the graph has no {@code DynamicQuantizeLinear} node, or
   *     {@code texts} is empty or holds a null
   */
  public static Result quantize(Path dynamicModel, Path tokenizerJson, int maxLength, List<String> texts,
      Path outDir) {
    Checks.notNull("dynamicModel", dynamicModel);
    Checks.notNull("tokenizerJson", tokenizerJson);
    Checks.notNull("outDir", outDir);
    boolean hasNull = texts != null && texts.stream().anyMatch(java.util.Objects::isNull);
    if (texts == null || texts.isEmpty() || hasNull) {
      throw new IllegalArgumentException("expected at least one calibration text and no null; found "
          + (texts == null ? "null" : texts.size() + " texts" + (hasNull ? " with a null" : "")));
    }
    try {
      Path target = outDir.resolve("model.onnx");
      if (Files.exists(target) && Files.isSameFile(target, dynamicModel)) {
        throw new IllegalArgumentException("outDir " + outDir + " holds the dynamic model " + dynamicModel
            + " as model.onnx; expected another folder (the static graph would replace it)");
      }
      OnnxGraph graph = OnnxGraph.parse(Files.readAllBytes(dynamicModel));
      List<OnnxGraph.DynamicQuant> nodes = graph.dynamicQuants();
      if (nodes.isEmpty()) {
        throw new IllegalArgumentException("model " + dynamicModel + ": expected a dynamically quantised graph"
            + " (DynamicQuantizeLinear nodes, as quantize_dynamic writes); found none");
      }
      List<String> inputs = nodes.stream().map(OnnxGraph.DynamicQuant::input).distinct().toList();
      Map<String, float[]> minMax = observe(graph.withFloatOutputs(inputs), dynamicModel, tokenizerJson, maxLength,
          inputs, texts);
      Map<String, float[]> ranges = new LinkedHashMap<>();
      Map<String, float[]> params = new LinkedHashMap<>();
      for (String x : inputs) {
        float rmin = Math.min(0f, minMax.get(x)[0]);
        float rmax = Math.max(0f, minMax.get(x)[1]);
        // DynamicQuantizeLinear's own formula for a range [rmin, rmax] (uint8, zero point round half to even)
        float scale = (rmax - rmin) / 255f;
        float zp = scale == 0f ? 0f : (float) Math.max(0, Math.min(255, Math.rint(0 - rmin / scale)));
        if (scale == 0f) {
          scale = 1f; // an activation that was 0 on every text: any scale maps it to the zero point
        }
        params.put(x, new float[] {scale, zp});
        ranges.put(x, new float[] {rmin, rmax, scale, zp});
      }
      Files.createDirectories(outDir);
      Path model = outDir.resolve("model.onnx");
      Files.write(model, graph.withStaticQuantization(params));
      Path tok = outDir.resolve("tokenizer.json");
      if (!Files.exists(tok) || !Files.isSameFile(tok, tokenizerJson)) {
        Files.copy(tokenizerJson, tok, StandardCopyOption.REPLACE_EXISTING);
      }
      return new Result(model, tok, texts.size(), ranges);
    } catch (IOException e) {
      throw new UncheckedIOException("static int8 quantisation of " + dynamicModel + " into " + outDir + " failed", e);
    }
  }

  /**
   * A builder for a {@link #quantize(KnownModel, List, Path) quantized} catalog model with the
   * catalog's pooling, maximum length, prefixes and dimension; its id is the model's with
   * {@code -static}.
   */
  public static OnnxEmbedder.Builder builder(KnownModel model, Result r) {
    Checks.notNull("model", model);
    Checks.notNull("r", r);
    return OnnxEmbedder.builder(r.model(), r.tokenizer()).id(model.id() + "-static").pooling(model.pooling())
        .maxPositions(model.maxPositions()).maxLength(model.defaultMaxLength()).expectedDimension(model.dimension())
        .queryPrefix(model.queryPrefix()).documentPrefix(model.documentPrefix());
  }

  /**
   * For a static-int8 graph ({@code MatMulInteger} and {@code QuantizeLinear}, no
   * {@code DynamicQuantizeLinear}), adds {@code ConstantFolding} to the optimizers ONNX Runtime skips:
   * folding would pre-multiply each fixed activation scale with its weight scale and so hide
   * {@code MatMulInteger → Cast → Mul} from the {@code MatMulIntegerToFloat} fusion (36 unfused matrix
   * products in all-MiniLM-L6-v2, 1.2x the time). The needles are the op_type fields (tag 0x22, then
   * the length), so {@code DequantizeLinear} or {@code MatMulIntegerToFloat} do not match.
   */
  static void sessionDefaults(Path modelPath, boolean dynamicQuantized, Map<String, String> sessionConfig) {
    if (!dynamicQuantized && ModelFiles.fileContains(modelPath, "\"\015MatMulInteger")
        && ModelFiles.fileContains(modelPath, "\"\016QuantizeLinear")) {
      sessionConfig.merge(SessionConfigKeys.DISABLE_OPTIMIZERS, "ConstantFolding",
          (set, add) -> set.contains(add) ? set : set.isBlank() ? add : set + "," + add);
    }
  }

  /** Each activation's {@code {min, max}} over all texts, each run alone. */
  private static Map<String, float[]> observe(byte[] calibrationGraph, Path modelPath, Path tokenizerJson,
      int maxLength, List<String> outputs, List<String> texts) {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    Map<String, float[]> minMax = new HashMap<>();
    for (String o : outputs) {
      minMax.put(o, new float[] {Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY});
    }
    try (OrtSession.SessionOptions opts = new OrtSession.SessionOptions();
        HuggingFaceTokenizer tok = OrtSupport.openTokenizer(tokenizerJson, "LONGEST_FIRST", maxLength, maxLength)) {
      opts.setIntraOpNumThreads(1);
      opts.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.NO_OPT); // the outputs must survive fusion
      try (OrtSession s = env.createSession(calibrationGraph, opts)) {
        Set<String> names = s.getInputNames();
        for (String text : texts) {
          Encoding e = tok.encode(text);
          long[] shape = {1, e.getIds().length};
          Map<String, OnnxTensor> in = new HashMap<>();
          try {
            in.put("input_ids", OnnxTensor.createTensor(env, java.nio.LongBuffer.wrap(e.getIds()), shape));
            in.put("attention_mask", OnnxTensor.createTensor(env, java.nio.LongBuffer.wrap(e.getAttentionMask()), shape));
            if (names.contains("token_type_ids")) {
              in.put("token_type_ids", OnnxTensor.createTensor(env, java.nio.LongBuffer.wrap(e.getTypeIds()), shape));
            }
            try (OrtSession.Result r = s.run(in, Set.copyOf(outputs))) {
              for (String o : outputs) {
                FloatBuffer fb = ((OnnxTensor) r.get(o).orElseThrow()).getFloatBuffer();
                float[] mm = minMax.get(o);
                while (fb.hasRemaining()) {
                  float v = fb.get();
                  mm[0] = Math.min(mm[0], v);
                  mm[1] = Math.max(mm[1], v);
                }
              }
            }
          } finally {
            in.values().forEach(OnnxTensor::close);
          }
        }
      }
    } catch (OrtException e) {
      throw new UncheckedIOException(new IOException("calibrating " + modelPath + " failed: ONNX Runtime said: "
          + e.getMessage(), e));
    }
    List<String> bad = new ArrayList<>();
    minMax.forEach((k, v) -> {
      if (!Float.isFinite(v[0]) || !Float.isFinite(v[1])) {
        bad.add(k);
      }
    });
    if (!bad.isEmpty()) {
      throw new IllegalStateException("calibration saw non-finite activations in " + bad);
    }
    return minMax;
  }
}
