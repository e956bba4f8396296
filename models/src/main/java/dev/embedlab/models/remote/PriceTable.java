package dev.embedlab.models.remote;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * List prices of the paid embedding APIs, USD per one million input tokens, each with the day it was
 * read and the page it was read from. The built-in table is the resource {@code prices.json} next to
 * this class; a file in the same format (environment variable {@value #ENV}, or {@link #withFile})
 * overrides or adds entries, so a team with a negotiated price or a newer list need not wait for a
 * release.
 *
 * <p>Format: {@code {"prices": [{"provider": "openai", "model": "text-embedding-3-small",
 * "usdPerMillionTokens": 0.02, "date": "2026-12-07", "source": "https://openai.com/api/pricing/"}]}}.
 * Every field is required; a price must be finite and {@code >= 0}, a date ISO-8601.
 */
public final class PriceTable {
  /** Environment variable naming a price file that overrides the built-in table. */
  public static final String ENV = "EMBEDLAB_PRICES";
  private static final String RESOURCE = "prices.json";

  /**
   * One price.
   *
   * @param usdPerMillionTokens USD per one million input tokens, finite and {@code >= 0}
   * @param date the day the price was read, ISO-8601
   * @param source where it was read (a URL, or the override file)
   */
  public record Price(double usdPerMillionTokens, String date, String source) {
    public Price {
      if (!(usdPerMillionTokens >= 0) || Double.isInfinite(usdPerMillionTokens)) {
        throw new IllegalArgumentException("usdPerMillionTokens must be finite and >= 0; usdPerMillionTokens="
            + usdPerMillionTokens);
      }
      try {
        LocalDate.parse(date);
      } catch (DateTimeParseException | NullPointerException e) {
        throw new IllegalArgumentException("date must be an ISO-8601 day (2026-12-07); date=" + date);
      }
      if (source == null || source.isBlank()) {
        throw new IllegalArgumentException("source must not be blank");
      }
    }
  }

  private final Map<String, Price> prices;

  private PriceTable(Map<String, Price> prices) {
    this.prices = Collections.unmodifiableMap(prices);
  }

  /** The built-in table. */
  public static PriceTable builtIn() {
    try (InputStream in = PriceTable.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("resource " + RESOURCE + " is missing next to " + PriceTable.class.getName());
      }
      return new PriceTable(read(RemoteHttp.JSON.readTree(in), RESOURCE));
    } catch (IOException e) {
      throw new IllegalStateException("cannot read the built-in price table " + RESOURCE + ": " + e.getMessage(), e);
    }
  }

  /** The built-in table, overridden by the file named in {@code env} under {@value #ENV}, if any. */
  public static PriceTable fromEnv(Map<String, String> env) throws IOException {
    String file = env.get(ENV);
    PriceTable t = builtIn();
    return file == null || file.isBlank() ? t : t.withFile(Path.of(file));
  }

  /**
   * This table with the entries of {@code file} added or replacing entries for the same provider and model.
   *
   * @throws IOException when the file cannot be read or parsed (the message names the file)
   * @throws IllegalArgumentException when an entry is invalid (naming the file and the entry's position)
   */
  public PriceTable withFile(Path file) throws IOException {
    JsonNode root;
    try {
      root = RemoteHttp.JSON.readTree(Files.readString(file));
    } catch (IOException e) {
      throw new IOException("cannot read price file " + file + ": " + e.getMessage(), e);
    }
    Map<String, Price> m = new TreeMap<>(prices);
    m.putAll(read(root, file.toString()));
    return new PriceTable(m);
  }

  private static Map<String, Price> read(JsonNode root, String where) {
    JsonNode list = root == null ? null : root.path("prices");
    if (list == null || !list.isArray()) {
      throw new IllegalArgumentException(where + ": expected {\"prices\": [...]}");
    }
    Map<String, Price> m = new TreeMap<>();
    for (int i = 0; i < list.size(); i++) {
      JsonNode e = list.get(i);
      String provider = e.path("provider").asText("");
      String model = e.path("model").asText("");
      JsonNode usd = e.path("usdPerMillionTokens");
      if (provider.isBlank() || model.isBlank() || !usd.isNumber()) {
        throw new IllegalArgumentException(where + ": prices[" + i + "] needs provider, model and a numeric "
            + "usdPerMillionTokens; found " + Responses.snippet(e));
      }
      try {
        m.put(key(provider, model), new Price(usd.asDouble(), e.path("date").asText(null), e.path("source").asText(null)));
      } catch (IllegalArgumentException ex) {
        throw new IllegalArgumentException(where + ": prices[" + i + "] (" + provider + ":" + model + "): " + ex.getMessage(), ex);
      }
    }
    return m;
  }

  private static String key(String provider, String model) {
    return provider + ":" + model;
  }

  /** The price of {@code model} at {@code provider}, if listed. */
  public Optional<Price> price(String provider, String model) {
    return Optional.ofNullable(prices.get(key(provider, model)));
  }

  /** Every entry, keyed {@code provider:model}. */
  public Map<String, Price> entries() {
    return prices;
  }
}
