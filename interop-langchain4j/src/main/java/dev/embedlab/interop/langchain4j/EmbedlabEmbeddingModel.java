package dev.embedlab.interop.langchain4j;

import dev.embedlab.core.Checks;
import dev.embedlab.core.Embedder;
import dev.embedlab.core.UsageReporting;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.request.EmbeddingInput;
import dev.langchain4j.model.embedding.request.EmbeddingInputType;
import dev.langchain4j.model.embedding.request.EmbeddingRequest;
import dev.langchain4j.model.embedding.response.EmbeddingResponse;
import dev.langchain4j.model.output.Response;
import dev.langchain4j.model.output.TokenUsage;
import java.util.ArrayList;
import java.util.List;

/**
 * Any embedlab {@link Embedder} — an ONNX model, a cache, a rule chain, an ensemble, a metered
 * embedder — as a LangChain4j {@link EmbeddingModel}, to drop into an existing LangChain4j or
 * Spring application ({@code EmbeddingStoreIngestor}, {@code EmbeddingStoreContentRetriever}).
 *
 * <p>{@link #embedAll} embeds as documents; {@link #embed(EmbeddingRequest)} maps LangChain4j's
 * {@link EmbeddingInputType#QUERY} to {@link Embedder.Role#QUERY} (documents otherwise), so a model
 * with query prefixes or instructions (e5, bge) gets them right. {@link #dimension()} is the
 * embedder's and never runs it. Token usage is reported when the embedder counts tokens
 * ({@link UsageReporting}; the delta over the call, exact for one caller at a time).
 */
public final class EmbedlabEmbeddingModel implements EmbeddingModel {
  private final Embedder embedder;

  private EmbedlabEmbeddingModel(Embedder embedder) {
    this.embedder = embedder;
  }

  /** Wraps {@code embedder} (not closed by this adapter). */
  public static EmbedlabEmbeddingModel of(Embedder embedder) {
    Checks.notNull("embedder", embedder);
    return new EmbedlabEmbeddingModel(embedder);
  }

  /** The wrapped embedder. */
  public Embedder embedder() {
    return embedder;
  }

  private record Result(List<Embedding> embeddings, TokenUsage usage) {}

  private Result run(List<String> texts, Embedder.Role role) {
    long before = UsageReporting.usageOf(embedder).map(UsageReporting.Usage::tokens).orElse(-1L);
    float[][] v = embedder.embed(texts, role);
    List<Embedding> out = new ArrayList<>(v.length);
    for (float[] f : v) {
      out.add(Embedding.from(f));
    }
    TokenUsage usage = null;
    if (before >= 0) {
      long after = UsageReporting.usageOf(embedder).map(UsageReporting.Usage::tokens).orElse(before);
      usage = new TokenUsage((int) Math.min(Integer.MAX_VALUE, Math.max(0, after - before)));
    }
    return new Result(out, usage);
  }

  @Override
  public Response<List<Embedding>> embedAll(List<TextSegment> segments) {
    Checks.notNull("segments", segments);
    List<String> texts = new ArrayList<>(segments.size());
    for (int i = 0; i < segments.size(); i++) {
      if (segments.get(i) == null) {
        throw new IllegalArgumentException("segments[" + i + "] is null");
      }
      texts.add(segments.get(i).text());
    }
    Result r = run(texts, Embedder.Role.DOCUMENT);
    return r.usage() == null ? Response.from(r.embeddings()) : Response.from(r.embeddings(), r.usage());
  }

  @Override
  public EmbeddingResponse doEmbed(EmbeddingRequest request) {
    List<String> texts = new ArrayList<>();
    for (EmbeddingInput in : request.inputs()) {
      texts.add(in.text());
    }
    EmbeddingInputType type = request.inputType() != null ? request.inputType()
        : request.parameters() == null ? null : request.parameters().inputType();
    Embedder.Role role = type == EmbeddingInputType.QUERY ? Embedder.Role.QUERY : Embedder.Role.DOCUMENT;
    Result r = run(texts, role);
    return EmbeddingResponse.builder().embeddings(r.embeddings()).tokenUsage(r.usage()).modelName(embedder.id()).build();
  }

  /** The input type (query or document), which selects the embedder's role. */
  @Override
  public java.util.Set<dev.langchain4j.model.embedding.request.EmbeddingParameter<?>> supportedParameters() {
    return java.util.Set.of(dev.langchain4j.model.embedding.request.EmbeddingRequestParameters.INPUT_TYPE);
  }

  @Override
  public int dimension() {
    return embedder.dimension();
  }

  @Override
  public String modelName() {
    return embedder.id();
  }
}
