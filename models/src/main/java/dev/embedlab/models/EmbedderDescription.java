package dev.embedlab.models;

import dev.embedlab.core.retrieval.Provenance;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds an {@link OnnxEmbedder}'s {@link Provenance} from its typed fields (numbers stay numbers)
 * and derives the fingerprint from it. Package-private.
 */
final class EmbedderDescription {
  /** Provenance parameters that change vectors, in fingerprint order (absent ones are skipped). */
  static final List<String> FINGERPRINT_KEYS = List.of("model", "tokenizer", "pooling", "normalize",
      "maxLength", "queryPrefix", "documentPrefix", "dim", "batching", "output");

  private EmbedderDescription() {}

  /** Kind {@code onnx-embedder}; see {@link OnnxEmbedder#provenance()}. */
  static Provenance describe(OnnxEmbedder e, String tokenizerSha) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("id", e.id());
    p.put("model", "sha256:" + e.modelSha256());
    p.put("tokenizer", "sha256:" + tokenizerSha);
    p.put("pooling", e.pooledByGraph() ? "graph" : e.pooling().name());
    p.put("normalize", e.normalize());
    p.put("maxLength", e.maxLength());
    p.put("maxLengthSource", e.maxLengthSource());
    p.put("queryPrefix", ModelFiles.sha256Hex(e.queryPrefix()).substring(0, 16));
    p.put("documentPrefix", ModelFiles.sha256Hex(e.documentPrefix()).substring(0, 16));
    p.put("dim", e.dimension());
    p.put("dynamicInt8", e.dynamicallyQuantized());
    // Only graphs whose vectors depend on batching carry the mode, and only pooled graphs their
    // output, so fp32 fingerprints (and the caches keyed by them) are those of earlier versions.
    if (e.dynamicallyQuantized()) {
      p.put("batching", e.batchIndependent() ? "per-text" : "batch-dependent");
    }
    if (e.pooledByGraph()) {
      p.put("output", OnnxEmbedder.SENTENCE_EMBEDDING_OUTPUT);
    }
    return Provenance.of("onnx-embedder", p);
  }

  /** {@code onnx-st/v1;model=…;…}: the vector-changing parameters of {@code p}, in a fixed order. */
  static String fingerprint(Provenance p) {
    StringBuilder sb = new StringBuilder("onnx-st/v1");
    for (String key : FINGERPRINT_KEYS) {
      Object v = p.params().get(key);
      if (v != null) {
        sb.append(';').append(key).append('=').append(v);
      }
    }
    return sb.toString();
  }
}
