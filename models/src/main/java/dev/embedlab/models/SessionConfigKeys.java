package dev.embedlab.models;

import dev.embedlab.core.cli.Suggestions;
import java.util.List;
import java.util.Set;

/**
 * ONNX Runtime session configuration keys, checked so that a typo does not silently do nothing
 * (ONNX Runtime accepts any key and ignores the ones it does not know). Package-private.
 */
final class SessionConfigKeys {
  private SessionConfigKeys() {}

  /**
   * Whether ONNX Runtime's intra-op worker threads spin while waiting for work. {@link OnnxEmbedder}
   * sets it to {@code "0"} by default: on the 2-core shared Zen 5 machine of docs/notes/fp32.md,
   * spinning workers gave 1.5-2.6x fewer texts/s and took 1.4-1.5x the CPU time of
   * blocking ones (four interleaved runs, load 6-10, bit-identical vectors); on the idle machine
   * the two were within 3% of each other, either way (nine interleaved rounds).
   */
  static final String INTRA_OP_SPINNING = "session.intra_op.allow_spinning";

  /**
   * ONNX Runtime optimizers to skip, comma-separated. {@link OnnxEmbedder} sets it to
   * {@code "ConstantFolding"} for static-int8 graphs ({@link StaticInt8}) unless the caller set it.
   */
  static final String DISABLE_OPTIMIZERS = "optimization.disable_specified_optimizers";

  /**
   * Session configuration keys that ONNX Runtime reads, as listed in its
   * {@code include/onnxruntime/core/session/onnxruntime_session_options_config_keys.h}
   * (1.20 line); execution-provider keys ({@code ep.*}) are accepted by prefix.
   */
  static final Set<String> KNOWN = Set.of(
      "session.disable_prepacking", "session.use_env_allocators", "session.load_model_format",
      "session.save_model_format", "session.set_denormal_as_zero", "session.disable_quant_qdq",
      "session.disable_double_qdq_remover", "session.enable_quant_qdq_cleanup",
      "optimization.enable_gelu_approximation", "session.disable_aot_function_inlining",
      "optimization.memory_optimizer_config", "optimization.enable_memory_probe_recompute_config",
      "optimization.disable_specified_optimizers", "session.use_device_allocator_for_initializers",
      "session.inter_op.allow_spinning", "session.intra_op.allow_spinning",
      "session.use_ort_model_bytes_directly", "session.use_ort_model_bytes_for_initializers",
      "session.qdqisint8allowed", "session.x64quantprecision", "optimization.minimal_build_optimizations",
      "session.dynamic_block_base", "session.force_spinning_stop", "session.strict_shape_type_inference",
      "session.allow_released_opsets_only", "session.node_partition_config_file",
      "session.intra_op_thread_affinities", "session.debug_layout_transformation",
      "session.disable_cpu_ep_fallback", "session.optimized_model_external_initializers_file_name",
      "session.optimized_model_external_initializers_min_size_in_bytes",
      "session.model_external_initializers_file_folder_path",
      "session.save_external_prepacked_constant_initializers", "session.collect_node_memory_stats_to_file",
      "session.resource_cuda_partitioning_settings", "mlas.enable_gemm_fastmath_arm64_bfloat16",
      "session.qdq_matmulnbits_accuracy_level");

  /** Refuses a blank key or a null value. */
  static void checkEntry(String key, String value) {
    if (key == null || key.isBlank() || value == null) {
      throw new IllegalArgumentException("sessionConfig needs a non-blank key and a value; key=" + key
          + ", value=" + value);
    }
  }

  /** Refuses a key that is neither in {@link #KNOWN} nor {@code ep.*}, naming the closest known keys. */
  static void checkKnown(String key) {
    if (KNOWN.contains(key) || key.startsWith("ep.")) {
      return;
    }
    List<String> close = Suggestions.nearest(key, KNOWN, Math.max(3, key.length() / 5));
    throw new IllegalArgumentException("sessionConfig: unknown ONNX Runtime session config key '" + key
        + "' (ONNX Runtime would ignore it silently)"
        + (close.isEmpty() ? "" : "; did you mean " + String.join(" or ", close) + "?")
        + "; for a key newer than ONNX Runtime 1.20's list use sessionConfigUnchecked");
  }
}
