package dev.embedlab.core.retrieval;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What an object is and what it was built from, produced by the object itself (after Tribuo's
 * {@code ModelProvenance}): a kind, its parameters, and the provenance of its inputs — the
 * embedder a vector index was built with, the retrievers a fusion combines, the model a cache or
 * a rule chain wraps. A wrapper adds itself on top of what it wraps, so provenance survives any
 * stack of wrappers and never needs {@code instanceof} on the outermost object.
 *
 * <p>Parameter values are typed, so numbers stay numbers: every value is stored as a
 * {@link String}, {@link Long} (any integral number), {@link Double} (any other number; a
 * {@code float} keeps its shortest decimal form, {@code 0.1f} is {@code 0.1}), {@link Boolean}, or an
 * unmodifiable {@link List} of those; an enum or any other object becomes its {@code toString()}.
 * The {@link #canonical()} form and the {@link #sha256()} derived from it render each value as
 * {@code String.valueOf} of what was given did, so keys made before values were typed are unchanged.
 *
 * @param kind what the object is, e.g. {@code "hnsw"}, {@code "onnx-embedder"}, {@code "rrf"}
 * @param params its parameters, sorted by name, typed as above
 * @param inputs the provenance of what it was built from, in a meaningful order
 */
public record Provenance(String kind, Map<String, ?> params, List<Provenance> inputs) {

  /** Validates and normalises the values. */
  public Provenance {
    if (kind == null || kind.isBlank()) {
      throw new IllegalArgumentException("kind must not be blank; kind=" + kind);
    }
    Map<String, Object> typed = new TreeMap<>();
    if (params != null) {
      for (Map.Entry<String, ?> e : params.entrySet()) {
        if (e.getKey() == null) {
          throw new IllegalArgumentException("parameter names of " + kind + " must not be null");
        }
        typed.put(e.getKey(), typed(e.getValue()));
      }
    }
    params = Collections.unmodifiableMap(typed);
    inputs = List.copyOf(inputs == null ? List.of() : inputs);
  }

  /** A provenance with no inputs. */
  public static Provenance of(String kind, Map<String, ?> params) {
    return new Provenance(kind, params, List.of());
  }

  /** A provenance built from {@code inputs}. */
  public static Provenance of(String kind, Map<String, ?> params, Provenance... inputs) {
    return new Provenance(kind, params, List.of(inputs));
  }

  /** A value as stored: String, Long, Double, Boolean or a List of them. */
  private static Object typed(Object v) {
    if (v == null) {
      return "null";
    }
    if (v instanceof String || v instanceof Boolean || v instanceof Long || v instanceof Double) {
      return v;
    }
    if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
      return ((Number) v).longValue();
    }
    if (v instanceof Float f) {
      return Double.parseDouble(Float.toString(f));
    }
    if (v instanceof Number n) {
      return n instanceof java.math.BigInteger b && b.bitLength() < 64 ? (Object) b.longValue() : v.toString();
    }
    if (v instanceof List<?> l) {
      List<Object> out = new ArrayList<>(l.size());
      l.forEach(x -> out.add(typed(x)));
      return Collections.unmodifiableList(out);
    }
    return v.toString();
  }

  /** The value of parameter {@code name} (String, Long, Double, Boolean or List), or null. */
  public Object value(String name) {
    return params.get(name);
  }

  /** Parameter {@code name} as a whole number, when it is one. */
  public Optional<Long> longValue(String name) {
    return params.get(name) instanceof Long l ? Optional.of(l) : Optional.empty();
  }

  /** Parameter {@code name} as text: a string as is, any other value as {@link #canonical()} renders it. */
  public Optional<String> text(String name) {
    Object v = params.get(name);
    return v == null ? Optional.empty() : Optional.of(render(v));
  }

  /** The first value of parameter {@code name} in this tree (depth first, this one first), or null. */
  public Object find(String name) {
    for (Provenance p : flatten()) {
      Object v = p.value(name);
      if (v != null) {
        return v;
      }
    }
    return null;
  }

  /** This provenance with one more parameter. */
  public Provenance with(String name, Object value) {
    Map<String, Object> m = new TreeMap<>(params);
    m.put(name, value);
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
      for (Map.Entry<String, ?> e : params.entrySet()) {
        sb.append(first ? "" : ",").append(e.getKey()).append('=').append(escape(render(e.getValue())));
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

  /** A stored value as text; lists as {@code [a, b]}, as {@code String.valueOf} of a list renders. */
  private static String render(Object v) {
    if (v instanceof List<?> l) {
      StringBuilder sb = new StringBuilder("[");
      for (int i = 0; i < l.size(); i++) {
        sb.append(i > 0 ? ", " : "").append(render(l.get(i)));
      }
      return sb.append(']').toString();
    }
    return String.valueOf(v);
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
