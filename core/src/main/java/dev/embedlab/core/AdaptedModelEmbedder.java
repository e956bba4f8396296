package dev.embedlab.core;

import dev.embedlab.core.retrieval.ProvenanceSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The shared half of an embedder around a model it calls, used by the adapters that make another
 * framework's embedding model (LangChain4j, Spring AI) an embedlab {@link Embedder} and by
 * test-framework's deterministic stand-in model: the id and the dimension fixed at construction
 * ({@link NamedEmbedder}: {@link #dimension()} never runs the model), the per-role prefixes, the fingerprint the caller
 * gave (else {@code unfingerprinted;id=…;dim=…}, which caches warn about), the usage counters and
 * the closed state. A subclass calls the foreign model in {@link #embed}, between
 * {@link #startCall} and {@link #finishCall}, and checks each returned vector with
 * {@link Embedders#checkReturned}.
 */
public abstract class AdaptedModelEmbedder extends NamedEmbedder
    implements Fingerprinted, UsageReporting, ProvenanceSource {
  private final String queryPrefix;
  private final String documentPrefix;
  private final String fingerprint;
  private final UsageCounter counter = new UsageCounter();
  private volatile boolean closed;

  /**
   * @param dimension the model's dimension (given, or asked of the model once by the caller)
   * @param fingerprint what determines the vectors, or null when unknown
   * @throws IllegalArgumentException if the dimension is below 1 (naming the id) or a prefix is null
   */
  protected AdaptedModelEmbedder(String id, int dimension, String queryPrefix, String documentPrefix,
      String fingerprint) {
    super(nonBlank(id), dimension);
    if (queryPrefix == null || documentPrefix == null) {
      throw new IllegalArgumentException("prefixes must not be null (use \"\")");
    }
    this.queryPrefix = queryPrefix;
    this.documentPrefix = documentPrefix;
    this.fingerprint = fingerprint;
  }

  private static String nonBlank(String id) {
    if (id == null || id.isBlank()) {
      throw new IllegalArgumentException("id must not be blank; id=" + id);
    }
    return id;
  }

  /**
   * Checks a call's arguments and that this adapter is open.
   *
   * @return whether there is anything to embed ({@code false} for an empty list)
   * @throws IllegalArgumentException as {@link Embedders#checkTexts}
   * @throws IllegalStateException after {@link #markClosed()}
   */
  protected final boolean startCall(List<String> texts, Role role) {
    Embedders.checkTexts(texts, role);
    if (closed) {
      throw new IllegalStateException(id() + " is closed");
    }
    return !texts.isEmpty();
  }

  /**
   * Checks that the model answered with one vector per text.
   *
   * @param returned how many vectors the model returned, or null when it returned none
   * @throws IllegalStateException naming the counts
   */
  protected final void checkCount(Integer returned, int texts) {
    if (returned == null || returned != texts) {
      throw new IllegalStateException(id() + " returned " + (returned == null ? "null" : returned + " embeddings")
          + " for " + texts + " texts");
    }
  }

  /**
   * Counts one finished call of {@code texts} texts.
   *
   * @param tokens the input tokens the model reported; null or negative counts as not reported (0)
   */
  protected final void finishCall(int texts, Integer tokens) {
    finishCall(texts, tokens == null || tokens < 0 ? 0L : tokens.longValue());
  }

  /**
   * Counts one finished batch of {@code texts} texts and {@code tokens} input tokens, a count the
   * subclass has already checked.
   *
   * @throws IllegalArgumentException if a count is negative
   */
  protected final void finishCall(int texts, long tokens) {
    counter.addBatch(texts, tokens, 0);
  }

  /** The prefix prepended to texts of {@code role}. */
  protected final String prefix(Role role) {
    return role == Role.QUERY ? queryPrefix : documentPrefix;
  }

  /**
   * Marks this adapter closed; later calls throw {@code IllegalStateException("<id> is closed")}.
   *
   * @return whether it was open (so a subclass releases what it owns once)
   */
  protected final synchronized boolean markClosed() {
    boolean wasOpen = !closed;
    closed = true;
    return wasOpen;
  }

  /**
   * The provenance parameters every adapter has: the foreign model's class, id, dimension and
   * prefixes (a subclass adds its own and names the kind).
   */
  protected final Map<String, Object> provenanceParams(Object model) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("class", model.getClass().getName());
    p.put("id", id());
    p.put("dimension", dimension());
    p.put("queryPrefix", queryPrefix);
    p.put("documentPrefix", documentPrefix);
    return p;
  }

  /** Whether {@link #markClosed()} has run (the embedder was closed). */
  public final boolean isClosed() {
    return closed;
  }

  @Override
  public final String fingerprint() {
    return fingerprint != null ? fingerprint : "unfingerprinted;id=" + id() + ";dim=" + dimension();
  }

  /** Texts, batches and the input tokens the model reported (0 when it reports none). */
  @Override
  public final Usage usage() {
    return counter.usage();
  }

  /** Sets the counters to zero; a subclass that counts more overrides this and calls it. */
  @Override
  public void resetUsage() {
    counter.reset();
  }
}
