package dev.embedlab.bakeoff;

import dev.embedlab.core.Checks;
import dev.embedlab.core.Embedder;
import dev.embedlab.core.retrieval.IndexFactory;
import dev.embedlab.core.retrieval.Reranker;
import dev.embedlab.data.Document;
import dev.embedlab.eval.fusion.RankFusion;
import dev.embedlab.eval.lexical.Bm25Index;
import dev.embedlab.eval.lexical.LexicalAnalyzer;
import java.util.Collections;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * One contestant of a {@link BakeOff}: <em>(embedder or none) × retriever (× reranker)</em>, the
 * pipeline a RAG team actually chooses. Three kinds:
 * <ul>
 *   <li>{@link Kind#DENSE}: a factory that builds an {@link Embedder} (timed as load time; the
 *       bake-off embeds corpus and queries and closes it) and an {@link IndexFactory} that builds a
 *       {@link dev.embedlab.core.retrieval.Retriever} over the vectors — exact float32 search by
 *       default, or int8 with rescoring, PQ, an HNSW or IVF index. Candidates that share an
 *       {@link #embeddingGroup()} (the same model behind several indexes) share one embedding pass;
 *   <li>{@link Kind#LEXICAL}: no embedder; the index factory builds a retriever from the texts
 *       (BM25), timed as the corpus pass (docs/s is indexing speed);
 *   <li>{@link Kind#HYBRID}: a {@link RankFusion} of the runs of other candidates, named in
 *       {@code components}; {@link #BEST_DENSE} stands for the dense candidate with the best
 *       primary measure. Its speed and latency are the sums of its components' (run one after the
 *       other), its footprint the sum of theirs.
 * </ul>
 * Any dense or lexical candidate may add a {@link Reranker} over its top {@code rerankDepth}
 * ({@link dev.embedlab.core.retrieval.RerankingRetriever}).
 *
 * <p>The bake-off never knows how the embedder, index or reranker is made (ONNX, remote API,
 * Lucene): that is the factories' business, which keeps {@code eval} free of model runtimes.
 *
 * @param name short unique label used in tables and charts
 * @param kind how the candidate retrieves
 * @param factory builds a fresh embedder; called once per embedding group (dense only, else {@code null})
 * @param index builds the retriever (dense and lexical; {@code null} for hybrids)
 * @param indexLabel what the index is, for reports (e.g. {@code "exact float32"}, {@code "hnsw M=16"})
 * @param fusion fuses the components' runs (hybrid only, else {@code null})
 * @param components names of the fused candidates (hybrid only, else empty)
 * @param atMaxLength builds the same embedder at another maximum length in tokens, for the
 *     truncation probe; {@code null} when not possible
 * @param description free text (model card name, variant)
 * @param sha256 SHA-256 of the model file when known, else empty
 * @param cachedEmbeddings whether vectors may come from a cache (then speed figures are not model speed)
 * @param properties further provenance (tokenizer, pooling, preprocessing id…), in insertion order
 * @param describer called once on the built embedder for provenance only it knows (model file
 *     SHA-256, pooling, maximum length); its entries are added to {@code properties}, and a
 *     {@code "sha256"} entry fills an empty {@code sha256}
 * @param embeddingGroup candidates with equal groups embed once (default: the name)
 * @param reranker builds the reranker applied over the retriever's top {@code rerankDepth}, or
 *     {@code null} for none
 * @param rerankDepth candidates reranked per query (with a reranker), else 0
 */
public record Candidate(String name, Kind kind, Supplier<? extends Embedder> factory,
    IndexFactory index, String indexLabel, RankFusion fusion, List<String> components,
    IntFunction<? extends Embedder> atMaxLength, String description,
    String sha256, boolean cachedEmbeddings, Map<String, String> properties,
    Function<? super Embedder, Map<String, String>> describer, String embeddingGroup,
    Supplier<? extends Reranker> reranker, int rerankDepth) {

  /** In {@link #components()}: the dense candidate with the best primary measure in this bake-off. */
  public static final String BEST_DENSE = "@best-dense";

  /** How a candidate retrieves. */
  public enum Kind {
    /** Embeds corpus and queries; searches them with its index. */
    DENSE,
    /** Indexes the corpus texts (BM25). */
    LEXICAL,
    /** Fuses other candidates' runs. */
    HYBRID
  }

  /** Validates; copies the properties keeping their order. */
  public Candidate {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("name must be non-blank; name=" + name);
    }
    if (kind == null) {
      throw new IllegalArgumentException("kind must not be null (candidate " + name + ")");
    }
    if (kind == Kind.DENSE && factory == null) {
      throw new IllegalArgumentException("factory must not be null (candidate " + name + ")");
    }
    if ((kind == Kind.LEXICAL || kind == Kind.DENSE) && index == null) {
      throw new IllegalArgumentException("index must not be null (" + kind + " candidate " + name + ")");
    }
    indexLabel = indexLabel == null ? "" : indexLabel;
    embeddingGroup = embeddingGroup == null || embeddingGroup.isBlank() ? name : embeddingGroup;
    if (reranker != null && rerankDepth < 1) {
      throw new IllegalArgumentException("rerankDepth must be >= 1 with a reranker; candidate " + name
          + " has rerankDepth=" + rerankDepth);
    }
    components = List.copyOf(components == null ? List.of() : components);
    if (kind == Kind.HYBRID && (fusion == null || components.size() < 2)) {
      throw new IllegalArgumentException("a hybrid needs a fusion and at least 2 components; candidate "
          + name + " has fusion=" + fusion + " components=" + components);
    }
    description = description == null ? "" : description;
    sha256 = sha256 == null ? "" : sha256;
    if (!sha256.isEmpty() && !sha256.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException(
          "sha256 must be 64 lowercase hex digits or empty; sha256=" + sha256);
    }
    properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties == null ? Map.of() : properties));
    describer = describer == null ? e -> Map.of() : describer;
  }

  /** A candidate with only a name and a factory. */
  public static Candidate of(String name, Supplier<? extends Embedder> factory) {
    return builder(name, factory).build();
  }

  /**
   * The input's corpus as documents for a lexical index: each id with its text as the body (the
   * text is already {@code title + " " + text}, which is what BM25 indexes).
   */
  public static List<Document> documents(IndexFactory.Input in) {
    List<Document> out = new java.util.ArrayList<>(in.ids().length);
    for (int i = 0; i < in.ids().length; i++) {
      out.add(new Document(in.ids()[i], "", in.texts().get(i)));
    }
    return out;
  }

  /** A non-embedder candidate: {@code index} builds its retriever from the corpus texts. */
  public static Candidate retriever(String name, IndexFactory index, String indexLabel, String description,
      Map<String, String> properties) {
    return new Candidate(name, Kind.LEXICAL, null, index, indexLabel, null, List.of(), null, description, "",
        false, properties, null, name, null, 0);
  }

  /** This candidate with a reranker over its top {@code depth} (dense or lexical candidates). */
  public Candidate withReranker(String newName, Supplier<? extends Reranker> r, int depth) {
    if (kind == Kind.HYBRID) {
      throw new IllegalArgumentException("rerank a dense or lexical candidate, not the hybrid " + name);
    }
    Checks.notNull("reranker", r);
    Map<String, String> p = new LinkedHashMap<>(properties);
    p.put("rerankDepth", Integer.toString(depth));
    return new Candidate(newName, kind, factory, index, indexLabel, fusion, components, atMaxLength,
        description + " + reranker over top " + depth, sha256, cachedEmbeddings, p, describer,
        embeddingGroup, r, depth);
  }

  /**
   * BM25 ({@link Bm25Index}, k1 = 1.2, b = 0.75) with the given analyser; its index size is the
   * in-memory Lucene index.
   */
  public static Candidate bm25(String name, LexicalAnalyzer analyzer) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("modelId", "bm25(" + analyzer.name().toLowerCase(java.util.Locale.ROOT) + ",k1=" + Bm25Index.DEFAULT_K1
        + ",b=" + Bm25Index.DEFAULT_B + ")");
    p.put("kind", "lexical");
    p.put("analyzer", analyzer.name());
    return retriever(name, in -> Bm25Index.builder().analyzer(analyzer).build(documents(in)),
        "bm25 " + analyzer.name().toLowerCase(java.util.Locale.ROOT), "BM25 (Lucene, " + analyzer.name() + " analyser, k1=" + Bm25Index.DEFAULT_K1 + ", b="
        + Bm25Index.DEFAULT_B + ")", p);
  }

  /**
   * A hybrid: {@code fusion} of the runs of the named candidates ({@link #BEST_DENSE} allowed),
   * which must run in the same bake-off.
   */
  public static Candidate hybrid(String name, RankFusion fusion, String... components) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("kind", "hybrid");
    p.put("fusion", fusion == null ? "" : fusion.id());
    return new Candidate(name, Kind.HYBRID, null, null, "fusion", fusion, List.of(components), null,
        "fusion " + (fusion == null ? "" : fusion.id()) + " of " + String.join(" + ", components), "", false,
        p, null, name, null, 0);
  }

  /**
   * A hybrid of two candidates fused by weighted RRF whose weights are chosen by measurement on
   * held-out halves of the queries (a ranker that cannot help gets weight 0 and is left out; the
   * report says which weights were chosen and why).
   */
  public static Candidate tunedHybrid(String name, String first, String second) {
    Candidate h = hybrid(name, RankFusion.rrf().build(), first, second);
    Map<String, String> p = new LinkedHashMap<>(h.properties());
    p.put(HeldOutFusion.PROPERTY, HeldOutFusion.TUNED);
    return new Candidate(name, Kind.HYBRID, null, null, "fusion", h.fusion(), h.components(), null,
        "weighted RRF of " + first + " + " + second + ", weights chosen on held-out halves", "", false, p, null,
        name, null, 0);
  }

  /** Starts a builder. */
  public static Builder builder(String name, Supplier<? extends Embedder> factory) {
    return new Builder(name, factory);
  }

  /** Builds a {@link Candidate}. */
  public static final class Builder {
    private String name;
    private final Supplier<? extends Embedder> factory;
    private String description = "";
    private String sha256 = "";
    private boolean cached;
    private final Map<String, String> properties = new LinkedHashMap<>();
    private Function<? super Embedder, Map<String, String>> describer;
    private IntFunction<? extends Embedder> atMaxLength;
    private IndexFactory index = IndexSpecs.exactFloat32();
    private String indexLabel = "exact float32";
    private String embeddingGroup;

    private Builder(String name, Supplier<? extends Embedder> factory) {
      this.name = name;
      this.factory = factory;
    }

    /**
     * Renames the candidate: with {@link #index} and {@link #embeddingGroup}, one configured
     * builder yields several candidates of the same model (e.g. {@code "minilm int8+rescore4"}).
     */
    public Builder name(String newName) {
      if (newName == null || newName.isBlank()) {
        throw new IllegalArgumentException("name must be non-blank; name=" + newName);
      }
      this.name = newName;
      return this;
    }

    /** Free-text description. */
    public Builder description(String description) {
      this.description = description;
      return this;
    }

    /** SHA-256 (lowercase hex) of the model file. */
    public Builder sha256(String sha256) {
      this.sha256 = sha256;
      return this;
    }

    /** Marks the vectors as possibly cached: reports flag the speed figures. */
    public Builder cachedEmbeddings(boolean cached) {
      this.cached = cached;
      return this;
    }

    /** Adds one provenance entry (e.g. {@code "pooling" → "MEAN"}). */
    public Builder property(String key, String value) {
      if (key == null || value == null) {
        throw new IllegalArgumentException("property key and value must be non-null; key=" + key);
      }
      properties.put(key, value);
      return this;
    }

    /** Provenance read from the built embedder (see {@link Candidate#describer()}). */
    public Builder describer(Function<? super Embedder, Map<String, String>> describer) {
      this.describer = describer;
      return this;
    }

    /**
     * Builds the same embedder at another maximum length (tokens): lets the bake-off show what
     * truncating documents costs ({@link BakeOff.Builder#truncationProbe(boolean)}).
     */
    public Builder atMaxLength(IntFunction<? extends Embedder> f) {
      this.atMaxLength = f;
      return this;
    }

    /**
     * The index searched over this candidate's vectors (default {@link IndexSpecs#exactFloat32()}),
     * with a label for reports.
     */
    public Builder index(String label, IndexFactory f) {
      if (f == null || label == null || label.isBlank()) {
        throw new IllegalArgumentException("index needs a label and a factory; label=" + label);
      }
      this.index = f;
      this.indexLabel = label;
      return this;
    }

    /**
     * Candidates with the same group embed corpus and queries once (the same model behind several
     * indexes); the group's first candidate's factory is used. Default: the candidate's name.
     */
    public Builder embeddingGroup(String group) {
      this.embeddingGroup = group;
      return this;
    }

    /** The immutable candidate. */
    public Candidate build() {
      return new Candidate(name, Kind.DENSE, factory, index, indexLabel, null, List.of(), atMaxLength, description,
          sha256, cached, properties, describer, embeddingGroup, null, 0);
    }
  }
}
