package dev.embedlab.models.remote;

import dev.embedlab.core.Embedder;
import dev.embedlab.core.source.EmbedderSource;
import dev.embedlab.core.source.SourceContext;
import java.io.IOException;
import java.net.URI;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the five paid-API sources share: the candidate syntax {@code SCHEME:MODEL[?opt=value&...]},
 * the key from the environment (never from the name), the base URL override, the price table, and
 * the model's known dimension.
 *
 * <p>Options every provider takes: {@code dimensions=N} (ask the API for N-dimensional vectors:
 * OpenAI {@code dimensions}, Gemini {@code outputDimensionality}, Cohere and Voyage
 * {@code output_dimension}), {@code dim=N} (declare the length of a model not in the built-in list
 * without asking the API to change it), {@code batch=N} (texts per request, up to the provider's
 * limit) and {@code price=USD} (USD per 1M tokens for this candidate, instead of the price table's).
 */
abstract class RemoteSource implements EmbedderSource {
  static final Set<String> COMMON_OPTIONS = Set.of("dimensions", "dim", "batch", "price");

  /** A parsed name: the model and its options in order of appearance. */
  record Spec(String model, Map<String, String> options) {
    int intOption(String k) {
      String v = options.get(k);
      try {
        int n = Integer.parseInt(v);
        if (n < 1) {
          throw new NumberFormatException();
        }
        return n;
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("option " + k + " must be a positive integer; " + k + "=" + v);
      }
    }

    Integer dimensionsOption() {
      return options.containsKey("dimensions") ? intOption("dimensions") : null;
    }
  }

  /** Extra options this provider accepts beyond {@link #COMMON_OPTIONS}. */
  Set<String> extraOptions() {
    return Set.of();
  }

  /** The model's native dimension when known, else null. */
  abstract Integer knownDimension(String model);

  /** The environment variables that may hold the key, in order of preference. */
  abstract List<String> keyVariables();

  /** The protocol for {@code spec}. */
  abstract Protocol protocol(Spec spec, SourceContext context);

  /** The model name prices are looked up under (Azure: the {@code model} option, not the deployment). */
  String pricedModel(Spec spec) {
    return spec.model();
  }

  /** Refuses option values this provider's models do not support (e.g. dimensions on ada-002). */
  void checkOptions(Spec spec) {}

  Spec parse(String name) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("model name after '" + scheme() + ":' must not be blank; expected " + usage());
    }
    int q = name.indexOf('?');
    String model = q < 0 ? name : name.substring(0, q);
    if (model.isBlank() || !model.matches("[A-Za-z0-9._/:-]+")) {
      throw new IllegalArgumentException("model name '" + model + "' after '" + scheme()
          + ":' must be letters, digits, '.', '_', '/', ':' or '-'; expected " + usage());
    }
    Map<String, String> opts = new LinkedHashMap<>();
    Set<String> allowed = new TreeSet<>(COMMON_OPTIONS);
    allowed.addAll(extraOptions());
    if (q >= 0) {
      for (String kv : name.substring(q + 1).split("&", -1)) {
        int eq = kv.indexOf('=');
        String k = eq < 0 ? kv : kv.substring(0, eq);
        if (eq < 0 || !allowed.contains(k) || eq == kv.length() - 1) {
          throw new IllegalArgumentException("option '" + kv + "' in '" + scheme() + ":" + name
              + "' is not KEY=VALUE with KEY one of " + allowed);
        }
        if (opts.put(k, kv.substring(eq + 1)) != null) {
          throw new IllegalArgumentException("option " + k + " appears twice in '" + scheme() + ":" + name + "'");
        }
      }
    }
    Spec spec = new Spec(model, opts);
    if (opts.containsKey("batch")) {
      spec.intOption("batch");
    }
    if (opts.containsKey("price")) {
      price(opts.get("price"));
    }
    checkOptions(spec);
    dimension(spec);
    return spec;
  }

  /** The vector length: {@code dimensions=}, else {@code dim=}, else the known dimension. */
  int dimension(Spec spec) {
    if (spec.options().containsKey("dimensions")) {
      return spec.intOption("dimensions");
    }
    if (spec.options().containsKey("dim")) {
      return spec.intOption("dim");
    }
    Integer known = knownDimension(pricedModel(spec));
    if (known == null) {
      throw new IllegalArgumentException("the dimension of " + scheme() + ":" + spec.model()
          + " is not known here; add ?dim=N (its vector length) or ?dimensions=N (ask the API for N)");
    }
    return known;
  }

  private static double price(String v) {
    try {
      double d = Double.parseDouble(v);
      if (d >= 0 && !Double.isInfinite(d)) {
        return d;
      }
    } catch (NumberFormatException e) {
      // fall through
    }
    throw new IllegalArgumentException("option price must be USD per 1M tokens, a number >= 0; price=" + v);
  }

  String key(SourceContext context) {
    for (String v : keyVariables()) {
      String k = context.env(v);
      if (k != null && !k.isBlank()) {
        try {
          return RemoteEmbedder.Builder.checkKey(k);
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("environment variable " + v + ": " + e.getMessage(), e);
        }
      }
    }
    throw new IllegalArgumentException(scheme() + ": no API key; set " + String.join(" or ", keyVariables())
        + " in the environment");
  }

  /** {@code context.env(variable)} as a base URL, or {@code fallback}. */
  static URI base(SourceContext context, URI fallback, String... variables) {
    for (String v : variables) {
      String u = context.env(v);
      if (u != null && !u.isBlank()) {
        try {
          return RemoteHttp.checkBase(URI.create(u.trim()));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("environment variable " + v + ": " + e.getMessage(), e);
        }
      }
    }
    return fallback;
  }

  @Override
  public void validate(String name, SourceContext context) {
    Spec spec = parse(name);
    key(context);
    Protocol protocol = protocol(spec, context);
    if (spec.options().containsKey("batch")) {
      RemoteEmbedder.builder(protocol, dimension(spec)).batchSize(spec.intOption("batch"));
    }
  }

  @Override
  public Embedder open(String name, SourceContext context) throws IOException {
    Spec spec = parse(name);
    String key = key(context);
    Protocol protocol = protocol(spec, context);
    RemoteEmbedder.Builder b = RemoteEmbedder.builder(protocol, dimension(spec)).apiKey(key)
        .id(scheme() + ":" + name);
    if (spec.options().containsKey("batch")) {
      b.batchSize(spec.intOption("batch"));
    }
    if (spec.options().containsKey("price")) {
      b.price(new PriceTable.Price(price(spec.options().get("price")), LocalDate.now(ZoneOffset.UTC).toString(),
          "candidate option price= in " + scheme() + ":" + name));
    } else {
      PriceTable.fromEnv(context.env()).price(scheme(), pricedModel(spec)).ifPresent(b::price);
    }
    return b.build();
  }
}
