package dev.embedlab.interop.springai;

import dev.embedlab.core.AdaptedModelEmbedder;
import dev.embedlab.core.Checks;
import dev.embedlab.core.Embedder;
import dev.embedlab.core.Embedders;
import dev.embedlab.core.retrieval.Provenance;
import java.util.ArrayList;
import java.util.List;
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
public final class SpringAiEmbedder extends AdaptedModelEmbedder {
  private final EmbeddingModel model;

  private SpringAiEmbedder(EmbeddingModel model, String id, int dimension, String queryPrefix, String documentPrefix,
      String fingerprint) {
    super(id != null ? id : "spring-ai:" + nonNull(model).getClass().getSimpleName(),
        dimension > 0 ? dimension : nonNull(model).dimensions(), queryPrefix, documentPrefix, fingerprint);
    this.model = model;
  }

  private static EmbeddingModel nonNull(EmbeddingModel model) {
    Checks.notNull("model", model);
    return model;
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
    if (!startCall(in, role)) {
      return new float[0][];
    }
    String prefix = prefix(role);
    List<String> req = new ArrayList<>(in.size());
    for (String t : in) {
      req.add(prefix + t);
    }
    EmbeddingResponse r = model.call(new EmbeddingRequest(req, EmbeddingOptionsBuilder.builder().build()));
    List<Embedding> results = r == null ? null : r.getResults();
    checkCount(results == null ? null : results.size(), in.size());
    float[][] v = new float[in.size()][];
    for (int j = 0; j < results.size(); j++) {
      Embedding e = results.get(j);
      int i = e.getIndex() == null ? j : e.getIndex();
      float[] f = e.getOutput();
      if (i < 0 || i >= v.length || v[i] != null) {
        throw new IllegalStateException(id() + " returned result index " + i + " for " + in.size() + " texts");
      }
      v[i] = Embedders.checkReturned(id(), f, dimension(), i);
    }
    finishCall(in.size(), r.getMetadata() == null || r.getMetadata().getUsage() == null ? null
        : r.getMetadata().getUsage().getPromptTokens());
    return v;
  }

  @Override
  public Provenance provenance() {
    return Provenance.of("spring-ai", provenanceParams(model));
  }

  /**
   * Marks this adapter closed: later calls throw {@code IllegalStateException("<id> is closed")}.
   * Idempotent. The Spring AI model is not closed (Spring manages its beans' lifecycle).
   */
  @Override
  public void close() {
    markClosed();
  }
}
