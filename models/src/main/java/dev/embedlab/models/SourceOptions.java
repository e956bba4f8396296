package dev.embedlab.models;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The options a local model name may carry after a {@code ?}, as a URL query:
 * {@code NAME?maxLength=256&pooling=cls&queryPrefix=query%3A%20&id=mine} (values percent-decoded). Shared by
 * {@link CatalogSource} and {@link OnnxFolderSource}, so a command line can ask for another
 * maximum length or pooling without knowing which source opens the name.
 *
 * @param name the name before the {@code ?}
 * @param options option name → decoded value, in the order given
 */
record SourceOptions(String name, Map<String, String> options) {
  /** Every option a local model name accepts. */
  static final Set<String> KNOWN = Set.of("id", "maxLength", "pooling", "queryPrefix", "documentPrefix");

  /**
   * Splits {@code spec} into its name and options.
   *
   * @throws IllegalArgumentException for an option not of the form {@code key=value}, an unknown key,
   *     a key given twice, a {@code maxLength} that is not a whole number {@code >= 1}, or an unknown pooling
   */
  static SourceOptions parse(String spec) {
    int q = spec.indexOf('?');
    if (q < 0) {
      return new SourceOptions(spec, Map.of());
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (String kv : spec.substring(q + 1).split("&")) {
      int eq = kv.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("model " + spec + ": expected options key=value after '?'; found '" + kv + "'");
      }
      String key = kv.substring(0, eq);
      if (!KNOWN.contains(key)) {
        throw new IllegalArgumentException("model " + spec + ": unknown option " + key + "; expected one of "
            + new TreeSet<>(KNOWN));
      }
      String value = URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8);
      if (out.put(key, value) != null) {
        throw new IllegalArgumentException("model " + spec + ": option " + key + " is given twice");
      }
    }
    SourceOptions o = new SourceOptions(spec.substring(0, q), out);
    o.maxLength(spec);
    o.pooling(spec);
    return o;
  }

  /** The {@code maxLength} option, or 0 when absent. */
  int maxLength(String spec) {
    String v = options.get("maxLength");
    if (v == null) {
      return 0;
    }
    try {
      int n = Integer.parseInt(v.strip());
      if (n >= 1) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException("model " + spec + ": maxLength must be a whole number >= 1; maxLength=" + v);
  }

  /** The {@code pooling} option, or null when absent. */
  Pooling pooling(String spec) {
    String v = options.get("pooling");
    if (v == null) {
      return null;
    }
    try {
      return Pooling.valueOf(v.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("model " + spec + ": pooling must be one of "
          + java.util.Arrays.toString(Pooling.values()).toLowerCase(Locale.ROOT) + "; pooling=" + v, e);
    }
  }

  /** Applies the options and the thread count to {@code b}. */
  OnnxEmbedder.Builder apply(OnnxEmbedder.Builder b, String spec, int threads) {
    int len = maxLength(spec);
    if (len > 0) {
      b.maxLength(len);
    }
    Pooling p = pooling(spec);
    if (p != null) {
      b.pooling(p);
    }
    if (options.containsKey("queryPrefix")) {
      b.queryPrefix(options.get("queryPrefix"));
    }
    if (options.containsKey("documentPrefix")) {
      b.documentPrefix(options.get("documentPrefix"));
    }
    if (options.containsKey("id")) {
      b.id(options.get("id"));
    }
    return b.intraOpThreads(threads);
  }
}
