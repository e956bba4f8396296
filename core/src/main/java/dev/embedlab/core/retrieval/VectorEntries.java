package dev.embedlab.core.retrieval;

import dev.embedlab.core.Checks;
import dev.embedlab.core.VectorUtil;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import java.util.function.DoubleUnaryOperator;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * What an application's in-memory vector store holds (the LangChain4j and Spring AI adapters): id →
 * entry in insertion order, each entry carrying its vector, behind one read-write lock so that
 * searches run concurrently and a change is seen whole or not at all; searched exactly, cosine
 * from {@link VectorUtil#cosine} (accumulated in double) among the entries a filter admits, the
 * best selected by {@link TopK} (ties broken by id as trec_eval does).
 *
 * <p>Vectors are checked by the caller before they are put; this class only keeps and ranks them.
 *
 * @param <E> the stored entry: its vector and whatever the framework keeps with it
 */
public final class VectorEntries<E> {
  private final ReadWriteLock lock = new ReentrantReadWriteLock();
  private final Map<String, E> entries = new LinkedHashMap<>();
  private final Function<? super E, float[]> vectorOf;

  /** One search hit: the entry's id, its score and the entry. */
  public record Match<E>(String id, double score, E entry) {}

  /** An empty map whose entries' vectors {@code vectorOf} reads. */
  public VectorEntries(Function<? super E, float[]> vectorOf) {
    this.vectorOf = Checks.notNull("vectorOf", vectorOf);
  }

  /** The number of entries. */
  public int size() {
    return read(Map::size);
  }

  /** Applies {@code view} to the entries under the read lock; the map must not escape it. */
  public <R> R read(Function<? super Map<String, E>, R> view) {
    lock.readLock().lock();
    try {
      return view.apply(entries);
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Runs {@code change} on the entries under the write lock (puts and removals seen together). */
  public void write(Consumer<? super Map<String, E>> change) {
    lock.writeLock().lock();
    try {
      change.accept(entries);
    } finally {
      lock.writeLock().unlock();
    }
  }

  /**
   * The best {@code k} of the entries {@code admit} accepts for {@code query}, best first, each scored
   * {@code score} applied to its cosine ({@code score} must not decrease: the identity, or
   * LangChain4j's relevance {@code (cosine + 1) / 2}). Runs under the read lock, alone or inside
   * {@link #read}.
   */
  public List<Match<E>> search(float[] query, int k, Predicate<? super E> admit, DoubleUnaryOperator score) {
    return read(map -> {
      List<Map.Entry<String, E>> kept = new ArrayList<>(map.size());
      for (Map.Entry<String, E> e : map.entrySet()) {
        if (admit.test(e.getValue())) {
          kept.add(e);
        }
      }
      String[] ids = new String[kept.size()];
      for (int i = 0; i < ids.length; i++) {
        ids[i] = kept.get(i).getKey();
      }
      TopK top = new TopK(k, ids);
      for (int i = 0; i < ids.length; i++) {
        top.offer(i, score.applyAsDouble(VectorUtil.cosine(query, vectorOf.apply(kept.get(i).getValue()))));
      }
      Ranking r = top.toRanking("query");
      int[] idx = top.indices();
      List<Match<E>> out = new ArrayList<>(r.size());
      for (int i = 0; i < r.size(); i++) {
        out.add(new Match<>(r.docId(i), r.score(i), kept.get(idx[i]).getValue()));
      }
      return out;
    });
  }

  /**
   * An {@link ExactCosineRetriever} over a snapshot of the entries (see
   * {@link ExactCosineRetriever#snapshot}); entries added later are not seen.
   *
   * @param provenance computed from the entries under the same lock
   * @throws IllegalStateException if there are no entries (the message ends with {@code emptyHint})
   */
  public ExactCosineRetriever snapshot(String name, Function<? super Map<String, E>, Provenance> provenance,
      String emptyHint) {
    return read(map -> ExactCosineRetriever.snapshot(name, map, vectorOf, provenance.apply(map), emptyHint));
  }
}
