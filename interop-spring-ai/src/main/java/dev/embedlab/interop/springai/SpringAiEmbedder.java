package dev.embedlab.interop.springai;

import dev.embedlab.core.Embedder;
import dev.embedlab.core.Embedders;
import dev.embedlab.core.Fingerprinted;
import dev.embedlab.core.UsageReporting;
import dev.embedlab.core.retrieval.Provenance;
import dev.embedlab.core.retrieval.ProvenanceSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.ai.embedding.Embedding;
import org.springframework.ai.embedding.EmbeddingModel;
import org.springframework.ai.embedding.EmbeddingOptionsBuilder;
import org.springframework.ai.embedding.EmbeddingRequest;
import org.springframework.ai.embedding.EmbeddingResponse;

/**
 * Any Spring AI {@link EmbeddingModel} as an embedlab {@link Embedder}. Spring AI's interface has no
 * query/document distinction, so roles become this adapter's prefixes (empty by default). The
 * dimension is given or asked of the model once at build (Spring AI's default {@code dimensions()}
 * may embed a probe text); {@link #dimension()} never runs the model. Results are put back in
 * input order by their index; each vector's length is checked, and the library's vector policy
 * ({@link dev.embedlab.core.VectorUtil#checkFinite}): a foreign model's NaN or infinity stops here.
 * Usage counts texts, batches and the prompt tokens the response reports. The fingerprint is the one given, else
 * {@code unfingerprinted;id=…;dim=…}.
 */
public final class SpringAiEmbedder implements Embedder, Fingerprinted, UsageReporting, ProvenanceSource {
  private final EmbeddingModel model;
  private final String id;
  private final int dim;
  private final String queryPrefix;
  private final String documentPrefix;
  private final String fingerprint;
  private final AtomicLong texts = new AtomicLong();
  private final AtomicLong tokens = new AtomicLong();
  private final AtomicLong batches = new AtomicLong();
  private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

  private SpringAiEmbedder(EmbeddingModel model, String id, int dimension, String queryPrefix, String documentPrefix,
      String fingerprint) {
    if (model == null) {
      throw new IllegalArgumentException("model must not be null");
    }
    if (queryPrefix == null || documentPrefix == null) {
      throw new IllegalArgumentException("prefixes must not be null (use \"\")");
    }
    this.model = model;
    this.id = id != null ? id : "spring-ai:" + model.getClass().getSimpleName();
    this.dim = dimension > 0 ? dimension : model.dimensions();
    if (dim < 1) {
      throw new IllegalArgumentException(this.id + " reports dimension " + dim + "; expected >= 1");
    }
    this.queryPrefix = queryPrefix;
    this.documentPrefix = documentPrefix;
    this.fingerprint = fingerprint;
  }

  /**
   * Wraps {@code model}.
   *
   * @param id the id, or null for {@code spring-ai:<class>}
   * @param dimension the dimension, or 0 to ask the model once now
   * @param queryPrefix prepended to query texts ("" for none)
   * @param documentPrefix prepended to document texts ("" for none)
   * @param fingerprint what determines the vectors, or null when unknown
   */
  public static SpringAiEmbedder of(EmbeddingModel model, String id, int dimension, String queryPrefix,
      String documentPrefix, String fingerprint) {
    return new SpringAiEmbedder(model, id, dimension, queryPrefix, documentPrefix, fingerprint);
  }

  /** Wraps {@code model} with no prefixes, asking its dimension once. */
  public static SpringAiEmbedder of(EmbeddingModel model) {
    return new SpringAiEmbedder(model, null, 0, "", "", null);
  }

  @Override
  public float[][] embed(List<String> in, Role role) {
    Embedders.checkTexts(in, role);
    if (closed.get()) {
      throw new IllegalStateException(id + " is closed");
    }
    if (in.isEmpty()) {
      return new float[0][];
    }
    String prefix = role == Role.QUERY ? queryPrefix : documentPrefix;
    List<String> req = new ArrayList<>(in.size());
    for (String t : in) {
      req.add(prefix + t);
    }
    EmbeddingResponse r = model.call(new EmbeddingRequest(req, EmbeddingOptionsBuilder.builder().build()));
    List<Embedding> results = r == null ? null : r.getResults();
    if (results == null || results.size() != in.size()) {
      throw new IllegalStateException(id + " returned " + (results == null ? "null" : results.size() + " embeddings")
          + " for " + in.size() + " texts");
    }
    float[][] v = new float[in.size()][];
    for (int j = 0; j < results.size(); j++) {
      Embedding e = results.get(j);
      int i = e.getIndex() == null ? j : e.getIndex();
      float[] f = e.getOutput();
      if (i < 0 || i >= v.length || v[i] != null) {
        throw new IllegalStateException(id + " returned result index " + i + " for " + in.size() + " texts");
      }
      if (f == null || f.length != dim) {
        throw new IllegalStateException(id + " returned a vector of length " + (f == null ? "null" : f.length)
            + " for texts[" + i + "]; expected " + dim);
      }
      v[i] = f.clone();
      try {
        dev.embedlab.core.VectorUtil.checkFinite(v[i], "vector");
      } catch (IllegalArgumentException ex) {
        throw new IllegalStateException(id + " returned a vector outside the vector policy for texts[" + i + "]: "
            + ex.getMessage() + " (NaN, infinity and L2 norms above 2^63 are refused)", ex);
      }
    }
    texts.addAndGet(in.size());
    batches.incrementAndGet();
    if (r.getMetadata() != null && r.getMetadata().getUsage() != null
        && r.getMetadata().getUsage().getPromptTokens() != null) {
      tokens.addAndGet(r.getMetadata().getUsage().getPromptTokens());
    }
    return v;
  }

  @Override
  public int dimension() {
    return dim;
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public String fingerprint() {
    return fingerprint != null ? fingerprint : "unfingerprinted;id=" + id + ";dim=" + dim;
  }

  @Override
  public Usage usage() {
    return new Usage(texts.get(), tokens.get(), 0, batches.get());
  }

  @Override
  public void resetUsage() {
    texts.set(0);
    tokens.set(0);
    batches.set(0);
  }

  @Override
  public Provenance provenance() {
    return Provenance.of("spring-ai", Map.of("class", model.getClass().getName(), "id", id, "dimension", dim,
        "queryPrefix", queryPrefix, "documentPrefix", documentPrefix));
  }

  /**
   * Marks this adapter closed: later calls throw {@code IllegalStateException("<id> is closed")}.
   * Idempotent. The Spring AI model is not closed (Spring manages its beans' lifecycle).
   */
  @Override
  public void close() {
    closed.set(true);
  }
}
