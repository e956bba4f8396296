package dev.embedlab.eval.search;

import dev.embedlab.core.Checks;

/**
 * The options of an exact top-{@code k} scan that scores queries against documents block by block,
 * taken alike by {@link ExactSearch}'s builder and by the ones that run the same scan elsewhere
 * (Spark's {@code SparkExactSearch}: one query block per broadcast, one document block at a time in a
 * partition): hits per query {@code k} (default {@value ExactSearch#DEFAULT_K}), query rows per block
 * ({@value ExactSearch#DEFAULT_QUERY_BLOCK}), document rows per block
 * ({@value ExactSearch#DEFAULT_DOC_BLOCK}) and BEIR's {@code ignore_identical_ids} (off). One
 * definition, so the defaults and the validation cannot drift apart.
 *
 * @param <B> the concrete builder, returned by the setters for chaining
 */
public abstract class BlockedScanBuilder<B extends BlockedScanBuilder<B>> {
  private int k = ExactSearch.DEFAULT_K;
  private int queryBlockSize = ExactSearch.DEFAULT_QUERY_BLOCK;
  private int docBlockSize = ExactSearch.DEFAULT_DOC_BLOCK;
  private boolean excludeIdenticalIds;

  /** Starts with the defaults (see the class doc). */
  protected BlockedScanBuilder() {}

  /** This builder as its own type: {@code B} is the subclass by the class's declaration. */
  @SuppressWarnings("unchecked")
  private B self() {
    return (B) this;
  }

  /** Hits per query; default 100. */
  public final B k(int k) {
    this.k = Checks.atLeast("k", k, 1);
    return self();
  }

  /** Query rows per block; default 1024. */
  public final B queryBlockSize(int rows) {
    this.queryBlockSize = Checks.atLeast("queryBlockSize", rows, 1);
    return self();
  }

  /** Document rows per block; default 4096. */
  public final B docBlockSize(int rows) {
    this.docBlockSize = Checks.atLeast("docBlockSize", rows, 1);
    return self();
  }

  /** Skip a document whose id equals the query id (BEIR {@code ignore_identical_ids}); default off. */
  public final B excludeIdenticalIds(boolean exclude) {
    this.excludeIdenticalIds = exclude;
    return self();
  }

  /** Hits per query so far. */
  public final int k() {
    return k;
  }

  /** Query rows per block so far. */
  public final int queryBlockSize() {
    return queryBlockSize;
  }

  /** Document rows per block so far. */
  public final int docBlockSize() {
    return docBlockSize;
  }

  /** Whether a document with the query's own id is skipped. */
  public final boolean excludeIdenticalIds() {
    return excludeIdenticalIds;
  }
}
