package dev.embedlab.bakeoff;

import dev.embedlab.core.Embedder;
import dev.embedlab.core.retrieval.Provenance;
import dev.embedlab.core.retrieval.ProvenanceSource;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a report says about an embedder, read from its own {@link Provenance} through any stack of
 * wrappers (cache, rule chain, usage counter), never by unwrapping it: the model file's SHA-256, the
 * pooling, the maximum length and whether vectors are normalised, as the model reports them.
 */
public final class EmbedderFacts {
  private static final String SHA_PREFIX = "sha256:";

  private EmbedderFacts() {}

  /** Hex SHA-256 of the model file (a {@code model=sha256:…} parameter anywhere in the tree), or "". */
  public static String modelSha256(Embedder e) {
    Object model = ProvenanceSource.provenanceOf(e).find("model");
    return model instanceof String s && s.startsWith(SHA_PREFIX) ? s.substring(SHA_PREFIX.length()) : "";
  }

  /**
   * The maximum token length the embedder's own provenance reports (the first {@code maxLength}
   * parameter through any stack of wrappers), or 0 when it reports none.
   */
  public static int maxLength(Embedder e) {
    return ProvenanceSource.provenanceOf(e).find("maxLength") instanceof Number n ? n.intValue() : 0;
  }

  /**
   * The report properties of {@code e}: {@code sha256}; for a Hub model {@code repo}, {@code commit},
   * {@code onnxFile} and {@code fromCacheOnly}; {@code pooling}, {@code maxLength},
   * {@code maxLengthSource} (where the length came from) and {@code normalize}, each only when the
   * embedder's provenance has it (as text, for the report's
   * property table).
   */
  public static Map<String, String> properties(Embedder e) {
    Provenance p = ProvenanceSource.provenanceOf(e);
    Map<String, String> out = new LinkedHashMap<>();
    String sha = modelSha256(e);
    if (!sha.isEmpty()) {
      out.put("sha256", sha);
    }
    // a Hub model's repo, resolved commit, ONNX file and whether it came from the cache alone
    for (String name : new String[] {"repo", "commit", "onnxFile", "fromCacheOnly", "pooling", "maxLength",
        "maxLengthSource", "normalize"}) {
      Object v = p.find(name);
      if (v != null) {
        out.put(name, String.valueOf(v));
      }
    }
    return out;
  }
}
