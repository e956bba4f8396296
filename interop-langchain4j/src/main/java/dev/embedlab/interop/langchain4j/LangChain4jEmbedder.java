package dev.embedlab.interop.langchain4j;

import dev.embedlab.core.AdaptedModelEmbedder;
import dev.embedlab.core.Checks;
import dev.embedlab.core.Embedder;
import dev.embedlab.core.Embedders;
import dev.embedlab.core.retrieval.Provenance;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.request.EmbeddingInputType;
import dev.langchain4j.model.embedding.request.EmbeddingRequest;
import dev.langchain4j.model.embedding.response.EmbeddingResponse;
import dev.langchain4j.model.output.Response;
import dev.langchain4j.model.output.TokenUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Any LangChain4j {@link EmbeddingModel} as an embedlab {@link Embedder}, so it can be measured,
 * cached, compressed and monitored like any other.
 *
 * <p>Roles: by default texts go through {@link EmbeddingModel#embedAll} with this adapter's
 * per-role prefix prepended (e5 {@code "query: "} / {@code "passage: "}; empty by default). With
 * {@link Builder#inputTypes(boolean) inputTypes(true)} the role is passed as LangChain4j's
 * {@link EmbeddingInputType} instead, for providers that honour it.
 *
 * <p>The dimension is given or asked of the model once, at build (LangChain4j's default
 * {@code dimension()} embeds a probe text); {@link #dimension()} never runs the model. Every
 * returned vector is checked to have that length and the library's vector policy
 * ({@link dev.embedlab.core.VectorUtil#checkFinite}: finite components, L2 norm at most 2^63): a
 * foreign model's NaN or infinity stops here, naming the text index and component, as the remote
 * embedder does. Usage counts texts, batches and the input tokens
 * the model reports (0 when it reports none). The fingerprint is the one given to the builder
 * (describe the weights, e.g. a model file hash), else {@code unfingerprinted;id=…;dim=…}, which
 * caches warn about. {@link #close()} closes the model when it is {@link AutoCloseable} and owned.
 */
public final class LangChain4jEmbedder extends AdaptedModelEmbedder {
  private final EmbeddingModel model;
  private final boolean inputTypes;
  private final boolean owns;

  private LangChain4jEmbedder(Builder b) {
    super(b.id != null ? b.id : "langchain4j:" + modelNameOf(b.model),
        b.dimension > 0 ? b.dimension : b.model.dimension(), b.queryPrefix, b.documentPrefix, b.fingerprint);
    this.model = b.model;
    this.inputTypes = b.inputTypes;
    if (inputTypes && !b.model.supportedParameters().contains(
        dev.langchain4j.model.embedding.request.EmbeddingRequestParameters.INPUT_TYPE)) {
      throw new IllegalArgumentException(id() + " does not declare the inputType parameter (supported: "
          + b.model.supportedParameters() + "); use prefixes instead of inputTypes(true)");
    }
    this.owns = b.owns;
  }

  private static String modelNameOf(EmbeddingModel m) {
    String n;
    try {
      n = m.modelName();
    } catch (RuntimeException e) {
      n = null;
    }
    return n == null || n.isBlank() || n.equals("unknown") ? m.getClass().getSimpleName() : n;
  }

  /** A builder around {@code model}. */
  public static Builder builder(EmbeddingModel model) {
    return new Builder(model);
  }

  /** {@code builder(model).build()}: no prefixes, dimension asked of the model once. */
  public static LangChain4jEmbedder of(EmbeddingModel model) {
    return builder(model).build();
  }

  @Override
  public float[][] embed(List<String> in, Role role) {
    if (!startCall(in, role)) {
      return new float[0][];
    }
    List<TextSegment> segs = new ArrayList<>(in.size());
    String prefix = inputTypes ? "" : prefix(role);
    for (String t : in) {
      segs.add(TextSegment.from(prefix + t));
    }
    List<Embedding> out;
    TokenUsage usage;
    if (inputTypes) {
      EmbeddingResponse r = model.embed(EmbeddingRequest.builder().textSegments(segs)
          .inputType(role == Role.QUERY ? EmbeddingInputType.QUERY : EmbeddingInputType.DOCUMENT).build());
      out = r.embeddings();
      usage = r.tokenUsage();
    } else {
      Response<List<Embedding>> r = model.embedAll(segs);
      out = r.content();
      usage = r.tokenUsage();
    }
    checkCount(out == null ? null : out.size(), in.size());
    float[][] v = new float[in.size()][];
    for (int i = 0; i < v.length; i++) {
      v[i] = Embedders.checkReturned(id(), out.get(i) == null ? null : out.get(i).vector(), dimension(), i);
    }
    finishCall(in.size(), usage == null ? null : usage.inputTokenCount());
    return v;
  }

  @Override
  public Provenance provenance() {
    Map<String, Object> p = provenanceParams(model);
    p.put("inputTypes", inputTypes);
    return Provenance.of("langchain4j", p);
  }

  /** The wrapped model. */
  public EmbeddingModel model() {
    return model;
  }

  /** Closes the model when owned and {@link AutoCloseable}. Idempotent. */
  @Override
  public void close() {
    if (markClosed() && owns && model instanceof AutoCloseable c) {
      try {
        c.close();
      } catch (Exception e) {
        throw new IllegalStateException("closing " + id() + " failed", e);
      }
    }
  }

  /** Builder of a {@link LangChain4jEmbedder}. */
  public static final class Builder {
    private final EmbeddingModel model;
    private String id;
    private int dimension;
    private String queryPrefix = "";
    private String documentPrefix = "";
    private boolean inputTypes;
    private String fingerprint;
    private boolean owns;

    private Builder(EmbeddingModel model) {
      this.model = Checks.notNull("model", model);
    }

    /** The id; default {@code langchain4j:<modelName or class>}. */
    public Builder id(String id) {
      this.id = id;
      return this;
    }

    /** The dimension, so that build does not ask the model (which may embed a probe text). */
    public Builder dimension(int d) {
      this.dimension = Checks.atLeast("dimension", d, 1);
      return this;
    }

    /** Prefixes per role (e5: {@code "query: "}, {@code "passage: "}). */
    public Builder prefixes(String query, String document) {
      if (query == null || document == null) {
        throw new IllegalArgumentException("prefixes must not be null (use \"\")");
      }
      this.queryPrefix = query;
      this.documentPrefix = document;
      return this;
    }

    /** Pass the role as LangChain4j's {@link EmbeddingInputType} (for providers that use it) instead of prefixes. */
    public Builder inputTypes(boolean on) {
      this.inputTypes = on;
      return this;
    }

    /** What determines the vectors (e.g. {@code "all-minilm-l6-v2;sha256:…"}), for caches. */
    public Builder fingerprint(String fp) {
      this.fingerprint = fp;
      return this;
    }

    /** Close the model with this embedder (when it is AutoCloseable). Default: the caller owns it. */
    public Builder owning(boolean owns) {
      this.owns = owns;
      return this;
    }

    /** Builds; asks the model its dimension once unless given. */
    public LangChain4jEmbedder build() {
      return new LangChain4jEmbedder(this);
    }
  }
}
