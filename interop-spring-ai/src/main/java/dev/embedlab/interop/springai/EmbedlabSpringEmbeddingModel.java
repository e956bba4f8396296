package dev.embedlab.interop.springai;

import dev.embedlab.core.Checks;
import dev.embedlab.core.Embedder;
import dev.embedlab.core.UsageReporting;
import java.util.ArrayList;
import java.util.List;
import org.springframework.ai.document.Document;
import org.springframework.ai.embedding.Embedding;
import org.springframework.ai.embedding.EmbeddingModel;
import org.springframework.ai.embedding.EmbeddingRequest;
import org.springframework.ai.embedding.EmbeddingResponse;
import org.springframework.ai.embedding.EmbeddingResponseMetadata;

/**
 * Any embedlab {@link Embedder} as a Spring AI {@link EmbeddingModel}, for a Spring AI
 * {@code VectorStore}. Spring AI does not tell a model whether it embeds a query or a document, so
 * one instance serves one role: {@link #documents(Embedder)} for ingestion (documents) and
 * {@link #queries(Embedder)} for the model a search path embeds queries with. For a model without
 * prefixes (all-MiniLM) both are the same; for e5 or bge use the right one on each path, or the
 * query vectors will be off. {@link #dimensions()} is the embedder's and never runs it; request
 * options (model name, dimensions) are ignored — the embedder is fixed. Prompt tokens are reported
 * when the embedder counts them ({@link UsageReporting}).
 */
public final class EmbedlabSpringEmbeddingModel implements EmbeddingModel {
  private final Embedder embedder;
  private final Embedder.Role role;

  private EmbedlabSpringEmbeddingModel(Embedder embedder, Embedder.Role role) {
    this.embedder = Checks.notNull("embedder", embedder);
    this.role = role;
  }

  /** Embeds as documents (ingestion). */
  public static EmbedlabSpringEmbeddingModel documents(Embedder embedder) {
    return new EmbedlabSpringEmbeddingModel(embedder, Embedder.Role.DOCUMENT);
  }

  /** Embeds as queries (the search path). */
  public static EmbedlabSpringEmbeddingModel queries(Embedder embedder) {
    return new EmbedlabSpringEmbeddingModel(embedder, Embedder.Role.QUERY);
  }

  /** The role this instance embeds for. */
  public Embedder.Role role() {
    return role;
  }

  @Override
  public EmbeddingResponse call(EmbeddingRequest request) {
    if (request == null || request.getInstructions() == null) {
      throw new IllegalArgumentException("request must hold a list of texts (instructions); request=" + request);
    }
    List<String> texts = request.getInstructions();
    dev.embedlab.core.Embedders.checkTexts(texts, role); // Spring may hand in nulls; refuse them here, naming the index
    long before = UsageReporting.usageOf(embedder).map(UsageReporting.Usage::tokens).orElse(-1L);
    float[][] v = embedder.embed(texts, role);
    List<Embedding> out = new ArrayList<>(v.length);
    for (int i = 0; i < v.length; i++) {
      out.add(new Embedding(v[i], i));
    }
    if (before < 0) {
      return new EmbeddingResponse(out, new EmbeddingResponseMetadata(embedder.id(), null));
    }
    long after = UsageReporting.usageOf(embedder).map(UsageReporting.Usage::tokens).orElse(before);
    int prompt = (int) Math.min(Integer.MAX_VALUE, Math.max(0, after - before));
    return new EmbeddingResponse(out, new EmbeddingResponseMetadata(embedder.id(), new TokenCount(prompt)));
  }

  @Override
  public float[] embed(Document document) {
    if (document == null || document.getText() == null) {
      throw new IllegalArgumentException("document must hold text; document=" + document);
    }
    return embedder.embed(List.of(document.getText()), role)[0];
  }

  @Override
  public int dimensions() {
    return embedder.dimension();
  }

  /** Usage with prompt tokens only. */
  private record TokenCount(int prompt) implements org.springframework.ai.chat.metadata.Usage {
    @Override
    public Integer getPromptTokens() {
      return prompt;
    }

    @Override
    public Integer getCompletionTokens() {
      return 0;
    }

    @Override
    public Object getNativeUsage() {
      return null;
    }
  }
}
