package dev.embedlab.examples.monitoring;

import dev.embedlab.core.retrieval.Queries;
import dev.embedlab.core.retrieval.Ranking;
import dev.embedlab.core.retrieval.Retriever;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/** A live retriever whose implementation can be swapped (a deployment, a config change). */
public final class SwitchableRetriever implements Retriever {
  private final AtomicReference<Retriever> current;

  /** Starts with {@code initial}. */
  public SwitchableRetriever(Retriever initial) {
    this.current = new AtomicReference<>(java.util.Objects.requireNonNull(initial, "initial"));
  }

  /** Routes later searches to {@code next}; returns the previous one (not closed). */
  public Retriever swap(Retriever next) {
    return current.getAndSet(java.util.Objects.requireNonNull(next, "next"));
  }

  @Override
  public List<Ranking> search(Queries queries, int k) {
    return current.get().search(queries, k);
  }

  @Override
  public Description describe() {
    return current.get().describe();
  }
}
