package dev.embedlab.core.retrieval;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What an object is and what it was built from, produced by the object itself (after Tribuo's
 * {@code ModelProvenance}): a kind, its parameters, and the provenance of its inputs — the
 * embedder a vector index was built with, the retrievers a fusion combines, the model a cache or
 * a rule chain wraps. A wrapper adds itself on top of what it wraps, so provenance survives any
 * stack of wrappers and never needs {@code instanceof} on the outermost object.
 *
 * @param kind what the object is, e.g. {@code "hnsw"}, {@code "onnx-embedder"}, {@code "rrf"}
 * @param params its parameters, sorted by name (values rendered as strings)
 * @param inputs the provenance of what it was built from, in a meaningful order
 */
public record Provenance(String kind, Map<String, String> params, List<Provenance> inputs) {

  public Provenance {
    if (kind == null || kind.isBlank()) {
      throw new IllegalArgumentException("kind must not be blank; kind=" + kind);
    }
    params = Collections.unmodifiableMap(new TreeMap<>(params == null ? Map.of() : params));
    inputs = List.copyOf(inputs == null ? List.of() : inputs);
  }

  /** A provenance with no inputs. */
  public static Provenance of(String kind, Map<String, ?> params) {
    return new Provenance(kind, render(params), List.of());
  }

  /** A provenance built from {@code inputs}. */
  public static Provenance of(String kind, Map<String, ?> params, Provenance... inputs) {
    return new Provenance(kind, render(params), List.of(inputs));
  }

  private static Map<String, String> render(Map<String, ?> params) {
    Map<String, String> m = new TreeMap<>();
    if (params != null) {
      params.forEach((k, v) -> m.put(k, String.valueOf(v)));
    }
    return m;
  }

  /** This provenance with one more parameter. */
  public Provenance with(String name, Object value) {
    Map<String, String> m = new TreeMap<>(params);
    m.put(name, String.valueOf(value));
    return new Provenance(kind, m, inputs);
  }

  /**
   * A canonical one-line form, {@code kind{a=1,b=2}(input1, input2)}: equal provenances give equal
   * strings, so it can key caches and name report rows.
   */
  public String canonical() {
    StringBuilder sb = new StringBuilder(kind);
    if (!params.isEmpty()) {
      sb.append('{');
      boolean first = true;
      for (Map.Entry<String, String> e : params.entrySet()) {
        sb.append(first ? "" : ",").append(e.getKey()).append('=').append(escape(e.getValue()));
        first = false;
      }
      sb.append('}');
    }
    if (!inputs.isEmpty()) {
      sb.append('(');
      for (int i = 0; i < inputs.size(); i++) {
        sb.append(i > 0 ? ", " : "").append(inputs.get(i).canonical());
      }
      sb.append(')');
    }
    return sb.toString();
  }

  private static String escape(String v) {
    return v.replace("\\", "\\\\").replace(",", "\\,").replace("}", "\\}").replace("(", "\\(").replace(")", "\\)");
  }

  /** SHA-256 of {@link #canonical()}, 64 hex digits. */
  public String sha256() {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(canonical().getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }

  /** Every provenance in this tree, depth first, this one first. */
  public List<Provenance> flatten() {
    List<Provenance> out = new ArrayList<>();
    flatten(out);
    return out;
  }

  private void flatten(List<Provenance> out) {
    out.add(this);
    for (Provenance p : inputs) {
      p.flatten(out);
    }
  }

  @Override
  public String toString() {
    return canonical();
  }
}
