package dev.embedlab.eval.lexical;

import dev.embedlab.core.Checks;
import dev.embedlab.data.Document;
import dev.embedlab.data.Query;
import dev.embedlab.data.Run;
import dev.embedlab.data.ScoredDoc;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.similarities.BM25Similarity;
import org.apache.lucene.store.ByteBuffersDirectory;

/**
 * BM25 retrieval over an in-memory Lucene index ({@link ByteBuffersDirectory}).
 *
 * <p><b>Scoring.</b> Lucene's {@link BM25Similarity}(k1, b) on one field holding
 * {@link Document#titleAndText()} (title and body joined, as Pyserini's BEIR "flat" indexes do):
 * <pre>
 *   score(q, d) = Σ_{t ∈ q} idf(t) · tf(t,d) / (tf(t,d) + k1·(1 − b + b·|d|/avgdl))
 *   idf(t) = ln(1 + (N − df(t) + 0.5) / (df(t) + 0.5))
 * </pre>
 * (Robertson/Spärck Jones; Lucene ≥ 8 omits the constant (k1+1) factor, which does not change the
 * ranking; |d| is Lucene's lossy one-byte norm of the field length). A term repeated in the query
 * counts as often as it occurs (a {@link BoostQuery} with boost = count, the same score as repeated
 * {@code SHOULD} clauses).
 *
 * <p><b>Queries are safe for any text.</b> No query parser: the query text goes through the same
 * analyser as the documents and the resulting terms become {@code SHOULD} {@link TermQuery} clauses,
 * so {@code "AND (foo OR"}, {@code "C++"}, {@code "a:b"} or {@code "*"} can never be a syntax error.
 * A query whose analysis yields no term (empty, only stop words or punctuation) returns no documents.
 * Beyond {@link IndexSearcher#getMaxClauseCount()} distinct terms (1024 by default) only the first
 * that many distinct terms, in query order, are kept.
 *
 * <p><b>Order.</b> Hits are ranked as trec_eval ranks a run: score descending, ties by document id
 * descending ({@link ScoredDoc#TREC_ORDER}); a tie straddling the k-th place is resolved by the same
 * rule (the index fetches every document tied with the k-th score before cutting), so results do not
 * depend on Lucene's internal document order.
 *
 * <p>Instances are thread-safe for searching; {@link #close()} is idempotent and searching after it
 * throws {@code IllegalStateException("<id> is closed")}.
 */
public final class Bm25Index implements dev.embedlab.core.retrieval.Retriever {
  /** Lucene's defaults, also Elasticsearch's (used in the BEIR paper's BM25 column). */
  public static final float DEFAULT_K1 = 1.2f;
  /** Lucene's default b. */
  public static final float DEFAULT_B = 0.75f;

  private static final String BODY = "body";
  private static final String TITLE = "title";
  private static final String ID = "id";

  /**
   * How a document's title and text become Lucene fields (Anserini's BEIR collections).
   */
  public enum Fields {
    /** One field holding {@code title + " " + text} (Anserini {@code BeirFlatCollection}, "flat"). */
    FLAT,
    /**
     * Two fields, text and title, each scored by BM25 with its own length statistics and the two
     * scores summed with weight 1.0 each (Anserini {@code BeirMultifieldCollection} searched with
     * {@code -fields contents=1.0 title=1.0}, "multifield").
     */
    MULTIFIELD
  }

  /**
   * What the index holds, as Anserini prints it after indexing, so that a score difference can be
   * traced to the analyser before the metric.
   *
   * @param documents documents indexed
   * @param nonEmptyDocuments documents with at least one term in the main field
   * @param totalTerms the sum of every term occurrence in the main field (the text field for
   *     {@link Fields#MULTIFIELD}, title and text for {@link Fields#FLAT}), Lucene's
   *     {@code sumTotalTermFreq}
   */
  public record IndexStats(long documents, long nonEmptyDocuments, long totalTerms) {}

  private final LexicalAnalyzer analyzerKind;
  private final Analyzer analyzer;
  private final float k1;
  private final float b;
  private final Fields fields;
  private final boolean excludeQueryId;
  private final ByteBuffersDirectory directory;
  private final DirectoryReader reader;
  private final IndexSearcher searcher;
  private final String[] docIds; // global Lucene doc id -> our id
  private final String id;
  private volatile boolean closed;

  private Bm25Index(Builder builder, List<Document> corpus) throws IOException {
    this.analyzerKind = builder.analyzer;
    this.k1 = builder.k1;
    this.b = builder.b;
    this.fields = builder.fields;
    this.excludeQueryId = builder.excludeQueryId;
    this.id = "bm25(" + analyzerKind.name().toLowerCase(Locale.ROOT) + ",k1=" + k1 + ",b=" + b
        + (fields == Fields.MULTIFIELD ? ",multifield" : "") + (excludeQueryId ? ",removeQuery" : "") + ")";
    this.analyzer = analyzerKind.create();
    this.directory = new ByteBuffersDirectory();
    BM25Similarity similarity = new BM25Similarity(k1, b);
    Set<String> seen = new HashSet<>();
    IndexWriterConfig cfg = new IndexWriterConfig(analyzer).setSimilarity(similarity)
        .setRAMBufferSizeMB(64);
    try (IndexWriter w = new IndexWriter(directory, cfg)) {
      for (int i = 0; i < corpus.size(); i++) {
        Document d = corpus.get(i);
        if (d == null) {
          throw new IllegalArgumentException("corpus[" + i + "] is null");
        }
        if (!seen.add(d.id())) {
          throw new IllegalArgumentException("duplicate document id=" + d.id() + " at corpus[" + i + "]");
        }
        org.apache.lucene.document.Document ld = new org.apache.lucene.document.Document();
        ld.add(new StoredField(ID, d.id()));
        if (fields == Fields.FLAT) {
          ld.add(new TextField(BODY, d.titleAndText(), Field.Store.NO));
        } else {
          ld.add(new TextField(BODY, d.text(), Field.Store.NO));
          ld.add(new TextField(TITLE, d.title(), Field.Store.NO));
        }
        w.addDocument(ld);
      }
      w.commit();
    }
    this.reader = DirectoryReader.open(directory);
    this.searcher = new IndexSearcher(reader);
    searcher.setSimilarity(similarity);
    this.docIds = new String[reader.maxDoc()];
    for (LeafReaderContext leaf : reader.leaves()) {
      StoredFields sf = leaf.reader().storedFields();
      for (int doc = 0; doc < leaf.reader().maxDoc(); doc++) {
        docIds[leaf.docBase + doc] = sf.document(doc).get(ID);
      }
    }
  }

  /** A builder: analyser {@link LexicalAnalyzer#ENGLISH}, k1 = 1.2, b = 0.75, {@link Fields#FLAT}. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Anserini's BEIR BM25 baselines exactly: Lucene's English analyser (standard tokenizer, possessive
   * removal, lower case, Lucene's default English stop words, Porter stemming — Anserini's
   * {@code DefaultEnglishAnalyzer}), BM25 k1 = 0.9, b = 0.4, bag-of-words queries with a term's boost
   * its count in the query, and the document whose id equals the query id removed from the hits
   * ({@code -removeQuery}). With {@link Fields#FLAT} this is the "flat" run, with
   * {@link Fields#MULTIFIELD} the "multifield" run of Anserini's regression files
   * ({@code beir-v1.0.0-<set>.flat.yaml}, {@code .multifield.yaml}).
   */
  public static Builder anseriniBeir(Fields fields) {
    return new Builder().analyzer(LexicalAnalyzer.ENGLISH).k1(0.9f).b(0.4f).fields(fields)
        .excludeQueryIdFromHits(true);
  }

  /** Configures and builds a {@link Bm25Index}. */
  public static final class Builder {
    private LexicalAnalyzer analyzer = LexicalAnalyzer.ENGLISH;
    private float k1 = DEFAULT_K1;
    private float b = DEFAULT_B;
    private Fields fields = Fields.FLAT;
    private boolean excludeQueryId;

    private Builder() {}

    /** How title and text are indexed (default {@link Fields#FLAT}). */
    public Builder fields(Fields fields) {
      this.fields = Checks.notNull("fields", fields);
      return this;
    }

    /**
     * Whether a document whose id equals the query's id is dropped from that query's hits (Anserini's
     * {@code -removeQuery}; BEIR sets where a query is also a document). Applies to searches that
     * know the query id ({@link Bm25Index#search(List, int)} and the {@code Retriever} search).
     */
    public Builder excludeQueryIdFromHits(boolean exclude) {
      this.excludeQueryId = exclude;
      return this;
    }

    /** The analyser for documents and queries. */
    public Builder analyzer(LexicalAnalyzer analyzer) {
      this.analyzer = Checks.notNull("analyzer", analyzer);
      return this;
    }

    /** Term-frequency saturation; finite and ≥ 0 (Lucene's constraint). */
    public Builder k1(float k1) {
      if (!Float.isFinite(k1) || k1 < 0) {
        throw new IllegalArgumentException("k1 must be finite and >= 0; k1=" + k1);
      }
      this.k1 = k1;
      return this;
    }

    /** Length normalisation, in [0, 1]. */
    public Builder b(float b) {
      if (!(b >= 0 && b <= 1)) {
        throw new IllegalArgumentException("b must be in [0, 1]; b=" + b);
      }
      this.b = b;
      return this;
    }

    /**
     * Indexes {@code corpus} (in memory).
     *
     * @throws IllegalArgumentException on a null list or document, or a duplicate id
     */
    public Bm25Index build(List<Document> corpus) {
      Checks.notNull("corpus", corpus);
      try {
        return new Bm25Index(this, corpus);
      } catch (IOException e) {
        throw new UncheckedIOException("building the in-memory BM25 index failed", e);
      }
    }
  }

  /** The analysed terms of {@code text}, in order, repeats kept (what the query will match). */
  public List<String> analyze(String text) {
    checkOpen();
    Checks.notNull("text", text);
    List<String> terms = new ArrayList<>();
    try (TokenStream ts = analyzer.tokenStream(BODY, text)) {
      CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
      ts.reset();
      while (ts.incrementToken()) {
        terms.add(term.toString());
      }
      ts.end();
    } catch (IOException e) {
      throw new UncheckedIOException("analysing query text failed", e);
    }
    return terms;
  }

  /**
   * The top {@code k} documents for one query text, in trec_eval order.
   *
   * @throws IllegalArgumentException if {@code text} is null or {@code k < 1}
   */
  public List<ScoredDoc> search(String text, int k) {
    return search(null, text, k);
  }

  /**
   * The top {@code k} documents for one query, skipping the document whose id is {@code queryId}
   * when this index was built with {@link Builder#excludeQueryIdFromHits(boolean)}.
   */
  private List<ScoredDoc> search(String queryId, String text, int k) {
    checkOpen();
    Checks.atLeast("k", k, 1);
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (String t : analyze(text)) {
      counts.merge(t, 1, Integer::sum);
    }
    if (counts.isEmpty()) {
      return List.of();
    }
    org.apache.lucene.search.Query query;
    if (fields == Fields.FLAT) {
      query = bagOfWords(BODY, counts);
    } else {
      // Anserini: one bag of words per field, each wrapped in its field weight (1.0), summed.
      query = new BooleanQuery.Builder()
          .add(new BoostQuery(bagOfWords(BODY, counts), 1f), BooleanClause.Occur.SHOULD)
          .add(new BoostQuery(bagOfWords(TITLE, counts), 1f), BooleanClause.Occur.SHOULD)
          .build();
    }
    boolean dropSelf = excludeQueryId && queryId != null;
    int want = dropSelf ? k + 1 : k;
    try {
      int n = Math.min(want, Math.max(1, reader.maxDoc()));
      TopDocs top = searcher.search(query, n);
      // Fetch more while the k-th score is tied beyond the cut, so the cut is decided by doc id.
      while (top.scoreDocs.length == n && n < reader.maxDoc()) {
        float kth = top.scoreDocs[Math.min(want, top.scoreDocs.length) - 1].score;
        if (top.scoreDocs[n - 1].score < kth) {
          break;
        }
        n = (int) Math.min((long) n * 2, reader.maxDoc());
        top = searcher.search(query, n);
      }
      List<ScoredDoc> hits = new ArrayList<>(top.scoreDocs.length);
      for (ScoreDoc sd : top.scoreDocs) {
        if (dropSelf && docIds[sd.doc].equals(queryId)) {
          continue;
        }
        hits.add(new ScoredDoc(docIds[sd.doc], sd.score));
      }
      hits.sort(ScoredDoc.TREC_ORDER);
      return hits.size() <= k ? hits : new ArrayList<>(hits.subList(0, k));
    } catch (IOException e) {
      throw new UncheckedIOException("BM25 search failed", e);
    }
  }

  /**
   * Searches every query; the run has one (possibly empty) list per query, in input order.
   *
   * @throws IllegalArgumentException on a null list or query, a duplicate query id, or {@code k < 1}
   */
  public Run search(List<Query> queries, int k) {
    checkOpen();
    Checks.notNull("queries", queries);
    Checks.atLeast("k", k, 1);
    Map<String, List<ScoredDoc>> m = new LinkedHashMap<>();
    for (int i = 0; i < queries.size(); i++) {
      Query q = queries.get(i);
      if (q == null) {
        throw new IllegalArgumentException("queries[" + i + "] is null");
      }
      if (m.containsKey(q.id())) {
        throw new IllegalArgumentException("duplicate query id=" + q.id() + " at queries[" + i + "]");
      }
      m.put(q.id(), search(q.id(), q.text(), k));
    }
    return Run.of(m);
  }

  /**
   * The top {@code k} documents of each query text, as the retrieval seam asks: one
   * {@link dev.embedlab.core.retrieval.Ranking} per query, in the order given.
   *
   * @throws IllegalStateException if the queries carry no texts
   */
  @Override
  public List<dev.embedlab.core.retrieval.Ranking> search(dev.embedlab.core.retrieval.Queries queries, int k) {
    checkOpen();
    dev.embedlab.core.retrieval.Retriever.checkK(k);
    List<String> texts = queries.texts(id);
    List<dev.embedlab.core.retrieval.Ranking> out = new ArrayList<>(queries.size());
    for (int q = 0; q < queries.size(); q++) {
      List<ScoredDoc> hits = search(queries.id(q), texts.get(q), k);
      String[] ids = new String[hits.size()];
      double[] s = new double[hits.size()];
      for (int i = 0; i < ids.length; i++) {
        ids[i] = hits.get(i).docId();
        s[i] = hits.get(i).score();
      }
      out.add(new dev.embedlab.core.retrieval.Ranking(queries.id(q), ids, s));
    }
    return out;
  }

  @Override
  public Description describe() {
    checkOpen();
    long bytes = indexBytes();
    return new Description(id, dev.embedlab.core.retrieval.Similarity.BM25, docIds.length, bytes,
        docIds.length == 0 ? -1 : (double) bytes / docIds.length, -1,
        dev.embedlab.core.retrieval.Provenance.of("bm25", Map.of("analyzer", analyzerKind, "k1", k1, "b", b,
            "fields", fields, "removeQuery", excludeQueryId,
            "lucene", org.apache.lucene.util.Version.LATEST)));
  }

  /** A bag-of-words query on {@code field}: one SHOULD clause per distinct term, boosted by its count. */
  private static org.apache.lucene.search.Query bagOfWords(String field, Map<String, Integer> counts) {
    BooleanQuery.Builder qb = new BooleanQuery.Builder();
    int clauses = 0;
    for (Map.Entry<String, Integer> e : counts.entrySet()) {
      if (clauses++ >= IndexSearcher.getMaxClauseCount()) {
        break;
      }
      TermQuery tq = new TermQuery(new Term(field, e.getKey()));
      qb.add(e.getValue() == 1 ? tq : new BoostQuery(tq, e.getValue()), BooleanClause.Occur.SHOULD);
    }
    return qb.build();
  }

  /** Documents, non-empty documents and total terms of the main field, as Anserini reports them. */
  public IndexStats stats() {
    checkOpen();
    try {
      long nonEmpty = 0;
      for (LeafReaderContext leaf : reader.leaves()) {
        org.apache.lucene.index.NumericDocValues norms = leaf.reader().getNormValues(BODY);
        if (norms != null) {
          while (norms.nextDoc() != org.apache.lucene.search.DocIdSetIterator.NO_MORE_DOCS) {
            if (norms.longValue() != 0) {
              nonEmpty++;
            }
          }
        }
      }
      long total = reader.getSumTotalTermFreq(BODY);
      return new IndexStats(reader.numDocs(), nonEmpty, total);
    } catch (IOException e) {
      throw new UncheckedIOException("reading the statistics of " + id + " failed", e);
    }
  }

  /** How title and text were indexed. */
  public Fields fields() {
    return fields;
  }

  /**
   * Bytes of the in-memory Lucene index (sum of its files' lengths in the
   * {@link ByteBuffersDirectory}); the term dictionary, postings, norms and stored ids.
   */
  public long indexBytes() {
    checkOpen();
    try {
      long sum = 0;
      for (String f : directory.listAll()) {
        sum += directory.fileLength(f);
      }
      return sum;
    } catch (IOException e) {
      throw new UncheckedIOException("measuring " + id + " failed", e);
    }
  }

  /** Number of indexed documents. */
  public int size() {
    return docIds.length;
  }

  /** The analyser. */
  public LexicalAnalyzer analyzer() {
    return analyzerKind;
  }

  /** BM25 k1. */
  public float k1() {
    return k1;
  }

  /** BM25 b. */
  public float b() {
    return b;
  }

  /** {@code bm25(<analyser>,k1=<k1>,b=<b>)}. */
  public String id() {
    return id;
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException(id + " is closed");
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      reader.close();
      directory.close();
    } catch (IOException e) {
      throw new UncheckedIOException("closing " + id + " failed", e);
    } finally {
      analyzer.close();
    }
  }

  @Override
  public String toString() {
    return id + "[" + docIds.length + " docs]";
  }
}
