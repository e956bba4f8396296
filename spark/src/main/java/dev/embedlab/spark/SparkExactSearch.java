package dev.embedlab.spark;

import dev.embedlab.core.VectorUtil;
import dev.embedlab.core.retrieval.ExactScan;
import dev.embedlab.core.retrieval.Ranking;
import dev.embedlab.core.retrieval.Similarity;
import dev.embedlab.core.retrieval.TopK;
import dev.embedlab.eval.search.BlockedScanBuilder;
import dev.embedlab.eval.search.ExactSearch;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;

/**
 * Exact top-k inner-product search of many queries over a corpus of vectors held by Spark.
 *
 * <p><b>Method.</b> Queries go to the executors in blocks of {@link Builder#queryBlockSize(int)}
 * (one broadcast per block). Each partition scores its documents against the block, in sub-blocks of
 * {@link Builder#docBlockSize(int)} rows, by core's one exact kernel ({@link ExactScan}), and keeps
 * each query's best {@code k} with core's {@link TopK} (trec_eval order: score descending, ties by document id descending by code point).
 * The partitions' lists are merged per query by a tree reduce that keeps the best {@code k} of two
 * lists in the same order. Because that order is a total order on distinct ids, the top {@code k} of
 * the union of local top-{@code k}s is the global top {@code k}, whatever the partitioning.
 *
 * <p><b>Scores.</b> Each score is {@link ExactScan}'s dot product, equal to
 * {@link VectorUtil#dotUnchecked(float[], float[])}: the kernel of {@code ExactSearch}'s pure-Java backend ({@code ScoreBackend.JAVA}), with the same summation order,
 * so scores are bit-identical to it and the runs are equal (ids, order and scores). Against
 * {@code ExactSearch}'s BLAS backend (its default for large problems) scores may differ in the
 * last bits, and two documents within an ulp of each other may swap.
 *
 * <p><b>Cost.</b> Per query block one pass over the corpus; the corpus should be persisted (this
 * class persists its own id/vector view for the duration of a call). Driver memory is
 * {@code O(|Q|·k)}; executor memory per task {@code O(queryBlock·(k + dim) + docBlock·dim)}.
 */
public final class SparkExactSearch {
  /** Default queries per broadcast block ({@link ExactSearch}'s query block). */
  public static final int DEFAULT_QUERY_BLOCK = ExactSearch.DEFAULT_QUERY_BLOCK;
  /** Default documents scored at a time in a partition ({@link ExactSearch}'s document block). */
  public static final int DEFAULT_DOC_BLOCK = ExactSearch.DEFAULT_DOC_BLOCK;

  private final int k;
  private final int queryBlockSize;
  private final int docBlockSize;
  private final boolean excludeIdenticalIds;
  private final boolean checkDistinctIds;

  private SparkExactSearch(Builder b) {
    this.k = b.k();
    this.queryBlockSize = b.queryBlockSize();
    this.docBlockSize = b.docBlockSize();
    this.excludeIdenticalIds = b.excludeIdenticalIds();
    this.checkDistinctIds = b.checkDistinctIds;
  }

  /** Defaults: k=100, query blocks of 1024, document blocks of 4096, distinct ids checked. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Searches every query against every document of {@code docs}.
   *
   * @param docs columns {@code id} (string) and {@code vector} ({@code array<float>}), e.g. the
   *     output of {@link SparkEmbedJob}
   * @param queryIds distinct query ids
   * @param queries query vectors, one per id, all of one dimension
   * @return one ranking per query, in query order, {@code min(k, |D|)} hits each (one fewer when the
   *     query's own id is excluded)
   * @throws IllegalArgumentException on mismatched lengths, duplicate query or document ids, null or
   *     non-finite vectors, or a document whose dimension differs from the queries' (naming it)
   */
  public List<Ranking> search(Dataset<Row> docs, String[] queryIds, float[][] queries) {
    int dim = validateQueries(queryIds, queries);
    int idCol = docs.schema().fieldIndex("id");
    int vecCol = docs.schema().fieldIndex("vector");
    if (checkDistinctIds) {
      List<Row> dup = docs.groupBy("id").count().filter("count > 1").limit(3).collectAsList();
      if (!dup.isEmpty()) {
        throw new IllegalArgumentException("document ids must be distinct; duplicate id \"" + dup.get(0).get(0)
            + "\" appears " + dup.get(0).getLong(1) + " times");
      }
    }
    JavaRDD<Doc> corpus = docs.javaRDD().map(r -> {
      if (r.isNullAt(idCol) || r.isNullAt(vecCol)) {
        throw new IllegalArgumentException("document " + (r.isNullAt(idCol) ? "with a null id" : r.getString(idCol))
            + " has a null id or vector");
      }
      return new Doc(r.getString(idCol), SparkEmbedJob.vector(r, vecCol));
    }).persist(StorageLevel.MEMORY_AND_DISK());
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(docs.sparkSession().sparkContext());
    List<Ranking> out = new ArrayList<>(queryIds.length);
    try {
      for (int start = 0; start < queryIds.length; start += queryBlockSize) {
        int end = Math.min(queryIds.length, start + queryBlockSize);
        String[] bIds = java.util.Arrays.copyOfRange(queryIds, start, end);
        float[][] bVecs = java.util.Arrays.copyOfRange(queries, start, end);
        Broadcast<Block> block = jsc.broadcast(new Block(bIds, bVecs));
        try {
          Hits[] merged = corpus.getNumPartitions() == 0 ? null
              : corpus.mapPartitions(new LocalTopK(block, k, dim, docBlockSize, excludeIdenticalIds))
                  .treeReduce(new MergeAll(k, bIds));
          for (int q = 0; q < bIds.length; q++) {
            Hits h = merged == null ? Hits.EMPTY : merged[q];
            out.add(new Ranking(bIds[q], h.ids, h.scores));
          }
        } finally {
          block.destroy();
        }
      }
    } finally {
      corpus.unpersist(false);
    }
    return out;
  }

  private static int validateQueries(String[] queryIds, float[][] queries) {
    if (queryIds == null || queries == null) {
      throw new IllegalArgumentException("queryIds and queries must not be null");
    }
    if (queryIds.length != queries.length) {
      throw new IllegalArgumentException("queries and queryIds must have the same length; "
          + queries.length + "!=" + queryIds.length);
    }
    Set<String> seen = new HashSet<>();
    int dim = -1;
    for (int q = 0; q < queries.length; q++) {
      if (queryIds[q] == null) {
        throw new IllegalArgumentException("queryIds[" + q + "] is null");
      }
      if (!seen.add(queryIds[q])) {
        throw new IllegalArgumentException("queryIds must be distinct; duplicate id \"" + queryIds[q] + "\" at index " + q);
      }
      float[] v = queries[q];
      if (v == null) {
        throw new IllegalArgumentException("queries[" + q + "] is null");
      }
      if (dim < 0) {
        dim = v.length;
      } else if (v.length != dim) {
        throw new IllegalArgumentException("vector dimensions differ: queries[" + q + "] has " + v.length
            + "; expected " + dim);
      }
      for (int j = 0; j < v.length; j++) {
        if (!Float.isFinite(v[j])) {
          throw new IllegalArgumentException("queries[" + q + "][" + j + "] must be finite; value=" + v[j]);
        }
      }
    }
    return dim;
  }

  /** One document: id and vector. */
  record Doc(String id, float[] vector) implements Serializable {}

  /** A broadcast block of queries. */
  record Block(String[] ids, float[][] vectors) implements Serializable {}

  /** One query's best hits so far, best first in trec_eval order. */
  static final class Hits implements Serializable {
    private static final long serialVersionUID = 1L;
    static final Hits EMPTY = new Hits(new String[0], new double[0]);
    final String[] ids;
    final double[] scores;

    Hits(String[] ids, double[] scores) {
      this.ids = ids;
      this.scores = scores;
    }

    /** The best {@code k} of two disjoint best-first lists, in trec_eval order. */
    static Hits merge(Hits a, Hits b, int k, String queryId) {
      int n = Math.min(k, a.ids.length + b.ids.length);
      String[] ids = new String[n];
      double[] s = new double[n];
      int i = 0;
      int j = 0;
      for (int r = 0; r < n; r++) {
        boolean takeA;
        if (i >= a.ids.length) {
          takeA = false;
        } else if (j >= b.ids.length) {
          takeA = true;
        } else {
          int c = Ranking.compare(a.ids[i], a.scores[i], b.ids[j], b.scores[j]);
          if (c == 0) {
            throw new IllegalArgumentException("document ids must be distinct; document " + a.ids[i]
                + " was found twice for query " + queryId);
          }
          takeA = c < 0;
        }
        if (takeA) {
          ids[r] = a.ids[i];
          s[r] = a.scores[i++];
        } else {
          ids[r] = b.ids[j];
          s[r] = b.scores[j++];
        }
      }
      return new Hits(ids, s);
    }
  }

  /** Scores a partition's documents against the broadcast block; one {@code Hits[]} per partition. */
  private static final class LocalTopK implements org.apache.spark.api.java.function.FlatMapFunction<Iterator<Doc>, Hits[]> {
    private static final long serialVersionUID = 1L;
    private final Broadcast<Block> block;
    private final int k;
    private final int dim;
    private final int docBlock;
    private final boolean exclude;

    LocalTopK(Broadcast<Block> block, int k, int dim, int docBlock, boolean exclude) {
      this.block = block;
      this.k = k;
      this.dim = dim;
      this.docBlock = docBlock;
      this.exclude = exclude;
    }

    @Override
    public Iterator<Hits[]> call(Iterator<Doc> docs) {
      Block b = block.value();
      int nq = b.ids().length;
      Hits[] best = new Hits[nq];
      java.util.Arrays.fill(best, Hits.EMPTY);
      List<Doc> buf = new ArrayList<>(docBlock);
      while (docs.hasNext()) {
        buf.clear();
        while (buf.size() < docBlock && docs.hasNext()) {
          Doc d = docs.next();
          if (d.vector().length != dim) {
            throw new IllegalArgumentException("vector dimensions differ: document " + d.id() + " has "
                + d.vector().length + "; queries have " + dim);
          }
          buf.add(d);
        }
        String[] ids = new String[buf.size()];
        float[][] vecs = new float[buf.size()][];
        for (int i = 0; i < ids.length; i++) {
          ids[i] = buf.get(i).id();
          vecs[i] = buf.get(i).vector();
        }
        int[] skip = null;
        if (exclude) {
          java.util.Map<String, Integer> pos = new java.util.HashMap<>(ids.length * 2);
          for (int j = 0; j < ids.length; j++) {
            pos.put(ids[j], j);
          }
          skip = new int[nq];
          for (int q = 0; q < nq; q++) {
            skip[q] = pos.getOrDefault(b.ids()[q], -1);
          }
        }
        // the library's one exact kernel: scores equal ExactSearch's Java kernel bit for bit
        List<Ranking> local = ExactScan.search(b.vectors(), b.ids(), ExactScan.RowSource.of(vecs), ids, dim, k,
            Similarity.DOT_PRODUCT, ExactScan.DEFAULT_BLOCK_ROWS, skip);
        for (int q = 0; q < nq; q++) {
          Ranking r = local.get(q);
          best[q] = Hits.merge(best[q], new Hits(r.docIds().toArray(new String[0]), r.scores()), k, b.ids()[q]);
        }
      }
      List<Hits[]> one = new ArrayList<>(1);
      one.add(best);
      return one.iterator();
    }
  }

  /** Merges two partitions' per-query lists. */
  private static final class MergeAll implements org.apache.spark.api.java.function.Function2<Hits[], Hits[], Hits[]> {
    private static final long serialVersionUID = 1L;
    private final int k;
    private final String[] queryIds;

    MergeAll(int k, String[] queryIds) {
      this.k = k;
      this.queryIds = queryIds;
    }

    @Override
    public Hits[] call(Hits[] a, Hits[] b) {
      Hits[] out = new Hits[a.length];
      for (int q = 0; q < a.length; q++) {
        out[q] = Hits.merge(a[q], b[q], k, queryIds[q]);
      }
      return out;
    }
  }

  /**
   * Configures a {@link SparkExactSearch}: {@link ExactSearch}'s scan options ({@link BlockedScanBuilder}:
   * {@code k}, queries per broadcast block, documents scored at a time in a partition, identical ids)
   * and the up-front id check.
   */
  public static final class Builder extends BlockedScanBuilder<Builder> {
    private boolean checkDistinctIds = true;

    private Builder() {}

    /**
     * Check up front (one aggregation job) that document ids are distinct, as {@code ExactSearch}
     * does; default on. Off, a duplicate is caught only when both copies reach one query's top k.
     */
    public Builder checkDistinctIds(boolean b) {
      this.checkDistinctIds = b;
      return this;
    }

    /** The search. */
    public SparkExactSearch build() {
      return new SparkExactSearch(this);
    }
  }
}
