package dev.embedlab.eval.regression;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One regression file: a candidate on a data set, the scores it must reproduce and their source.
 *
 * <pre>{@code
 * {
 *   "name": "scifact.bm25-flat",
 *   "title": "BM25 flat (Anserini)",
 *   "dataset": {"kind": "beir", "path": "data/scifact", "split": "test"},
 *   "candidate": "bm25:anserini-flat",
 *   "hits": 1000,
 *   "expected": {"ndcg_cut.10": 0.6789, "recall.100": 0.9253},
 *   "decimals": 4,
 *   "tolerance": 0.0,
 *   "index_stats": {"documents": 5183, "total_terms": 838128},
 *   "source": {"kind": "published", "reference": "castorini/anserini …/beir-v1.0.0-scifact.flat.yaml @af6fb20"},
 *   "notes": "…"
 * }
 * }</pre>
 *
 * <p>Measures of a retrieval set are trec_eval names ({@code ndcg_cut.10}, {@code recall.100},
 * {@code map_cut.10}, {@code P.1}, {@code recip_rank}); of a pair set {@code cosine_spearman} and
 * {@code cosine_pearson} (MTEB's names; the main score of STS tasks is {@code cosine_spearman}). A
 * measured score passes when, rounded to {@code decimals}, it is within {@code tolerance} of the
 * expected value (tolerance 0: equal to the last printed digit, as Anserini checks). Dense models get
 * a tolerance that says how far float rounding on another CPU may move them.
 *
 * @param name unique name, also the file's name without {@code .json}
 * @param title what the README's table calls the candidate
 * @param datasetKind {@code beir} (a BEIR folder) or {@code sts} (an STS Benchmark TSV)
 * @param datasetPath path relative to the shared data root
 * @param split the BEIR split ({@code test}); empty for pair sets
 * @param candidate what runs, e.g. {@code bm25:anserini-flat}, {@code embedder:all-minilm-l6-v2}
 * @param hits hits per query written and evaluated (retrieval only)
 * @param pairRole for pair sets, the role both sides are embedded with ({@code query} or {@code document})
 * @param expected metric name to expected value, in file order
 * @param decimals digits compared
 * @param tolerance largest allowed |rounded measured − expected|
 * @param indexStats expected index statistics (BM25: documents, total_terms), possibly empty
 * @param sourceKind {@code published} (a number someone else printed) or {@code measured} (pinned here)
 * @param sourceReference where the number comes from: repository, file and commit, or the command
 * @param notes differences and their causes, or empty
 */
public record Regression(String name, String title, String datasetKind, String datasetPath, String split,
    String candidate, int hits, String pairRole, Map<String, Double> expected, int decimals, double tolerance,
    Map<String, Long> indexStats, String sourceKind, String sourceReference, String notes) {

  private static final Set<String> FIELDS = Set.of("name", "title", "dataset", "candidate", "hits", "pair_role",
      "expected", "decimals", "tolerance", "index_stats", "source", "notes");

  public Regression {
    if (!name.matches("[a-z0-9][a-z0-9._-]*")) {
      throw new IllegalArgumentException("name must be lower-case letters, digits, '.', '_' or '-'; name=" + name);
    }
    if (!Set.of("beir", "sts").contains(datasetKind)) {
      throw new IllegalArgumentException(name + ": dataset.kind must be beir or sts; kind=" + datasetKind);
    }
    if (expected.isEmpty()) {
      throw new IllegalArgumentException(name + ": expected must name at least one metric");
    }
    if (decimals < 1 || decimals > 8) {
      throw new IllegalArgumentException(name + ": decimals must be in [1, 8]; decimals=" + decimals);
    }
    if (!(tolerance >= 0 && tolerance < 0.1)) {
      throw new IllegalArgumentException(name + ": tolerance must be in [0, 0.1); tolerance=" + tolerance);
    }
    if (!Set.of("published", "measured").contains(sourceKind)) {
      throw new IllegalArgumentException(name + ": source.kind must be published or measured; kind=" + sourceKind);
    }
    if (!Set.of("query", "document").contains(pairRole)) {
      throw new IllegalArgumentException(name + ": pair_role must be query or document; pair_role=" + pairRole);
    }
    expected = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(expected));
    indexStats = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(indexStats));
  }

  /**
   * Parses a regression file's text.
   *
   * @param origin the file or resource name, for messages
   * @throws IllegalArgumentException naming {@code origin} and the field when the file is malformed
   */
  public static Regression parse(String origin, String json) {
    JsonNode root = ShippedJson.object(origin, json, FIELDS);
    JsonNode ds = need(origin, root, "dataset");
    Map<String, Double> expected = new LinkedHashMap<>();
    need(origin, root, "expected").fields().forEachRemaining(e -> {
      if (!e.getValue().isNumber()) {
        throw new IllegalArgumentException(origin + ": expected." + e.getKey() + " must be a number; found " + e.getValue());
      }
      expected.put(e.getKey(), e.getValue().doubleValue());
    });
    Map<String, Long> stats = new LinkedHashMap<>();
    root.path("index_stats").fields().forEachRemaining(e -> {
      if (!e.getValue().canConvertToLong()) {
        throw new IllegalArgumentException(origin + ": index_stats." + e.getKey() + " must be an integer");
      }
      stats.put(e.getKey(), e.getValue().longValue());
    });
    JsonNode src = need(origin, root, "source");
    try {
      return new Regression(text(origin, root, "name"), text(origin, root, "title"), text(origin, ds, "kind"),
          text(origin, ds, "path"), ds.path("split").asText(""), text(origin, root, "candidate"),
          root.path("hits").asInt(1000), root.path("pair_role").asText("document"), expected,
          root.path("decimals").asInt(4), root.path("tolerance").asDouble(0.0), stats,
          text(origin, src, "kind"), text(origin, src, "reference"), root.path("notes").asText(""));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(origin + ": " + e.getMessage(), e);
    }
  }

  private static JsonNode need(String origin, JsonNode n, String field) {
    return ShippedJson.need(origin, n, field);
  }

  private static String text(String origin, JsonNode n, String field) {
    return ShippedJson.text(origin, n, field);
  }

  /** The expected metric names, in file order. */
  public List<String> metrics() {
    return new ArrayList<>(expected.keySet());
  }
}
